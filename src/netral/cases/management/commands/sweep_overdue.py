"""Run the overdue sweep now (the daily task runs it by itself; this is for operators)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from netral.cases import services


class Command(BaseCommand):
    help = "Mark overdue case stages, notify and escalate (idempotent)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--today", help="YYYY-MM-DD (default: today)")
        parser.add_argument("--batch", type=int, default=services.SWEEP_BATCH)

    def handle(self, *args: Any, **opts: Any) -> None:
        today = dt.date.fromisoformat(opts["today"]) if opts["today"] else None
        marked = services.sweep_overdue(today=today, batch=opts["batch"])
        self.stdout.write(f"{marked} stages marked overdue")
