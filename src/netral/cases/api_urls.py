"""The API routes; views load on first use (core.lazy_views: fast start)."""

from django.urls import path

from netral.core.lazy_views import lazy_view

urlpatterns = [
    path("cases", lazy_view("netral.cases.api.CaseListApi"), name="cases_list"),
    path(
        "cases/<uuid:public_id>", lazy_view("netral.cases.api.CaseDetailApi"), name="cases_detail"
    ),
    path(
        "cases/<uuid:public_id>/transitions",
        lazy_view("netral.cases.api.CaseTransitionApi"),
        name="cases_transition",
    ),
]
