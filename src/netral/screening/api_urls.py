"""The API routes; views load on first use (core.lazy_views: fast start)."""

from django.urls import path

from netral.core.lazy_views import lazy_view

urlpatterns = [
    path(
        "screening/elections",
        lazy_view("netral.screening.api.ElectionsApi"),
        name="screening_elections",
    ),
    path("screening/uploads", lazy_view("netral.screening.api.UploadApi"), name="screening_upload"),
    path(
        "screening/uploads/<int:pk>",
        lazy_view("netral.screening.api.UploadStatusApi"),
        name="screening_upload_status",
    ),
    path("screening/flags", lazy_view("netral.screening.api.FlagListApi"), name="screening_flags"),
    path(
        "screening/flags/dismiss",
        lazy_view("netral.screening.api.FlagDismissApi"),
        name="screening_flags_dismiss",
    ),
    path(
        "screening/flags/<int:pk>",
        lazy_view("netral.screening.api.FlagDetailApi"),
        name="screening_flag",
    ),
    path(
        "screening/flags/<int:pk>/confirm",
        lazy_view("netral.screening.api.FlagConfirmApi"),
        name="screening_flag_confirm",
    ),
]
