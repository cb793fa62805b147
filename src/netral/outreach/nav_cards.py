"""Home-page cards of the outreach app (core.nav), registered from ``OutreachConfig.ready``."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from netral.accounts import authz
from netral.accounts.roles import Perm
from netral.core import nav


def _employee(user: Any) -> bool:
    return authz.has_perm(user, Perm.OUTREACH_RECEIVE) and bool(getattr(user, "pegawai_id", None))


def _staff(user: Any) -> bool:
    return authz.has_perm(user, Perm.OUTREACH_PROGRESS) or authz.has_perm(
        user, Perm.OUTREACH_MANAGE
    )


def register_outreach_cards() -> None:
    nav.register_card(
        nav.Card(
            key="outreach.mine",
            title=_("Edaran dan sosialisasi netralitas"),
            description=_(
                "Baca surat edaran atau instruksi tentang netralitas ASN, tandai telah "
                "membaca, dan lihat kegiatan sosialisasi yang mengundang Anda."
            ),
            url_name="outreach:mine",
            visible=_employee,
            order=11,
        )
    )
    nav.register_card(
        nav.Card(
            key="outreach.circulars",
            title=_("Edaran netralitas"),
            description=_(
                "Terbitkan surat edaran atau instruksi, lalu pantau siapa yang sudah dan "
                "belum membacanya per unit kerja."
            ),
            url_name="outreach:circulars",
            visible=_staff,
            order=21,
        )
    )
    nav.register_card(
        nav.Card(
            key="outreach.events",
            title=_("Kegiatan sosialisasi"),
            description=_(
                "Jadwalkan sosialisasi, pendidikan politik dan apel; catat kehadiran dengan "
                "kode QR, NIP atau daftar, lalu cetak daftar hadir."
            ),
            url_name="outreach:events",
            visible=_staff,
            order=22,
        )
    )
    nav.register_card(
        nav.Card(
            key="outreach.reach",
            title=_("Jangkauan pembinaan per unit"),
            description=_(
                "Bagian pegawai tiap unit yang membaca edaran, hadir sosialisasi, "
                "menandatangani pakta, dan yang belum terjangkau sama sekali."
            ),
            url_name="outreach:reach",
            visible=lambda user: authz.has_perm(user, Perm.OUTREACH_PROGRESS),
            order=23,
        )
    )
