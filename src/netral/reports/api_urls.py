from django.urls import path

from netral.reports import api

urlpatterns = [
    path("reports", api.ReportSubmitApi.as_view(), name="reports_submit"),
    path("reports/status", api.ReportStatusApi.as_view(), name="reports_status"),
]
