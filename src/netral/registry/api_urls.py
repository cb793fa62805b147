from django.urls import path

from netral.registry import api

urlpatterns = [
    path("pegawai", api.PegawaiListApi.as_view(), name="pegawai_list"),
    path("pegawai/<int:pk>", api.PegawaiDetailApi.as_view(), name="pegawai_detail"),
]
