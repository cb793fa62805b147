"""``manage.py import_employees``: exit status, report, dry run, progress."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command

from netral.registry.models import Pegawai, UnitKerja
from netral.registry.tests.import_helpers import asn, non_asn, write_csv

pytestmark = pytest.mark.django_db


def _run(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("import_employees", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_imports_and_prints_counts_and_progress(karimun, tmp_path, capsys):
    # given
    path = write_csv(tmp_path / "r.csv", [asn(1), non_asn(2)])

    # when
    out, _err = _run(str(path), "--instansi", "21.02")

    # then
    assert "Selesai: 2 pegawai baru, 0 diperbarui, 0 tidak berubah" in out
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
