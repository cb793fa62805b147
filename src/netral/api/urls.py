from functools import cache
from typing import Any

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.urls import include, path
from django.views.decorators.csrf import csrf_exempt

from netral.analytics import api as analytics_api
from netral.api import registry
from netral.cases import api as cases_api
from netral.reports import api_views as report_api
from netral.screening import api as screening_api


@cache
def _openapi_view() -> Any:
    # drf-spectacular's generator loads on the first schema request, not at start-up.
    from drf_spectacular.views import SpectacularJSONAPIView

    from netral.api import schema  # noqa: F401  (registers the auth-scheme extensions)

    return SpectacularJSONAPIView.as_view(permission_classes=[])


@csrf_exempt
@login_not_required
def openapi(request: HttpRequest) -> HttpResponse:
    """The OpenAPI schema, public by design (clients generate code from it)."""
    response: HttpResponse = _openapi_view()(request)
    return response


app_name = "api"
urlpatterns = [
    path("openapi.json", openapi, name="openapi"),
    path("pledges/", include("netral.pledges.api_urls")),
    path("reports", report_api.ReportSubmitApi.as_view(), name="reports_submit"),
    path("reports/status", report_api.ReportStatusApi.as_view(), name="reports_status"),
    path("stats", analytics_api.StatsApi.as_view(), name="stats"),
    # Registry (api/registry.py).
    path("pegawai", registry.PegawaiListApi.as_view(), name="pegawai_list"),
    path("pegawai/<int:pk>", registry.PegawaiDetailApi.as_view(), name="pegawai_detail"),
    # Social-media screening (screening/api.py).
    path("screening/elections", screening_api.ElectionsApi.as_view(), name="screening_elections"),
    path("screening/uploads", screening_api.UploadApi.as_view(), name="screening_upload"),
    path(
        "screening/uploads/<int:pk>",
        screening_api.UploadStatusApi.as_view(),
        name="screening_upload_status",
    ),
    path("screening/flags", screening_api.FlagListApi.as_view(), name="screening_flags"),
    path(
        "screening/flags/dismiss",
        screening_api.FlagDismissApi.as_view(),
        name="screening_flags_dismiss",
    ),
    path("screening/flags/<int:pk>", screening_api.FlagDetailApi.as_view(), name="screening_flag"),
    path(
        "screening/flags/<int:pk>/confirm",
        screening_api.FlagConfirmApi.as_view(),
        name="screening_flag_confirm",
    ),
    # Cases (cases/api.py).
    path("cases", cases_api.CaseListApi.as_view(), name="cases_list"),
    path("cases/<uuid:public_id>", cases_api.CaseDetailApi.as_view(), name="cases_detail"),
    path(
        "cases/<uuid:public_id>/transitions",
        cases_api.CaseTransitionApi.as_view(),
        name="cases_transition",
    ),
]
