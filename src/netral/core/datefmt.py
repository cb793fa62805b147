"""Dates in Indonesian, written once (issue 8): ``3 Desember 2026``, the weekday, the month
in Roman numerals (letter numbers), numbers and dates in words (minutes, *berita acara*).

Fixed Indonesian names, independent of the active language: receipts, letters and the
public statistics print Indonesian whatever the reader's interface language. UI text that
follows the reader's language uses Django's ``date`` filter instead.
"""

from __future__ import annotations

import datetime as dt

MONTHS = (
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
)
DAYS = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")
ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")
_ONES = (
    "",
    "satu",
    "dua",
    "tiga",
    "empat",
    "lima",
    "enam",
    "tujuh",
    "delapan",
    "sembilan",
    "sepuluh",
    "sebelas",
)


def tanggal(d: dt.date) -> str:
    """``3 Desember 2026`` (fixed month names: independent of the active language)."""
    return f"{d.day} {MONTHS[d.month - 1]} {d.year}"


def hari(d: dt.date) -> str:
    return DAYS[d.weekday()]


def bulan_romawi(d: dt.date) -> str:
    """The month in Roman numerals, as letter numbers carry it (``XII``)."""
    return ROMAN[d.month - 1]


def terbilang(n: int) -> str:
    """A non-negative integer in Indonesian words: 2026 → ``dua ribu dua puluh enam``.

    Rules of Indonesian numerals: 10 *sepuluh*, 11 *sebelas*, 12–19 *… belas*, 100
    *seratus*, 1000 *seribu*; above that *ribu*, *juta*, *miliar* groups."""
    if n < 0:
        raise ValueError("terbilang: negative number")
    if n == 0:
        return "nol"
    if n < 12:
        return _ONES[n]
    if n < 20:
        return f"{_ONES[n - 10]} belas"
    if n < 100:
        tens, rest = divmod(n, 10)
        return f"{_ONES[tens]} puluh" + (f" {_ONES[rest]}" if rest else "")
    if n < 200:
        return "seratus" + (f" {terbilang(n - 100)}" if n > 100 else "")
    if n < 1000:
        hundreds, rest = divmod(n, 100)
        return f"{_ONES[hundreds]} ratus" + (f" {terbilang(rest)}" if rest else "")
    if n < 2000:
        return "seribu" + (f" {terbilang(n - 1000)}" if n > 1000 else "")
    for size, word in ((10**9, "miliar"), (10**6, "juta"), (10**3, "ribu")):
        if n >= size:
            high, rest = divmod(n, size)
            return f"{terbilang(high)} {word}" + (f" {terbilang(rest)}" if rest else "")
    raise AssertionError("unreachable")


def tanggal_terbilang(d: dt.date) -> str:
    """The opening of minutes: ``hari Kamis tanggal tiga bulan Desember tahun dua ribu
    dua puluh enam``."""
    return (
        f"hari {hari(d)} tanggal {terbilang(d.day)} bulan {MONTHS[d.month - 1]} "
        f"tahun {terbilang(d.year)}"
    )


def bulan_tahun(year: int, month: int) -> str:
    """``Desember 2026`` (a month of the public statistics)."""
    return f"{MONTHS[month - 1]} {year}"
