from django.urls import path

from netral.cases import api

urlpatterns = [
    path("cases", api.CaseListApi.as_view(), name="cases_list"),
    path("cases/<uuid:public_id>", api.CaseDetailApi.as_view(), name="cases_detail"),
    path(
        "cases/<uuid:public_id>/transitions",
        api.CaseTransitionApi.as_view(),
        name="cases_transition",
    ),
]
