"""``manage.py analytics_refresh``: rebuild the partitions changed since the last run
(idempotent; schedule it every minute)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from netral.analytics import rollups


class Command(BaseCommand):
    help = "Perbarui tabel ringkasan yang datanya berubah."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(str(rollups.refresh()))
