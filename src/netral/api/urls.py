from django.urls import path
from drf_spectacular.views import SpectacularJSONAPIView

from netral.api import registry

app_name = "api"
urlpatterns = [
    path("openapi.json", SpectacularJSONAPIView.as_view(permission_classes=[]), name="openapi"),
    # Registry (api/registry.py).
    path("pegawai", registry.PegawaiListApi.as_view(), name="pegawai_list"),
    path("pegawai/<int:pk>", registry.PegawaiDetailApi.as_view(), name="pegawai_detail"),
]
