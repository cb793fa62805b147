"""Rosters as offices really keep them (issue 11 item 11): title rows, a ``No`` column,
spaced NIPs, synonyms in any case, SIASN export headers, ";" and Windows-1252, new
units listed with a close-match suggestion, golongan checked. Each file here is written
the way an office would send it, not through the test helpers' header."""

from __future__ import annotations

import pytest

from netral.registry.importing import roster_import
from netral.registry.models import Pegawai, UnitKerja

pytestmark = pytest.mark.django_db

OFFICE_CSV = (
    "DAFTAR PEGAWAI DINAS PENDIDIKAN KABUPATEN KARIMUN;;;;;;\r\n"
    "Keadaan per 1 Januari 2024;;;;;;\r\n"
    "NO;NIP BARU;Nama Lengkap;Jenis Pegawai;Unit Organisasi;Jabatan;Gol\r\n"
    "1;19830316 200506 2 001;Andréa Situmorang;pns;Dinas Pendidikan > Bidang SD;Guru;III d\r\n"
    "2;19900101.202203.1.002;Désy Ratnasari;PPPK;Dinas Pendidikan > Bidang SD;Guru;9\r\n"
    "3;;Ujang Sopyan;Non ASN;Dinas Pendidikan > Bidang SD;Penjaga Sekolah;-\r\n"
)


def _office_csv(tmp_path, text=OFFICE_CSV, nik="2102011708900003"):
    path = tmp_path / "daftar pegawai.csv"
    # Excel on Indonesian Windows: ";" and Windows-1252; the NIK column comes last.
    text = text.replace("Gol\r\n", "Gol;NIK KTP\r\n", 1)
    lines = text.split("\r\n")
    lines[-2] += f";{nik[:4]}.{nik[4:8]}.{nik[8:12]}.{nik[12:]}"
    lines[3] += ";"
    lines[4] += ";"
    path.write_bytes("\r\n".join(lines).encode("cp1252"))
    return path


def test_office_csv_with_title_rows_no_column_spaced_ids_and_windows_1252(karimun, tmp_path):
    # when
    result = roster_import(path=_office_csv(tmp_path), instansi=karimun)
    # then
    assert result.ok and result.errors == [], result.errors
    assert result.warnings == [
        "Baris 1–2 di atas judul kolom dilewati.",
        "Kolom ini tidak dikenal dan diabaikan: NO.",
    ]
    andrea = Pegawai.objects.get(nip="198303162005062001")
    assert andrea.nama == "Andréa Situmorang" and andrea.golongan == "III/d"
    assert Pegawai.objects.get(nip="199001012022031002").golongan == "IX"
    ujang = Pegawai.objects.get(nama="Ujang Sopyan")
    assert ujang.nik == "2102011708900003" and ujang.golongan == ""
    assert ujang.jenis_pegawai == Pegawai.Jenis.NON_ASN


def test_bad_rows_under_title_rows_are_named_by_their_spreadsheet_row(karimun, tmp_path):
    # given: line 5 of the file has a golongan PPPK does not have, line 6 a bad NIK
    text = OFFICE_CSV.replace(";Guru;9", ";Guru;XVIII")
    # when
    result = roster_import(path=_office_csv(tmp_path, text=text, nik="21020117"), instansi=karimun)
    # then
    assert [(e["row"], e["column"]) for e in result.errors] == [(5, "golongan"), (6, "nik")]
    assert "I sampai XVII" in result.errors[0]["reason"]
    assert Pegawai.objects.count() == 0


def test_siasn_export_headers_and_unit_named_alone(karimun, bidang_sd, tmp_path):
    # given: a SIASN (BKN) export as XLSX, the unit by its own name (UNOR_NAMA)
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(
        ["PNS_ID", "NIP_BARU", "NIP_LAMA", "NAMA", "GELAR_DEPAN", "JENIS_PEGAWAI_NAMA"]
        + ["GOL_AKHIR_NAMA", "JABATAN_NAMA", "UNOR_NAMA", "NOMOR_HP", "EMAIL"]
    )
    ws.append(
        ["A8F1", "198503142010011007", "", "RINA MARLINA", "Dra.", "PNS Daerah Kabupaten/Kota"]
        + ["IV/a", "Kepala Bidang SD", "Bidang SD", "081234567890", "rina@karimun.go.id"]
    )
    path = tmp_path / "siasn.xlsx"
    wb.save(path)
    # when
    result = roster_import(path=path, instansi=karimun)
    # then
    assert result.ok, result.errors
    rina = Pegawai.objects.get(nip="198503142010011007")
    assert rina.unit == bidang_sd and rina.golongan == "IV/a"
    assert rina.jenis_pegawai == Pegawai.Jenis.PNS and rina.telepon == "081234567890"
    assert "PNS_ID" in result.warnings[0] and "GELAR_DEPAN" in result.warnings[0]


def test_new_units_are_listed_with_a_close_match_and_made_only_on_apply(
    karimun, disdik_karimun, tmp_path
):
    # given: "Dinas Pendidkan" is a typo of the existing "Dinas Pendidikan"
    text = OFFICE_CSV.replace("Dinas Pendidikan > Bidang SD", "Dinas Pendidkan")
    # when: the preview
    preview = roster_import(path=_office_csv(tmp_path, text=text), instansi=karimun, apply=False)
    # then
    assert preview.ok and preview.units_created == 1
    assert preview.units_new == [{"name": "Dinas Pendidkan", "suggestion": "Dinas Pendidikan"}]
    assert not UnitKerja.objects.filter(nama="Dinas Pendidkan").exists()


@pytest.mark.parametrize(
    ("jenis", "golongan", "stored", "error"),
    [
        ("PNS", "III/d", "III/d", None),
        ("PNS", "iii-a", "III/a", None),
        ("CPNS", "2/c", "II/c", None),
        ("PNS", "IV/e", "IV/e", None),
        ("PNS", "III/e", None, "Golongan PNS harus I/a sampai IV/e"),
        ("PNS", "V/a", None, "Golongan PNS harus I/a sampai IV/e"),
        ("PPPK", "XVII", "XVII", None),
        ("PPPK", "0", None, "Golongan PPPK harus I sampai XVII"),
        ("NON_ASN", "II/a", None, "non-ASN tidak memiliki golongan"),
    ],
)
def test_golongan_values_are_validated(karimun, tmp_path, jenis, golongan, stored, error):
    from netral.registry.tests.factories import make_nik, make_nip

    nip = "" if jenis == "NON_ASN" else make_nip(7)
    nik = make_nik(7) if jenis == "NON_ASN" else ""
    path = tmp_path / "g.csv"
    path.write_text(
        "nip,nik,nama,jenis_pegawai,unit_kerja,jabatan,golongan\n"
        f"{nip},{nik},Sari,{jenis},Dinas A,Staf,{golongan}\n",
        encoding="utf-8",
    )
    result = roster_import(path=path, instansi=karimun)
    if error is None:
        assert result.ok, result.errors
        assert Pegawai.objects.get().golongan == stored
    else:
        assert [e["column"] for e in result.errors] == ["golongan"]
        assert error in result.errors[0]["reason"]
