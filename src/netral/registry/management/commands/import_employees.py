"""``manage.py import_employees FILE --instansi CODE [--dry-run] [--as-user NAME]``.

Imports an employee roster (CSV or XLSX) with the same code as the browser flow
(``registry.importing.roster_import``): all or nothing, error report in Indonesian with
spreadsheet row numbers, progress on stderr, exit status 1 when the file is rejected.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError, CommandParser

from netral.registry.importing import roster_import
from netral.registry.models import Instansi

_PHASES = {
    "validate": "Memeriksa baris",
    "check": "Memeriksa terhadap basis data",
    "write": "Menyimpan",
}


class Command(BaseCommand):
    help = "Impor daftar pegawai dari berkas CSV atau XLSX (semua atau tidak sama sekali)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--instansi", required=True, help="Kode instansi, mis. 21.02.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Hanya periksa; tidak ada yang disimpan."
        )
        parser.add_argument(
            "--no-bulk",
            action="store_true",
            help="PostgreSQL: jangan bangun ulang indeks (tabel pegawai tetap bisa dibaca).",
        )
        parser.add_argument(
            "--as-user",
            default="",
            help="Terapkan kewenangan pengguna ini (default: operator, tanpa batas lingkup).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"Berkas {path} tidak ditemukan.")
        try:
            instansi = Instansi.objects.get(kode=options["instansi"])
        except Instansi.DoesNotExist:
            raise CommandError(f"Instansi dengan kode {options['instansi']} tidak ada.") from None
        actor = None
        if options["as_user"]:
            from django.contrib.auth import get_user_model

            actor = get_user_model().objects.filter(username=options["as_user"]).first()
            if actor is None:
                raise CommandError(f"Pengguna {options['as_user']} tidak ada.")
        started = time.monotonic()
        try:
            result = roster_import(
                path=path,
                instansi=instansi,
                actor=actor,
                apply=not options["dry_run"],
                progress=self._progress,
                bulk=False if options["no_bulk"] else None,
            )
        except PermissionDenied as exc:
            raise CommandError(str(exc)) from None
        elapsed = time.monotonic() - started
        if not result.ok:
            for e in result.errors:
                self.stdout.write(f"Baris {e['row']}, kolom {e['column'] or '-'}: {e['reason']}")
            if result.truncated:
                self.stdout.write(
                    f"… dan {result.error_total - len(result.errors)} kesalahan lain tidak ditampilkan."
                )
            raise CommandError(
                f"Impor ditolak: {result.error_total} kesalahan pada {result.bad_rows} baris. "
                "Tidak ada data yang disimpan.",
                returncode=1,
            )
        verb = "Akan" if options["dry_run"] else "Selesai:"
        self.stdout.write(
            f"{verb} {result.created} pegawai baru, {result.updated} diperbarui, "
            f"{result.unchanged} tidak berubah, {result.units_created} unit kerja baru "
            f"({result.rows} baris, {elapsed:.1f} detik)."
        )
        if options["dry_run"]:
            self.stdout.write("Uji coba (--dry-run): tidak ada yang disimpan.")

    def _progress(self, phase: str, done: int, total: int) -> None:
        label = _PHASES.get(phase, phase)
        pct = f" ({done * 100 // total}%)" if total else ""
        sys.stderr.write(f"{label}: {done}/{total}{pct}\n")
        sys.stderr.flush()
