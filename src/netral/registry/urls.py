from django.urls import path

from netral.registry import import_views, views

app_name = "registry"
urlpatterns = [
    # Browsing (registry/views.py).
    path("pegawai/", views.pegawai_list, name="pegawai_list"),
    path("pegawai/<int:pk>/", views.pegawai_detail, name="pegawai_detail"),
    path("pegawai/<int:pk>/ubah/", views.pegawai_edit, name="pegawai_edit"),
    path("saya/medsos/", views.medsos_mine, name="medsos_mine"),
    path("saya/medsos/<int:pk>/hapus/", views.medsos_remove, name="medsos_remove"),
    path("saya/", views.pegawai_self, name="pegawai_self"),
    path("unit/", views.unit_tree, name="unit_tree"),
    # Roster import (registry/import_views.py).
    path("impor/", import_views.import_start, name="import_start"),
    path("impor/templat.csv", import_views.import_template, name="import_template"),
    path("impor/<int:pk>/", import_views.import_detail, name="import_detail"),
    path("impor/<int:pk>/kemajuan/", import_views.import_progress, name="import_progress"),
    path("impor/<int:pk>/simpan/", import_views.import_confirm, name="import_confirm"),
]
