"""The API routes; views load on first use (core.lazy_views: fast start)."""

from django.urls import path

from netral.core.lazy_views import lazy_view

urlpatterns = [
    path("pegawai", lazy_view("netral.registry.api.PegawaiListApi"), name="pegawai_list"),
    path(
        "pegawai/<int:pk>", lazy_view("netral.registry.api.PegawaiDetailApi"), name="pegawai_detail"
    ),
]
