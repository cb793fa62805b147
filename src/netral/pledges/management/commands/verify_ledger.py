"""Re-check the pledge signature ledger; exits non-zero naming the first bad entry."""

from __future__ import annotations

import os
import time

from django.core.management.base import BaseCommand, CommandError

from netral.pledges import ledger


class Command(BaseCommand):
    help = "Periksa ulang setiap hash, tautan rantai dan tanda tangan buku besar pakta."

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument(
            "--full",
            action="store_true",
            help="Verifikasi tanda tangan Ed25519 setiap entri satu per satu (lebih lambat).",
        )
        parser.add_argument(
            "--workers",
            type=int,
            default=os.cpu_count() or 1,
            help="Jumlah proses untuk verifikasi tanda tangan dengan --full.",
        )

    def handle(self, *args, **opts):  # type: ignore[no-untyped-def]
        t0 = time.perf_counter()
        report = ledger.verify(full=opts["full"], workers=opts["workers"])
        seconds = time.perf_counter() - t0
        if report.problem is not None:
            raise CommandError(
                f"Buku besar RUSAK pada entri #{report.problem.seq}: {report.problem.reason} "
                f"({report.checked} entri sebelumnya valid)."
            )
        rate = report.checked / seconds if seconds else 0
        self.stdout.write(
            f"Buku besar utuh: {report.checked} entri, {report.signatures_checked} tanda tangan "
            f"diverifikasi, {seconds:.2f} s ({rate:,.0f} entri/s)."
        )
