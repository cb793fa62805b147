"""Identifier validation for NIP and NIK (shared/domain.md §1 "Identifiers").

NIP (18 digits): birth date YYYYMMDD + appointment (TMT CPNS) YYYYMM + gender 1/2 +
sequence NNN. PPPK numbers (NI PPPK) share the length but their appointment part is
the year followed by a code, so a month value > 12 is accepted for PPPK (domain.md
says **verify**; we accept both forms).
NIK (16 digits): region code (6) + birth date DDMMYY (women: day + 40) + sequence (4).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

# Province codes in the Kemendagri scheme (11 Aceh … 96 Papua Barat Daya).
_PROVINCE_MIN, _PROVINCE_MAX = 11, 96


def _date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def nip_errors(
    nip: str, *, jenis_pegawai: str | None = None, today: dt.date | None = None
) -> list[str]:
    """Return the reasons (Indonesian, translatable) why ``nip`` is invalid; empty if valid."""
    today = today or dt.date.today()  # noqa: DTZ011 (calendar date, not an instant)
    if len(nip) != 18 or not nip.isdigit():
        return [_("NIP harus 18 digit angka.")]
    errors = []
    birth = _date(int(nip[0:4]), int(nip[4:6]), int(nip[6:8]))
    if birth is None:
        errors.append(_("Tanggal lahir pada NIP (digit 1–8) tidak valid."))
    elif not (today.year - 80 <= birth.year <= today.year - 15):
        errors.append(_("Tahun lahir pada NIP (digit 1–4) tidak masuk akal."))
    tmt_year, tmt_month = int(nip[8:12]), int(nip[12:14])
    is_pppk = jenis_pegawai == "PPPK"
    if not (1 <= tmt_month <= 12) and not (is_pppk and tmt_month > 0):
        errors.append(_("Bulan pengangkatan pada NIP (digit 13–14) tidak valid."))
    if birth is not None and not (birth.year + 15 <= tmt_year <= today.year + 1):
        errors.append(
            _("Tahun pengangkatan pada NIP (digit 9–12) tidak sesuai dengan tanggal lahir.")
        )
    if nip[14] not in "12":
        errors.append(_("Digit jenis kelamin pada NIP (digit 15) harus 1 atau 2."))
    if nip[15:18] == "000":
        errors.append(_("Nomor urut pada NIP (digit 16–18) tidak boleh 000."))
    return errors


def nik_errors(nik: str) -> list[str]:
    """Return the reasons why ``nik`` is invalid; empty if valid."""
    if len(nik) != 16 or not nik.isdigit():
        return [_("NIK harus 16 digit angka.")]
    errors = []
    if not (_PROVINCE_MIN <= int(nik[0:2]) <= _PROVINCE_MAX):
        errors.append(_("Kode provinsi pada NIK (digit 1–2) tidak dikenal."))
    day, month, year2 = int(nik[6:8]), int(nik[8:10]), int(nik[10:12])
    if day > 40:  # women: day + 40
        day -= 40
    # Two-digit year: both centuries are possible; accept if either gives a real date.
    if _date(2000 + year2, month, day) is None and _date(1900 + year2, month, day) is None:
        errors.append(_("Tanggal lahir pada NIK (digit 7–12) tidak valid."))
    if nik[12:16] == "0000":
        errors.append(_("Nomor urut pada NIK (digit 13–16) tidak boleh 0000."))
    return errors


def nip_gender(nip: str) -> str:
    return "L" if nip[14] == "1" else "P"


def validate_nip(value: str) -> None:
    if errors := nip_errors(value, jenis_pegawai="PPPK"):
        raise ValidationError(errors)


def validate_nik(value: str) -> None:
    if errors := nik_errors(value):
        raise ValidationError(errors)


# Social-media handles per platform (issue 11 item 13): the platforms' own username rules
# (letters, digits and the punctuation each allows; lengths), checked on the stored,
# lower-case form without "@".
HANDLE_RULES: dict[str, tuple[str, int, int, Any]] = {
    # platform: (allowed characters, min, max, how to say it)
    "instagram": ("a-z0-9._", 1, 30, _lazy("huruf, angka, titik dan garis bawah")),
    "threads": ("a-z0-9._", 1, 30, _lazy("huruf, angka, titik dan garis bawah")),
    "x": ("a-z0-9_", 1, 15, _lazy("huruf, angka dan garis bawah")),
    "tiktok": ("a-z0-9._", 2, 24, _lazy("huruf, angka, titik dan garis bawah")),
    "facebook": ("a-z0-9.", 5, 50, _lazy("huruf, angka dan titik")),
    "youtube": ("a-z0-9._-", 3, 30, _lazy("huruf, angka, titik, garis bawah dan tanda hubung")),
    "lainnya": ("a-z0-9._-", 1, 100, _lazy("huruf, angka, titik, garis bawah dan tanda hubung")),
}


def handle_error(platform: str, handle: str) -> str | None:
    """Why ``handle`` cannot be a ``platform`` username, or None."""
    import re

    rule = HANDLE_RULES.get(platform)
    if rule is None:
        return _("Platform tidak dikenal.")
    chars, low, high, words = rule
    if not re.fullmatch(f"[{chars}]{{{low},{high}}}", handle):
        return _(
            "Nama akun %(platform)s hanya boleh berisi %(words)s, %(low)d–%(high)d karakter."
        ) % {"platform": platform, "words": words, "low": low, "high": high}
    return None
