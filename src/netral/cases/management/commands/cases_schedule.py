"""Make sure the daily overdue sweep is queued (run by bin/serve before the worker)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from netral.cases import tasks


class Command(BaseCommand):
    help = "Enqueue the next daily overdue sweep unless one is already waiting."

    def handle(self, *args: Any, **opts: Any) -> None:
        if tasks.schedule_next():
            self.stdout.write(f"Daily sweep queued for {tasks.next_sweep_at():%Y-%m-%d %H:%M}")
        else:
            self.stdout.write("Daily sweep already queued")
