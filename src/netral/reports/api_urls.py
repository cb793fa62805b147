"""The API routes; views load on first use (core.lazy_views: fast start)."""

from django.urls import path

from netral.core.lazy_views import lazy_view

urlpatterns = [
    path("reports", lazy_view("netral.reports.api.ReportSubmitApi"), name="reports_submit"),
    path("reports/status", lazy_view("netral.reports.api.ReportStatusApi"), name="reports_status"),
]
