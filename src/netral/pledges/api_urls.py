from django.urls import path

from netral.pledges import api

urlpatterns = [
    path("verify/<str:code>", api.VerifyApi.as_view(), name="pledges-verify"),
    path("ledger", api.LedgerApi.as_view(), name="pledges-ledger"),
    path("ledger/checkpoints", api.LedgerCheckpointsApi.as_view(), name="pledges-checkpoints"),
    path("ledger/consistency", api.LedgerConsistencyApi.as_view(), name="pledges-consistency"),
    path("ledger/inclusion", api.LedgerInclusionApi.as_view(), name="pledges-inclusion"),
]
