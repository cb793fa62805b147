"""``manage.py analytics_rebuild``: rebuild every rollup now, printing progress."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand

from netral.analytics import rollups


class Command(BaseCommand):
    help = "Bangun ulang seluruh tabel ringkasan dasbor dan statistik."

    def handle(self, *args: Any, **options: Any) -> None:
        t0 = time.perf_counter()

        def progress(done: int, total: int) -> None:
            if options["verbosity"] > 1 or done == total:
                self.stdout.write(f"{done}/{total}")

        result = rollups.rebuild_all(progress)
        self.stdout.write(f"{result} in {time.perf_counter() - t0:.1f} s")
