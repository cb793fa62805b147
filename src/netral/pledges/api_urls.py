from django.urls import path

from netral.pledges import api

urlpatterns = [
    path("verify/<str:code>", api.VerifyApi.as_view(), name="pledges-verify"),
]
