"""``manage.py analytics_leader_reports [--month YYYY-MM] [--send]``: build the leaders'
monthly reports now (default: the month that just ended)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from netral.analytics import reports_pdf


class Command(BaseCommand):
    help = "Bangun laporan bulanan pimpinan (per instansi dan per provinsi)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--month", default="", help="YYYY-MM (bawaan: bulan lalu)")
        parser.add_argument("--send", action="store_true", help="kirim ke pelanggan")

    def handle(self, *args: Any, **opts: Any) -> None:
        raw = opts["month"]
        try:
            month = (
                dt.date(int(raw[:4]), int(raw[5:7]), 1)
                if raw
                else reports_pdf.previous_month(timezone.localdate())
            )
        except ValueError as exc:
            raise CommandError("Bulan harus berbentuk YYYY-MM, misalnya 2024-02.") from exc
        built = reports_pdf.build_month(month)
        sent = sum(reports_pdf.send(r) for r in built) if opts["send"] else 0
        self.stdout.write(f"{len(built)} laporan {month:%Y-%m}; {sent} surel")
