"""Open every stage whose date has come or whose threshold is reached (run from cron;
idempotent)."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from netral.pledges import workflow


class Command(BaseCommand):
    help = "Buka tahap ikrar yang sudah jatuh tempo atau mencapai ambang."

    def handle(self, *args, **opts):  # type: ignore[no-untyped-def]
        opened = workflow.sweep()
        self.stdout.write(f"{opened} tahap dibuka.")
