from django.urls import path

from netral.screening import api

urlpatterns = [
    path("screening/elections", api.ElectionsApi.as_view(), name="screening_elections"),
    path("screening/uploads", api.UploadApi.as_view(), name="screening_upload"),
    path(
        "screening/uploads/<int:pk>",
        api.UploadStatusApi.as_view(),
        name="screening_upload_status",
    ),
    path("screening/flags", api.FlagListApi.as_view(), name="screening_flags"),
    path(
        "screening/flags/dismiss",
        api.FlagDismissApi.as_view(),
        name="screening_flags_dismiss",
    ),
    path("screening/flags/<int:pk>", api.FlagDetailApi.as_view(), name="screening_flag"),
    path(
        "screening/flags/<int:pk>/confirm",
        api.FlagConfirmApi.as_view(),
        name="screening_flag_confirm",
    ),
]
