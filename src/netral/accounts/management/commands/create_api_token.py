"""Create an API token for a user; the clear token is printed once and never stored."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from netral.accounts import authz
from netral.accounts.api_auth import may_use_api
from netral.accounts.models import User
from netral.accounts.roles import Perm
from netral.accounts.services import api_token_create


class Command(BaseCommand):
    help = "Buat token API untuk integrasi."

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("username")
        parser.add_argument("--name", default="")

    def handle(self, *args, **opts):  # type: ignore[no-untyped-def]
        user = User.objects.filter(username=opts["username"], is_active=True).first()
        if user is None:
            raise CommandError(f"Pengguna {opts['username']!r} tidak ditemukan atau tidak aktif.")
        if not may_use_api(user):
            raise CommandError("Peran pengguna ini tidak diizinkan memakai API.")
        _token, clear = api_token_create(user=user, name=opts["name"], actor=None)
        self.stdout.write(clear)
        if not authz.has_perm(user, Perm.API_USE):
            self.stderr.write(
                "Token ini hanya untuk membaca (peran pengguna: akses API baca saja)."
            )
        self.stderr.write("Simpan token ini sekarang; token tidak dapat ditampilkan lagi.")
