"""Sign a checkpoint of every ledger log that grew, and make sure the periodic
checkpoint task is queued (run by bin/serve before the worker)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from netral.pledges import ledger, tasks


class Command(BaseCommand):
    help = "Tandatangani checkpoint setiap log buku besar yang bertambah; jadwalkan berikutnya."

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument(
            "--no-schedule", action="store_true", help="Jangan antrekan tugas berkala."
        )

    def handle(self, *args: Any, **opts: Any) -> None:
        made = ledger.checkpoints_make_all()
        self.stdout.write(f"{made} checkpoint baru ditandatangani.")
        if not opts["no_schedule"]:
            if tasks.schedule_checkpoints():
                self.stdout.write("Tugas checkpoint berkala diantrekan.")
            else:
                self.stdout.write("Tugas checkpoint berkala sudah menunggu.")
