from django.urls import include, path
from drf_spectacular.views import SpectacularJSONAPIView

from netral.analytics import api as analytics_api
from netral.api import registry
from netral.reports import api_views as report_api

app_name = "api"
urlpatterns = [
    path("openapi.json", SpectacularJSONAPIView.as_view(permission_classes=[]), name="openapi"),
    path("pledges/", include("netral.pledges.api_urls")),
    path("reports", report_api.ReportSubmitApi.as_view(), name="reports_submit"),
    path("reports/status", report_api.ReportStatusApi.as_view(), name="reports_status"),
    path("stats", analytics_api.StatsApi.as_view(), name="stats"),
    # Registry (api/registry.py).
    path("pegawai", registry.PegawaiListApi.as_view(), name="pegawai_list"),
    path("pegawai/<int:pk>", registry.PegawaiDetailApi.as_view(), name="pegawai_detail"),
]
