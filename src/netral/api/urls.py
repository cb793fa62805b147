"""The API's URL includes: each app owns its ``api.py`` and ``api_urls.py`` (issue 8);
names stay in the ``api`` namespace (``api:pegawai_list``)."""

from functools import cache
from typing import Any

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.urls import include, path
from django.views.decorators.csrf import csrf_exempt


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
    path("", include("netral.reports.api_urls")),
    path("", include("netral.analytics.api_urls")),
    path("", include("netral.registry.api_urls")),
    path("", include("netral.screening.api_urls")),
    path("", include("netral.cases.api_urls")),
]
