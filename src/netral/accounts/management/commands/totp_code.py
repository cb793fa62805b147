"""Print a user's current TOTP code (for operators and the demo; needs server access)."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django_otp.oath import totp

from netral.accounts.models import User
from netral.accounts.services import totp_confirmed_device


class Command(BaseCommand):
    help = "Tampilkan kode TOTP saat ini untuk seorang pengguna."
    # No system checks: they import every URLconf and view (and the screening models),
    # seconds of start-up for a six-digit answer (issue 11 item 17: under two seconds).
    requires_system_checks: list[str] = []

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("username")

    def handle(self, *args, **opts):  # type: ignore[no-untyped-def]
        user = User.objects.filter(username=opts["username"]).first()
        device = totp_confirmed_device(user) if user else None
        if device is None:
            raise CommandError("Pengguna tidak ditemukan atau belum mendaftarkan 2FA.")
        code = totp(
            device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=device.drift
        )
        self.stdout.write(f"{code:0{device.digits}d}")
