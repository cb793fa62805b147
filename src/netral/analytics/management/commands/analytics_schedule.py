"""Make sure the rollup refresh and the monthly leaders' reports are queued (run by
bin/serve before the worker starts)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from netral.analytics import tasks


class Command(BaseCommand):
    help = "Antrekan pembaruan ringkasan dan laporan bulanan pimpinan bila belum ada."

    def handle(self, *args: Any, **opts: Any) -> None:
        refresh = tasks.schedule_refresh()
        reports = tasks.schedule_reports()
        self.stdout.write(
            f"refresh: {'queued' if refresh else 'already queued'}; "
            f"leaders' reports: {'queued for ' + f'{tasks.next_reports_at():%Y-%m-%d %H:%M}' if reports else 'already queued'}"
        )
