"""Indonesian dates, written once in core.datefmt (issue 8)."""

import datetime as dt
from pathlib import Path

from django.utils import translation

from netral.core import datefmt

PACKAGE = Path(__file__).resolve().parents[2]


def test_dates_in_indonesian_whatever_the_active_language():
    d = dt.date(2026, 12, 3)  # a Thursday
    with translation.override("en"):
        assert datefmt.tanggal(d) == "3 Desember 2026"
        assert datefmt.hari(d) == "Kamis"
    assert datefmt.bulan_romawi(d) == "XII"
    assert datefmt.bulan_tahun(2024, 2) == "Februari 2024"
    assert datefmt.tanggal_terbilang(dt.date(2024, 1, 8)) == (
        "hari Senin tanggal delapan bulan Januari tahun dua ribu dua puluh empat"
    )


def test_month_names_are_spelled_out_only_in_core_datefmt():
    copies = sorted(
        str(p.relative_to(PACKAGE))
        for p in PACKAGE.rglob("*.py")
        if "tests" not in p.parts and "migrations" not in p.parts and p.name != "datefmt.py"
        if '"Agustus"' in p.read_text() or "'Agustus'" in p.read_text()
    )
    assert copies == []
