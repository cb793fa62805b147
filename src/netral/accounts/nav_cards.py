"""Home-page cards of the accounts app (core.nav), registered from ``AccountsConfig.ready``."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from netral.accounts import authz
from netral.accounts.roles import Perm
from netral.core import nav


def _is_superuser(user: Any) -> bool:
    return bool(getattr(user, "is_superuser", False) and user.is_active)


def register_account_cards() -> None:
    nav.register_card(
        nav.Card(
            key="accounts.audit",
            title=_("Log audit"),
            description=_("Telusuri siapa melakukan apa dan kapan dalam lingkup Anda."),
            url_name="accounts:audit_list",
            visible=lambda user: authz.has_perm(user, Perm.AUDIT_VIEW),
            order=80,
        )
    )
    nav.register_card(
        nav.Card(
            key="accounts.admin",
            title=_("Administrasi sistem"),
            description=_("Kelola instansi, unit kerja, pegawai, pengguna dan peran."),
            url_name="admin:index",
            visible=_is_superuser,
            order=90,
        )
    )
