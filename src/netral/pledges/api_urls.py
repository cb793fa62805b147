"""The API routes; views load on first use (core.lazy_views: fast start)."""

from django.urls import path

from netral.core.lazy_views import lazy_view

urlpatterns = [
    path("verify/<str:code>", lazy_view("netral.pledges.api.VerifyApi"), name="pledges-verify"),
    path("ledger", lazy_view("netral.pledges.api.LedgerApi"), name="pledges-ledger"),
    path(
        "ledger/checkpoints",
        lazy_view("netral.pledges.api.LedgerCheckpointsApi"),
        name="pledges-checkpoints",
    ),
    path(
        "ledger/consistency",
        lazy_view("netral.pledges.api.LedgerConsistencyApi"),
        name="pledges-consistency",
    ),
    path(
        "ledger/inclusion",
        lazy_view("netral.pledges.api.LedgerInclusionApi"),
        name="pledges-inclusion",
    ),
]
