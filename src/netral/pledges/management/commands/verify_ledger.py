"""Re-check the pledge signature ledger; exits non-zero naming the first bad entry.

Every agency's Merkle log (each leaf and node hash, each checkpoint's Ed25519 signature
and root, truncation against every checkpoint: those in the database and any
``--published`` file kept elsewhere, e.g. saved from the verification page, the
Bawaslu recap or the API), then the legacy format-1 chain, then every signature row
against its entry.
"""

from __future__ import annotations

import os
import time

from django.core.management.base import BaseCommand, CommandError

from netral.pledges import ledger


def read_published(paths: list[str]) -> list[str]:
    """Signed notes from files: one checkpoint, or several separated by a line of
    ``---`` (the API's and the page's export)."""
    notes: list[str] = []
    for path in paths:
        with open(path, encoding="utf-8") as fh:
            text = fh.read()
        notes += [part.strip("\n") + "\n" for part in text.split("\n---\n") if part.strip()]
    return notes


class Command(BaseCommand):
    help = "Periksa ulang setiap hash, bukti, checkpoint dan tanda tangan buku besar pakta."

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        # Default: every hash, link and Ed25519 signature (issue #3 asks for all of them).
        parser.add_argument(
            "--full",
            action="store_true",
            help="Verifikasi tanda tangan Ed25519 setiap entri format lama (bawaan).",
        )
        parser.add_argument(
            "--checkpoints",
            action="store_true",
            help=(
                "Lebih cepat untuk entri format lama: tanda tangan hanya pada titik periksa "
                "(setiap tanda tangan menjamin semua entri sebelumnya melalui prev_hash)."
            ),
        )
        parser.add_argument(
            "--workers",
            type=int,
            default=os.cpu_count() or 1,
            help="Jumlah proses untuk verifikasi.",
        )
        parser.add_argument(
            "--published",
            action="append",
            default=[],
            metavar="BERKAS",
            help="Checkpoint yang dipublikasikan (disimpan di luar basis data).",
        )

    def handle(self, *args, **opts):  # type: ignore[no-untyped-def]
        t0 = time.perf_counter()
        report = ledger.verify(
            full=not opts["checkpoints"],
            workers=opts["workers"],
            published=read_published(opts["published"]),
        )
        seconds = time.perf_counter() - t0
        if report.problem is not None:
            others = "".join(f"\n  - {p.describe()}" for p in report.problems[1:])
            raise CommandError(
                f"Buku besar RUSAK pada {report.problem.describe()} "
                f"({report.checked} entri diperiksa).{others}"
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
        merkle_rate = report.checked / report.seconds_merkle if report.seconds_merkle else 0
        self.stdout.write(
            f"Buku besar utuh: {report.checked} entri dalam {report.logs} log, "
            f"{report.checkpoints_checked} checkpoint diverifikasi, "
            f"{report.signatures_checked} tanda tangan entri lama diverifikasi, "
            f"setiap catatan tanda tangan dicocokkan, {seconds:.2f} s ({rate:,.0f} entri/s; "
            f"pohon Merkle {merkle_rate:,.0f} entri/s)."
        )
