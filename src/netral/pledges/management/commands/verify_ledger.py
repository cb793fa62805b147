"""Re-check the pledge signature ledger; exits non-zero naming the first bad entry."""

from __future__ import annotations

import os
import time

from django.core.management.base import BaseCommand, CommandError

from netral.pledges import ledger


class Command(BaseCommand):
    help = "Periksa ulang setiap hash, tautan rantai dan tanda tangan buku besar pakta."

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        # Default: every hash, link and Ed25519 signature (issue #3 asks for all of them).
        parser.add_argument(
            "--full",
            action="store_true",
            help="Verifikasi tanda tangan Ed25519 setiap entri (bawaan).",
        )
        parser.add_argument(
            "--checkpoints",
            action="store_true",
            help=(
                "Lebih cepat: setiap hash dan tautan, tanda tangan hanya pada titik periksa "
                "(setiap tanda tangan menjamin semua entri sebelumnya melalui prev_hash)."
            ),
        )
        parser.add_argument(
            "--workers",
            type=int,
            default=os.cpu_count() or 1,
            help="Jumlah proses untuk verifikasi tanda tangan.",
        )

    def handle(self, *args, **opts):  # type: ignore[no-untyped-def]
        t0 = time.perf_counter()
        report = ledger.verify(full=not opts["checkpoints"], workers=opts["workers"])
        seconds = time.perf_counter() - t0
        if report.problem is not None:
            raise CommandError(
                f"Buku besar RUSAK pada entri #{report.problem.seq}: {report.problem.reason} "
                f"({report.checked} entri sebelumnya valid)."
            )
        # The rows pages show must say what was signed (issue 9: a forged name on a
        # signature row left the chain intact).
        mismatch = ledger.cross_check_signatures()
        if mismatch is not None:
            raise CommandError(
                f"Catatan tanda tangan tidak cocok dengan buku besar pada entri "
                f"#{mismatch.seq}: {mismatch.reason}."
            )
        seconds = time.perf_counter() - t0
        rate = report.checked / seconds if seconds else 0
        self.stdout.write(
            f"Buku besar utuh: {report.checked} entri, {report.signatures_checked} tanda tangan "
            f"diverifikasi, setiap catatan tanda tangan dicocokkan, {seconds:.2f} s ({rate:,.0f} entri/s)."
        )
