"""Home-page cards for registry browsing (core.nav), registered from ``RegistryConfig.ready``."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from netral.accounts import authz
from netral.accounts.roles import Perm
from netral.core import nav
from netral.registry import selectors


def _has_own_record(user: Any) -> bool:
    return bool(getattr(user, "pegawai_id", None)) and authz.has_perm(user, Perm.REGISTRY_VIEW)


def register_browse_cards() -> None:
    nav.register_card(
        nav.Card(
            key="registry.pegawai",
            title=_("Registri pegawai"),
            description=_("Cari pegawai berdasarkan NIP, NIK atau nama, lalu lihat datanya."),
            url_name="registry:pegawai_list",
            visible=selectors.can_browse_registry,
            order=10,
        )
    )
    nav.register_card(
        nav.Card(
            key="registry.unit",
            title=_("Unit kerja"),
            description=_("Lihat susunan unit kerja beserta jumlah pegawainya."),
            url_name="registry:unit_tree",
            visible=selectors.can_browse_registry,
            order=11,
        )
    )
    nav.register_card(
        nav.Card(
            key="registry.saya",
            title=_("Data kepegawaian saya"),
            description=_("Periksa data diri, jabatan dan akun media sosial yang tercatat."),
            url_name="registry:pegawai_self",
            visible=_has_own_record,
            order=5,
        )
    )
