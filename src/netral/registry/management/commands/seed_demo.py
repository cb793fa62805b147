"""Build the demo: Provinsi Kepulauan Riau, its agencies, employees, accounts and each
app's demo records (every installed app's ``demo.py``, found by ``core.demo_runner``).
Deterministic for a given ``--seed``; runs once (skips when present)."""

from __future__ import annotations

import random

from django.core.management.base import BaseCommand
from django.db import transaction

from netral.core.demo_runner import run_demo
from netral.registry.demo import DemoContext
from netral.registry.models import Instansi


class Command(BaseCommand):
    help = "Isi data demo (Provinsi Kepulauan Riau) sekali saja."

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("--seed", type=int, default=2024)
        parser.add_argument(
            "--accounts-only",
            action="store_true",
            help="Hanya tampilkan tabel akun demo (dipakai bin/serve setelah server siap).",
        )

    def handle(self, *args, **opts):  # type: ignore[no-untyped-def]
        from netral.accounts.demo import DEMO_PASSWORD

        if opts["accounts_only"]:
            self._print_accounts(opts["seed"], DEMO_PASSWORD)
            return
        if Instansi.objects.filter(kode="21.02").exists():
            self.stdout.write("Data demo sudah ada; tidak diisi ulang.")
            self._print_accounts(opts["seed"], DEMO_PASSWORD)
            return
        ctx = DemoContext(rng=random.Random(opts["seed"]), seed=opts["seed"])  # noqa: S311
        with transaction.atomic():
            run_demo(ctx, log=self.stdout.write)
        self.stdout.write(self.style.SUCCESS("Data demo selesai dibuat."))
        self._print_accounts(opts["seed"], DEMO_PASSWORD)
        for line in ctx.extra.get("notes", []):
            self.stdout.write(line)

    def _print_accounts(self, seed: int, password: str) -> None:
        import base64

        from netral.accounts import authz
        from netral.accounts.demo import demo_totp_key
        from netral.accounts.models import User
        from netral.accounts.services import totp_confirmed_device

        self.stdout.write(f"\nAkun demo (kata sandi semua akun: {password}):")
        self.stdout.write(f"  {'pengguna':<22} {'peran':<46} rahasia TOTP (aplikasi autentikator)")
        for user in User.objects.filter(role_assignments__isnull=False).distinct().order_by("id"):
            roles = ", ".join(sorted(a.get_role_display() for a in authz.assignments(user)))
            secret = "-"
            if totp_confirmed_device(user):
                secret = base64.b32encode(demo_totp_key(seed, user.username)).decode().rstrip("=")
            elif authz.requires_two_factor(user):
                secret = "(daftar 2FA saat masuk pertama)"
            self.stdout.write(f"  {user.username:<22} {roles[:46]:<46} {secret}")
        self.stdout.write(
            f"Kode TOTP saat ini juga bisa dilihat dengan: {_interpreter()} manage.py totp_code "
            "NAMA_PENGGUNA\n"
        )


def _interpreter() -> str:
    """The interpreter running this command, as the user should type it (``.venv/bin/python``
    from the repository root), not a bare ``python`` that may be another version."""
    import os
    import sys

    exe = sys.executable
    try:
        rel = os.path.relpath(exe)
    except ValueError:
        return exe
    return rel if not rel.startswith("..") else exe
