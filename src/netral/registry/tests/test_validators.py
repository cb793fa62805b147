import datetime as dt

import pytest

from netral.registry.validators import nik_errors, nip_errors

TODAY = dt.date(2026, 11, 23)


@pytest.mark.parametrize(
    "nip",
    ["198503142010011001", "197001011995032002", "200012312024121999"],
)
def test_valid_nip(nip):
    assert nip_errors(nip, jenis_pegawai="PNS", today=TODAY) == []


@pytest.mark.parametrize(
    ("nip", "fragment"),
    [
        ("19850314201001100", "18 digit"),
        ("1985031420100110AB", "18 digit"),
        ("198502302010011001", "Tanggal lahir"),
        ("198503142010131001", "Bulan pengangkatan"),
        ("198503142010013001", "jenis kelamin"),
        ("198503142010011000", "urut"),
        ("198503141990011001", "Tahun pengangkatan"),
    ],
)
def test_invalid_nip_names_the_reason(nip, fragment):
    errors = nip_errors(nip, jenis_pegawai="PNS", today=TODAY)
    assert any(fragment in e for e in errors), errors


def test_pppk_number_accepts_code_instead_of_month():
    # NI PPPK: year followed by a code (domain.md §1 — accept, do not reject month > 12)
    assert nip_errors("199001012022211001", jenis_pegawai="PPPK", today=TODAY) == []
    assert nip_errors("199001012022211001", jenis_pegawai="PNS", today=TODAY) != []


@pytest.mark.parametrize("nik", ["2102011705900001", "2102015705900001"])
def test_valid_nik_including_women_day_plus_40(nik):
    assert nik_errors(nik) == []


@pytest.mark.parametrize(
    ("nik", "fragment"),
    [
        ("210201170590000", "16 digit"),
        ("0102011705900001", "provinsi"),
        ("2102013213900001", "Tanggal lahir"),
        ("2102011705900000", "urut"),
    ],
)
def test_invalid_nik(nik, fragment):
    assert any(fragment in e for e in nik_errors(nik))
