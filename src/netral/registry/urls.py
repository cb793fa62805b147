from django.urls import path

from netral.registry import views

app_name = "registry"
urlpatterns = [
    # Browsing (registry/views.py).
    path("pegawai/", views.pegawai_list, name="pegawai_list"),
    path("pegawai/<int:pk>/", views.pegawai_detail, name="pegawai_detail"),
    path("saya/", views.pegawai_self, name="pegawai_self"),
    path("unit/", views.unit_tree, name="unit_tree"),
]
