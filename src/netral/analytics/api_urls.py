"""The API routes; views load on first use (core.lazy_views: fast start)."""

from django.urls import path

from netral.core.lazy_views import lazy_view

urlpatterns = [
    path("stats", lazy_view("netral.analytics.api.StatsApi"), name="stats"),
]
