from django.urls import path

from netral.screening import views

app_name = "screening"
urlpatterns = [
    path("", views.queue, name="queue"),
    path("unggah/", views.upload, name="upload"),
    path("pekerjaan/<int:pk>/", views.job, name="job"),
    path("pekerjaan/<int:pk>/kemajuan/", views.job_progress, name="job_progress"),
    path("tolak/", views.dismiss, name="dismiss"),
    path("unggahan/<int:pk>/", views.post_detail, name="post"),
    path("unggahan/<int:pk>/konfirmasi/", views.confirm, name="confirm"),
    path("leksikon/", views.elections, name="elections"),
    path("leksikon/<int:pk>/", views.election_edit, name="election"),
    path("contoh/<str:name>", views.sample, name="sample"),
]
