"""Roster import core (issue #2 item 3): all-or-nothing, report, re-import, scope."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from netral.core.models import AuditEntry
from netral.registry.importing import MAX_LISTED_ERRORS, roster_import
from netral.registry.models import AkunMedsos, Pegawai, UnitKerja
from netral.registry.tests.factories import PegawaiFactory, make_nik, make_nip
from netral.registry.tests.import_helpers import HEADER, asn, non_asn, write_csv, write_xlsx

pytestmark = pytest.mark.django_db


def _counts() -> tuple[int, int, int, int]:
    return (
        Pegawai.objects.count(),
        UnitKerja.objects.count(),
        AkunMedsos.objects.count(),
        AuditEntry.objects.count(),
    )


def _errors(result) -> list[tuple[int, str]]:
    return [(e["row"], e["column"]) for e in result.errors]


def test_valid_roster_creates_employees_units_and_accounts_with_one_audit_entry(karimun, tmp_path):
    # given: a head and two staff (one non-ASN) in a unit path that does not exist yet
    head = asn(1, tingkat_jabatan="JPT", akun_medsos="instagram:@Budi88; x:budi_s")
    rows = [
        asn(2, nip_atasan=make_nip(1), email="dua@example.go.id"),
        head,  # the superior may come after the row that names them
        non_asn(3, nip_atasan=make_nip(1)),
    ]
    path = write_csv(tmp_path / "roster.csv", rows)

    # when
    result = roster_import(path=path, instansi=karimun)

    # then
    assert result.ok and result.applied
    assert (result.created, result.updated, result.unchanged) == (3, 0, 0)
    assert result.units_created == 2
    bidang = UnitKerja.objects.get(instansi=karimun, full_name="Dinas Pendidikan > Bidang SD")
    assert bidang.parent.jenis == UnitKerja.Jenis.OPD and bidang.parent.depth == 0
    boss = Pegawai.objects.get(nip=make_nip(1))
    staff = Pegawai.objects.get(nip=make_nip(2))
    honorer = Pegawai.objects.get(nik=make_nik(3))
    assert staff.atasan == boss and honorer.atasan == boss
    assert {p.unit_path for p in (boss, staff, honorer)} == {bidang.path}
    assert honorer.nip is None and honorer.tingkat_jabatan == Pegawai.Tingkat.NON_ASN
    assert staff.email == "dua@example.go.id"
    assert sorted(str(a) for a in boss.akun_medsos.all()) == ["instagram:budi88", "x:budi_s"]
    entries = AuditEntry.objects.filter(action="registry.import.applied")
    assert entries.count() == 1
    assert entries.get().data["created"] == 3


def test_failed_import_writes_nothing(karimun, bidang_sd, tmp_path):
    # given: existing data, and a file with new units, accounts and one bad row
    PegawaiFactory(unit=bidang_sd, nip=make_nip(500))
    rows = [
        asn(1, unit_kerja="Dinas Baru > Bidang Baru", akun_medsos="tiktok:baru1"),
        asn(500, nama="Nama Diubah"),
        asn(2, jenis_pegawai="HONORER"),
    ]
    path = write_csv(tmp_path / "roster.csv", rows)
    before = _counts()

    # when
    result = roster_import(path=path, instansi=karimun)

    # then
    assert not result.ok and not result.applied
    assert _errors(result) == [(4, "jenis_pegawai")]
    assert _counts() == before
    assert Pegawai.objects.get(nip=make_nip(500)).nama != "Nama Diubah"
    assert not UnitKerja.objects.filter(nama="Dinas Baru").exists()


def test_reimport_updates_by_nip_and_nik_without_duplicates(karimun, tmp_path):
    # given: a roster imported once
    rows = [asn(1), asn(2, akun_medsos="instagram:dua"), non_asn(3), asn(4, nip_atasan=make_nip(1))]
    roster_import(path=write_csv(tmp_path / "a.csv", rows), instansi=karimun)
    ids = set(Pegawai.objects.values_list("id", flat=True))

    # when: the same file again, then with one name, one account and one superior changed
    same = roster_import(path=write_csv(tmp_path / "b.csv", rows), instansi=karimun)
    rows[2]["nama"] = "Honorer Berganti Nama"
    rows[1]["akun_medsos"] = "instagram:dua_baru"
    rows[3]["nip_atasan"] = make_nip(2)
    changed = roster_import(path=write_csv(tmp_path / "c.csv", rows), instansi=karimun)

    # then
    assert (same.created, same.updated, same.unchanged) == (0, 0, 4)
    assert (changed.created, changed.updated, changed.unchanged) == (0, 3, 1)
    assert set(Pegawai.objects.values_list("id", flat=True)) == ids
    assert Pegawai.objects.get(nik=make_nik(3)).nama == "Honorer Berganti Nama"
    assert Pegawai.objects.get(nip=make_nip(4)).atasan.nip == make_nip(2)
    assert list(AkunMedsos.objects.values_list("handle", flat=True)) == ["dua_baru"]


def test_three_bad_rows_are_reported_then_the_fixed_file_imports(karimun, tmp_path):
    # given: ten rows, three of them wrong (rows 3, 6 and 10 as a spreadsheet shows them)
    rows = [asn(n) for n in range(1, 10)] + [non_asn(10)]
    rows[1]["nip"] = "12345"
    rows[4]["tingkat_jabatan"] = "ESELON_9"
    rows[8]["email"] = "bukan-email"
    path = write_csv(tmp_path / "roster.csv", rows)

    # when
    result = roster_import(path=path, instansi=karimun)

    # then
    assert result.bad_rows == 3
    assert result.errors == [
        {"row": 3, "column": "nip", "reason": "NIP harus 18 digit angka."},
        {
            "row": 6,
            "column": "tingkat_jabatan",
            "reason": "Tingkat jabatan tidak dikenal; pilih salah satu dari JPT, ADMINISTRATOR, "
            "PENGAWAS, PELAKSANA, FUNGSIONAL, NON_ASN.",
        },
        {"row": 10, "column": "email", "reason": "Alamat e-mail tidak valid."},
    ]
    assert Pegawai.objects.count() == 0

    # when: the file is fixed
    rows[1]["nip"] = make_nip(2)
    rows[4]["tingkat_jabatan"] = "pelaksana"
    rows[8]["email"] = "sembilan@example.go.id"
    fixed = roster_import(path=write_csv(tmp_path / "fixed.csv", rows), instansi=karimun)

    # then
    assert fixed.applied and fixed.created == 10
    assert Pegawai.objects.get(nip=make_nip(5)).tingkat_jabatan == "PELAKSANA"


def test_xlsx_roster_imports_and_numeric_nip_cells_are_rejected(karimun, tmp_path):
    # given
    good = write_xlsx(tmp_path / "roster.xlsx", [asn(1), non_asn(2)])
    bad_row = asn(3)
    bad_row["nip"] = float(bad_row["nip"])  # what Excel does to an 18-digit number
    bad = write_xlsx(tmp_path / "angka.xlsx", [bad_row])

    # when
    ok = roster_import(path=good, instansi=karimun)
    rejected = roster_import(path=bad, instansi=karimun)

    # then
    assert ok.applied and ok.created == 2
    assert (2, "nip") in _errors(rejected)
    assert "teks" in rejected.errors[0]["reason"]


def test_units_by_code_by_existing_path_and_new_path(karimun, bidang_sd, tmp_path):
    # given
    rows = [
        asn(1, unit_kerja="01.01"),
        asn(2, unit_kerja="dinas pendidikan >  bidang sd"),
        asn(3, unit_kerja="Dinas Pendidikan > Bidang SMP > Seksi Kurikulum"),
        asn(4, unit_kerja="Kecamatan Meral"),
    ]

    # when
    result = roster_import(path=write_csv(tmp_path / "u.csv", rows), instansi=karimun)

    # then
    assert result.applied and result.units_created == 3
    assert Pegawai.objects.get(nip=make_nip(1)).unit == bidang_sd
    assert Pegawai.objects.get(nip=make_nip(2)).unit == bidang_sd
    seksi = Pegawai.objects.get(nip=make_nip(3)).unit
    assert seksi.full_name == "Dinas Pendidikan > Bidang SMP > Seksi Kurikulum"
    assert seksi.depth == 2 and seksi.path.startswith(bidang_sd.parent.path)
    assert Pegawai.objects.get(nip=make_nip(4)).unit.jenis == UnitKerja.Jenis.OPD


def test_unknown_unit_code_is_an_error(karimun, bidang_sd, tmp_path):
    result = roster_import(
        path=write_csv(tmp_path / "u.csv", [asn(1, unit_kerja="09.99")]), instansi=karimun
    )
    assert result.errors == [
        {
            "row": 2,
            "column": "unit_kerja",
            "reason": "Kode unit kerja tidak dikenal di instansi ini.",
        }
    ]


def test_header_problems_and_empty_files(karimun, tmp_path):
    # given
    unknown = write_csv(tmp_path / "h.csv", [asn(1)], header=[*HEADER, "hobi"])
    missing = write_csv(tmp_path / "m.csv", [asn(1)], header=[c for c in HEADER if c != "jabatan"])
    header_only = write_csv(tmp_path / "e.csv", [])
    empty = tmp_path / "kosong.csv"
    empty.write_text("")

    # when / then
    # an unknown column is ignored with a warning naming it (issue 11 item 11)
    with_unknown = roster_import(path=unknown, instansi=karimun)
    assert with_unknown.errors == []
    assert with_unknown.warnings == ["Kolom ini tidak dikenal dan diabaikan: hobi."]
    assert roster_import(path=missing, instansi=karimun).errors == [
        {"row": 1, "column": "jabatan", "reason": "Kolom wajib tidak ada."}
    ]
    assert roster_import(path=header_only, instansi=karimun).errors[0]["reason"] == (
        "Berkas tidak memuat satu baris data pun."
    )
    assert roster_import(path=empty, instansi=karimun).errors[0]["reason"] == "Berkas kosong."


def test_identifier_rules(karimun, tmp_path):
    # given
    rows = [
        asn(1),
        asn(1, nama="Kembar"),  # duplicate NIP
        non_asn(2),
        non_asn(2, nama="Kembar NIK"),  # duplicate NIK
        non_asn(3, nip=make_nip(3)),  # non-ASN with a NIP
        non_asn(4, nik=""),  # non-ASN without NIK
        asn(5, nip=""),  # ASN without NIP
        asn(6, nip="198513142010011001"),  # month 13 in the birth date
    ]

    # when
    result = roster_import(path=write_csv(tmp_path / "id.csv", rows), instansi=karimun)

    # then
    assert _errors(result) == [
        (3, "nip"),
        (5, "nik"),
        (6, "nip"),
        (7, "nik"),
        (8, "nip"),
        (9, "nip"),
    ]
    assert result.errors[0]["reason"] == "NIP ini muncul lebih dari sekali dalam berkas."
    assert result.errors[3]["reason"] == "NIK wajib diisi untuk pegawai non-ASN."


def test_pppk_number_with_code_month_is_accepted(karimun, tmp_path):
    row = asn(1, jenis_pegawai="PPPK", nip=make_nip(1, month=21))
    result = roster_import(path=write_csv(tmp_path / "p.csv", [row]), instansi=karimun)
    assert result.applied


def test_database_checks_other_agency_nik_superior_and_accounts(
    karimun, bidang_sd, dinkes_natuna, tmp_path
):
    # given: an employee of Natuna, a Karimun employee with a NIK and an account
    PegawaiFactory(unit=dinkes_natuna, nip=make_nip(1))
    holder = PegawaiFactory(unit=bidang_sd, nip=make_nip(2), nik=make_nik(2))
    AkunMedsos.objects.create(pegawai=holder, platform="instagram", handle="dipakai")
    rows = [
        asn(1),  # NIP of another agency
        asn(3, nik=make_nik(2)),  # NIK of someone else
        asn(4, nip_atasan=make_nip(99)),  # unknown superior
        asn(5, akun_medsos="instagram:dipakai"),  # handle owned by someone else
        asn(6, nip_atasan=make_nip(2)),  # superior known in the agency: fine
    ]

    # when
    result = roster_import(path=write_csv(tmp_path / "db.csv", rows), instansi=karimun)

    # then
    assert _errors(result) == [(2, "nip"), (3, "nik"), (4, "nip_atasan"), (5, "akun_medsos")]
    assert "instansi lain" in result.errors[0]["reason"]
    assert result.bad_rows == 4
    assert Pegawai.objects.count() == 2


def test_row_level_format_errors(karimun, tmp_path):
    # given
    rows = [
        asn(1, akun_medsos="instagram"),
        asn(2, akun_medsos="myspace:budi"),
        asn(3, akun_medsos="instagram:bu di"),
        asn(4, akun_medsos="x:sama"),
        asn(5, akun_medsos="x:SAMA"),
        asn(6, nama=""),
        asn(7, telepon="08ab"),
    ]

    # when
    result = roster_import(path=write_csv(tmp_path / "f.csv", rows), instansi=karimun)

    # then
    assert _errors(result) == [
        (2, "akun_medsos"),
        (3, "akun_medsos"),
        (4, "akun_medsos"),
        (6, "akun_medsos"),
        (7, "nama"),
        (8, "telepon"),
    ]


def test_error_list_is_capped_but_all_errors_are_counted(karimun, tmp_path):
    rows = [asn(n, jenis_pegawai="X") for n in range(MAX_LISTED_ERRORS + 50)]
    result = roster_import(path=write_csv(tmp_path / "big.csv", rows), instansi=karimun)
    assert len(result.errors) == MAX_LISTED_ERRORS
    assert result.error_total == MAX_LISTED_ERRORS + 50
    assert result.truncated


def test_dry_run_writes_nothing_but_reports_counts(karimun, tmp_path):
    before = _counts()
    result = roster_import(
        path=write_csv(tmp_path / "d.csv", [asn(1), asn(2)]), instansi=karimun, apply=False
    )
    assert result.ok and not result.applied and result.created == 2
    assert _counts() == before


def test_opd_admin_imports_only_inside_own_subtree(
    karimun, natuna, disdik_karimun, bidang_sd, dinkes_karimun, opd_disdik, tmp_path
):
    # given: an employee of Dinas Kesehatan, and a file touching other OPDs
    PegawaiFactory(unit=dinkes_karimun, nip=make_nip(9))
    rows = [
        asn(1, unit_kerja="01.01"),  # inside: fine
        asn(2, unit_kerja="Dinas Pendidikan > Bidang Baru"),  # new unit inside: fine
        asn(3, unit_kerja="02"),  # Dinas Kesehatan
        asn(4, unit_kerja="Dinas Pariwisata"),  # a new OPD
        asn(9, unit_kerja="01.01"),  # moving someone out of Dinas Kesehatan
    ]
    path = write_csv(tmp_path / "opd.csv", rows)

    # when
    result = roster_import(path=path, instansi=karimun, actor=opd_disdik)

    # then
    assert _errors(result) == [(4, "unit_kerja"), (5, "unit_kerja"), (6, "nip")]
    assert "kewenangan" in result.errors[0]["reason"]
    with pytest.raises(PermissionDenied):
        roster_import(path=path, instansi=natuna, actor=opd_disdik)
    fine = roster_import(
        path=write_csv(tmp_path / "ok.csv", rows[:2]), instansi=karimun, actor=opd_disdik
    )
    assert fine.applied and fine.created == 2


def test_hr_admin_only_imports_into_own_agency(karimun, natuna, hr_karimun, asn_karimun, tmp_path):
    path = write_csv(tmp_path / "hr.csv", [asn(1)])
    with pytest.raises(PermissionDenied):
        roster_import(path=path, instansi=natuna, actor=hr_karimun)
    with pytest.raises(PermissionDenied):
        roster_import(path=path, instansi=karimun, actor=asn_karimun)
    assert roster_import(path=path, instansi=karimun, actor=hr_karimun).applied


def test_csv_that_is_neither_utf8_nor_windows_1252_is_rejected_with_a_clear_reason(
    karimun, tmp_path
):
    # given: bytes 0x81 and 0x8d are undefined in Windows-1252 and invalid in UTF-8
    path = tmp_path / "rusak.csv"
    path.write_bytes(",".join(HEADER).encode() + b"\n" + b"x\x81\x8d" + b"\n")
    # when
    result = roster_import(path=path, instansi=karimun)
    # then
    assert result.errors == [
        {
            "row": 1,
            "column": "",
            "reason": "Berkas CSV harus disimpan dengan pengodean UTF-8 atau Windows-1252.",
        }
    ]


def test_unit_created_deep_into_a_large_file(karimun, tmp_path):
    # given: a new unit first named after several thousand rows (PostgreSQL: mid-COPY)
    rows = [asn(n) for n in range(1, 6001)] + [asn(6001, unit_kerja="Dinas Sosial > Bidang A")]
    path = write_csv(tmp_path / "late.csv", rows)

    # when
    result = roster_import(path=path, instansi=karimun)

    # then
    assert result.applied and result.created == 6001 and result.units_created == 4
    assert Pegawai.objects.get(nip=make_nip(6001)).unit.full_name == "Dinas Sosial > Bidang A"


def test_crash_during_the_write_leaves_nothing(karimun, bidang_sd, tmp_path):
    # given: a valid file, and a failure after the employees were inserted
    PegawaiFactory(unit=bidang_sd, nip=make_nip(1), nama="Lama")
    rows = [asn(1, nama="Baru"), asn(2, unit_kerja="Dinas Baru"), asn(3, akun_medsos="x:tiga")]
    before = _counts()

    def crash(phase: str, done: int, total: int) -> None:
        if phase == "write" and done == total:
            raise RuntimeError("server mati")

    # when
    with pytest.raises(RuntimeError):
        roster_import(path=write_csv(tmp_path / "c.csv", rows), instansi=karimun, progress=crash)

    # then
    assert _counts() == before
    assert Pegawai.objects.get(nip=make_nip(1)).nama == "Lama"


def test_bulk_mode_rebuilds_indexes_and_keeps_the_data_right(karimun, tmp_path):
    # given: a first load (PostgreSQL drops and rebuilds the non-unique indexes)
    from django.db import connection

    rows = [asn(1), asn(2, nip_atasan=make_nip(1), akun_medsos="x:dua"), non_asn(3)]
    path = write_csv(tmp_path / "bulk.csv", rows)

    def index_names() -> set[str]:
        with connection.cursor() as c:
            return {
                i["columns"][0] + str(i["unique"])
                for i in connection.introspection.get_constraints(c, "registry_pegawai").values()
                if i["index"]
            }

    before = index_names()

    # when
    result = roster_import(path=path, instansi=karimun, bulk=True)

    # then
    assert result.applied and result.created == 3
    assert index_names() == before
    assert Pegawai.objects.get(nip=make_nip(2)).atasan.nip == make_nip(1)
    assert Pegawai.objects.filter(nama__startswith="Pegawai").order_by("nama").count() == 2


def test_text_with_tabs_backslashes_and_newlines_is_stored_exactly(karimun, tmp_path):
    rows = [asn(1, nama="Budi\\N Santoso", jabatan="Guru\tKelas\n2"), asn(2, nama="\\N")]
    result = roster_import(path=write_csv(tmp_path / "esc.csv", rows), instansi=karimun)
    assert result.applied
    assert Pegawai.objects.get(nip=make_nip(1)).nama == "Budi\\N Santoso"
    assert Pegawai.objects.get(nip=make_nip(1)).jabatan == "Guru\tKelas\n2"
    assert Pegawai.objects.get(nip=make_nip(2)).nama == "\\N"
