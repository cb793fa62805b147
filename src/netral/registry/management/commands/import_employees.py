"""``manage.py import_employees FILE --instansi CODE [--dry-run] [--create-units] [--as-user NAME]``.

Imports an employee roster (CSV or XLSX) with the same code as the browser flow
(``registry.importing.roster_import``): all or nothing, error report in Indonesian with
spreadsheet row numbers, progress on stderr, exit status 1 when the file is rejected.

Like the web import (issue 11 item 11), units are created only once the operator
confirmed them: a roster that would create units is stopped before anything is written,
the units are listed with the existing unit each one may misspell, and the operator
confirms with ``ya`` at the prompt (on a terminal) or runs it again with
``--create-units``; otherwise the command ends with exit status 3. The import then
creates exactly the units listed, or nothing (all or nothing). ``--dry-run`` lists them too.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError, CommandParser

from netral.registry.importing import roster_import
from netral.registry.importing.result import ImportResult
from netral.registry.models import Instansi

# Exit status when new units wait for the operator's confirmation (1: file rejected).
EXIT_UNITS_NOT_CONFIRMED = 3

_PHASES = {
    "validate": "Memeriksa baris",
    "check": "Memeriksa terhadap basis data",
    "write": "Menyimpan",
}


class Command(BaseCommand):
    help = "Impor daftar pegawai dari berkas CSV atau XLSX (semua atau tidak sama sekali)."
    # ``stdin`` lets tests answer the prompt: call_command(..., stdin=StringIO("ya\n")).
    stealth_options = ("stdin",)

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--instansi", required=True, help="Kode instansi, mis. 21.02.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Hanya periksa; tidak ada yang disimpan."
        )
        parser.add_argument(
            "--create-units",
            action="store_true",
            help="Setujui pembuatan unit kerja baru yang tercantum pada pratinjau.",
        )
        parser.add_argument(
            "--no-input",
            action="store_true",
            help="Jangan bertanya; tanpa --create-units, unit kerja baru menghentikan impor.",
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
        run: dict[str, Any] = {
            "path": path,
            "instansi": instansi,
            "actor": actor,
            "progress": self._progress,
            "bulk": False if options["no_bulk"] else None,
        }
        try:
            if options["dry_run"]:
                preview = roster_import(apply=False, **run)
                self._check(preview)
                self._list_new_units(preview.units_new, preview.units_created)
                self._summary("Akan", preview, time.monotonic() - started)
                self.stdout.write("Uji coba (--dry-run): tidak ada yang disimpan.")
                return
            # One pass when no unit is new; with new units it stops before writing.
            confirmed: dict[str, Any] | None = {"units_created": 0}
            if options["create_units"]:
                confirmed = None
            result = roster_import(apply=True, units_expected=confirmed, **run)
            if result.units_unconfirmed and result.error_total == 1:
                pending = result.units_unconfirmed
                self._list_new_units(result.units_new, pending)
                self._confirm_units(pending, options)
                confirmed = {"units_created": pending, "units_new": result.units_new}
                result = roster_import(apply=True, units_expected=confirmed, **run)
        except PermissionDenied as exc:
            raise CommandError(str(exc)) from None
        self._check(result)
        if options["create_units"]:
            self._list_new_units(result.units_new, result.units_created, done=True)
        self._summary("Selesai:", result, time.monotonic() - started)

    def _check(self, result: ImportResult) -> None:
        """Print every bad row and stop (exit 1) when the file was rejected."""
        if result.ok:
            for warning in result.warnings:
                self.stdout.write(f"Peringatan: {warning}")
            return
        for e in result.errors:
            where = f"Baris {e['row']}" if e["row"] else "Berkas"
            self.stdout.write(f"{where}, kolom {e['column'] or '-'}: {e['reason']}")
        if result.truncated:
            self.stdout.write(
                f"… dan {result.error_total - len(result.errors)} kesalahan lain tidak ditampilkan."
            )
        raise CommandError(
            f"Impor ditolak: {result.error_total} kesalahan pada {result.bad_rows} baris. "
            "Tidak ada data yang disimpan.",
            returncode=1,
        )

    def _list_new_units(self, units: list[dict[str, str]], total: int, done: bool = False) -> None:
        if not total:
            return
        verb = "dibuat" if done else "akan dibuat"
        self.stdout.write(f"Unit kerja baru yang {verb} ({total}):")
        for unit in units:
            hint = f"  (mirip unit yang ada: {unit['suggestion']}; salah ketik?)"
            self.stdout.write(f"  - {unit['name']}{hint if unit.get('suggestion') else ''}")
        if (more := total - len(units)) > 0:
            self.stdout.write(f"  … dan {more} unit lain.")

    def _confirm_units(self, n: int, options: dict[str, Any]) -> None:
        """Ask on a terminal; elsewhere (cron, a pipe) stop with exit status 3."""
        stdin = options.get("stdin") or sys.stdin
        if not options["no_input"] and stdin.isatty():
            self.stdout.write(f"Buat {n} unit kerja baru ini dan lanjutkan impor? Ketik 'ya': ")
            self.stdout.flush()
            if stdin.readline().strip().casefold() in {"ya", "y"}:
                return
            raise CommandError(
                "Impor dibatalkan. Tidak ada data yang disimpan.",
                returncode=EXIT_UNITS_NOT_CONFIRMED,
            )
        raise CommandError(
            f"Impor dihentikan: {n} unit kerja baru perlu dikonfirmasi. Periksa daftar di "
            "atas (perbaiki salah ketik pada berkas), lalu jalankan lagi dengan "
            "--create-units. Tidak ada data yang disimpan.",
            returncode=EXIT_UNITS_NOT_CONFIRMED,
        )

    def _summary(self, verb: str, result: ImportResult, elapsed: float) -> None:
        self.stdout.write(
            f"{verb} {result.created} pegawai baru, {result.updated} diperbarui, "
            f"{result.unchanged} tidak berubah, {result.units_created} unit kerja baru "
            f"({result.rows} baris, {elapsed:.1f} detik)."
        )

    def _progress(self, phase: str, done: int, total: int) -> None:
        label = _PHASES.get(phase, phase)
        pct = f" ({done * 100 // total}%)" if total else ""
        sys.stderr.write(f"{label}: {done}/{total}{pct}\n")
        sys.stderr.flush()
