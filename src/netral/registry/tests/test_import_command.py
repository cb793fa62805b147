"""``manage.py import_employees``: exit status, report, dry run, progress, and new units
only after the operator confirmed them (issue 11 item 11)."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command

from netral.registry.models import Pegawai, UnitKerja
from netral.registry.tests.import_helpers import asn, non_asn, write_csv

pytestmark = pytest.mark.django_db


def _run(*args: str, **kw) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("import_employees", *args, stdout=out, stderr=err, **kw)
    return out.getvalue(), err.getvalue()


class _Terminal(io.StringIO):
    """What the operator types at the prompt, as a terminal."""

    def isatty(self) -> bool:
        return True


def test_imports_and_prints_counts_and_progress(karimun, tmp_path, capsys):
    # given
    path = write_csv(tmp_path / "r.csv", [asn(1), non_asn(2)])

    # when
    out, _err = _run(str(path), "--instansi", "21.02", "--create-units")

    # then
    assert "Selesai: 2 pegawai baru, 0 diperbarui, 0 tidak berubah, 2 unit kerja baru" in out
    assert "Unit kerja baru yang dibuat (2):\n  - Dinas Pendidikan\n" in out
    assert "Memeriksa baris: 2/2 (100%)" in capsys.readouterr().err
    assert Pegawai.objects.count() == 2


def test_bad_file_prints_report_exits_non_zero_and_writes_nothing(karimun, tmp_path):
    # given
    path = write_csv(tmp_path / "r.csv", [asn(1), asn(2, jenis_pegawai="PNSS")])
    units = UnitKerja.objects.count()

    # when
    out = io.StringIO()
    with pytest.raises(CommandError) as excinfo:
        call_command("import_employees", str(path), "--instansi", "21.02", stdout=out)

    # then
    assert excinfo.value.returncode == 1
    assert "1 kesalahan pada 1 baris" in str(excinfo.value)
    assert "Baris 3, kolom jenis_pegawai: Jenis pegawai harus salah satu dari" in out.getvalue()
    assert Pegawai.objects.count() == 0 and UnitKerja.objects.count() == units


def test_dry_run_writes_nothing(karimun, tmp_path):
    path = write_csv(tmp_path / "r.csv", [asn(1)])
    out, _err = _run(str(path), "--instansi", "21.02", "--dry-run")
    assert "Akan 1 pegawai baru" in out and "tidak ada yang disimpan" in out
    assert Pegawai.objects.count() == 0 and UnitKerja.objects.count() == 0


def test_unknown_agency_and_missing_file(karimun, tmp_path):
    with pytest.raises(CommandError, match="Instansi dengan kode 99 tidak ada"):
        _run(str(write_csv(tmp_path / "r.csv", [asn(1)])), "--instansi", "99")
    with pytest.raises(CommandError, match="tidak ditemukan"):
        _run(str(tmp_path / "tidak-ada.csv"), "--instansi", "21.02")


def test_as_user_applies_that_users_scope(karimun, natuna, hr_karimun, tmp_path):
    path = write_csv(tmp_path / "r.csv", [asn(1)])
    with pytest.raises(CommandError, match="tidak berwenang"):
        _run(str(path), "--instansi", "21.03", "--as-user", hr_karimun.username)


def test_new_units_stop_the_import_until_confirmed(disdik_karimun, tmp_path):
    # given: a roster naming the existing "Dinas Pendidikan" once with a typo
    path = write_csv(
        tmp_path / "r.csv",
        [asn(1, unit_kerja="Dinas Pendidkan"), asn(2, unit_kerja="Dinas Pendidikan")],
    )
    units = UnitKerja.objects.count()
    # when: run from cron or a pipe, without --create-units
    out = io.StringIO()
    with pytest.raises(CommandError) as excinfo:
        call_command("import_employees", str(path), "--instansi", "21.02", stdout=out)
    # then: the new unit is listed with its close match, nothing is written
    assert excinfo.value.returncode == 3
    assert "1 unit kerja baru perlu dikonfirmasi" in str(excinfo.value)
    assert "--create-units" in str(excinfo.value)
    assert (
        "Unit kerja baru yang akan dibuat (1):\n"
        "  - Dinas Pendidkan  (mirip unit yang ada: Dinas Pendidikan; salah ketik?)"
    ) in out.getvalue()
    assert Pegawai.objects.count() == 0 and UnitKerja.objects.count() == units


def test_operator_confirms_at_the_prompt_on_a_terminal(disdik_karimun, tmp_path):
    # given
    path = write_csv(tmp_path / "r.csv", [asn(1, unit_kerja="Dinas Pendidikan > Bidang SMP")])
    # when
    out, _err = _run(str(path), "--instansi", "21.02", stdin=_Terminal("ya\n"))
    # then
    assert "Unit kerja baru yang akan dibuat (1):\n  - Dinas Pendidikan > Bidang SMP\n" in out
    assert "Ketik 'ya'" in out
    assert "Selesai: 1 pegawai baru, 0 diperbarui, 0 tidak berubah, 1 unit kerja baru" in out
    assert UnitKerja.objects.filter(full_name="Dinas Pendidikan > Bidang SMP").exists()
    assert Pegawai.objects.get().unit.nama == "Bidang SMP"


def test_operator_declines_at_the_prompt_and_nothing_is_written(disdik_karimun, tmp_path):
    # given
    path = write_csv(tmp_path / "r.csv", [asn(1, unit_kerja="Dinas Pendidikan > Bidang SMP")])
    units = UnitKerja.objects.count()
    # when
    with pytest.raises(CommandError) as excinfo:
        _run(str(path), "--instansi", "21.02", stdin=_Terminal("tidak\n"))
    # then
    assert excinfo.value.returncode == 3
    assert "dibatalkan" in str(excinfo.value)
    assert Pegawai.objects.count() == 0 and UnitKerja.objects.count() == units


def test_no_input_never_asks(disdik_karimun, tmp_path):
    # given: a terminal, but the operator asked for no questions
    path = write_csv(tmp_path / "r.csv", [asn(1, unit_kerja="Dinas Pendidikan > Bidang SMP")])
    # when / then
    with pytest.raises(CommandError, match="perlu dikonfirmasi"):
        _run(str(path), "--instansi", "21.02", "--no-input", stdin=_Terminal("ya\n"))
    assert Pegawai.objects.count() == 0


def test_roster_in_existing_units_needs_no_confirmation(bidang_sd, tmp_path):
    # given: every unit of the roster exists
    path = write_csv(tmp_path / "r.csv", [asn(1), non_asn(2)])
    units = UnitKerja.objects.count()
    # when
    out, _err = _run(str(path), "--instansi", "21.02")
    # then
    assert "Unit kerja baru" not in out
    assert "Selesai: 2 pegawai baru" in out
    assert Pegawai.objects.count() == 2 and UnitKerja.objects.count() == units


def test_dry_run_lists_the_units_it_would_create(karimun, tmp_path):
    # given
    path = write_csv(tmp_path / "r.csv", [asn(1)])
    # when
    out, _err = _run(str(path), "--instansi", "21.02", "--dry-run")
    # then
    assert "Unit kerja baru yang akan dibuat (2):" in out
    assert UnitKerja.objects.count() == 0


def test_units_other_than_the_confirmed_ones_reject_the_whole_file(bidang_sd, tmp_path):
    # given: the preview the user confirmed listed one new unit; the data changed since
    from netral.registry.importing import roster_import

    path = write_csv(
        tmp_path / "r.csv",
        [asn(1, unit_kerja="Dinas Pendidikan > Bidang SMP"), asn(2, unit_kerja="Dinas Baru")],
    )
    confirmed = {"units_created": 1, "units_new": [{"name": "Dinas Pendidikan > Bidang SMP"}]}
    units = UnitKerja.objects.count()
    # when
    result = roster_import(path=path, instansi=bidang_sd.instansi, units_expected=confirmed)
    # then
    assert not result.ok and not result.applied
    assert result.units_unconfirmed == 2
    assert "berbeda dengan yang dikonfirmasi" in result.errors[0]["reason"]
    assert Pegawai.objects.count() == 0 and UnitKerja.objects.count() == units
