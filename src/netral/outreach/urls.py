from django.urls import path

from netral.outreach import views

app_name = "outreach"
urlpatterns = [
    path("", views.mine, name="mine"),
    path("edaran/<int:pk>/", views.circular_read, name="circular_read"),
    path("edaran/<int:pk>/berkas.pdf", views.circular_file, name="circular_file"),
    path("kelola/edaran/", views.circulars, name="circulars"),
    path("kelola/edaran/baru/", views.circular_create, name="circular_create"),
    path("kelola/edaran/<int:pk>/", views.circular_detail, name="circular"),
    path(
        "kelola/edaran/<int:pk>/status/<str:name>/",
        views.circular_transition,
        name="circular_transition",
    ),
    path("kelola/edaran/<int:pk>/belum-membaca/", views.circular_pending, name="circular_pending"),
    path("kelola/edaran/<int:pk>/pengingat/", views.circular_remind, name="circular_remind"),
]
