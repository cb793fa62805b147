"""Single-employee work for HR (issue 11 item 12) and employees declaring their own
social-media accounts (item 13): each through a service, audited, scoped."""

from __future__ import annotations

import pytest

from netral.core.models import AuditEntry
from netral.registry.models import AkunMedsos, Pegawai
from netral.registry.tests.factories import PegawaiFactory

pytestmark = pytest.mark.django_db


def _url(p, tail="ubah/"):
    return f"/registri/pegawai/{p.pk}/{tail}"


def test_hr_edits_details_with_changes_in_the_audit_log(login, hr_karimun, bidang_sd):
    # given
    p = PegawaiFactory(unit=bidang_sd, jabatan="Guru", golongan="III/a")
    hr = login(hr_karimun)
    # when
    data = {
        "action": "ubah",
        "nama": p.nama,
        "jabatan": "Kepala Sekolah",
        "golongan": "iii c",
        "tingkat_jabatan": "",
        "email": "",
        "telepon": "",
    }
    response = hr.post(_url(p), data)
    # then
    assert response.status_code == 302
    p.refresh_from_db()
    assert (p.jabatan, p.golongan) == ("Kepala Sekolah", "III/c")
    entry = AuditEntry.objects.filter(action="registry.pegawai.updated").latest("pk")
    assert entry.data["changed"]["jabatan"] == ["Guru", "Kepala Sekolah"]
    assert entry.actor_id == hr_karimun.pk


def test_bad_golongan_is_refused_in_indonesian(login, hr_karimun, bidang_sd):
    p = PegawaiFactory(unit=bidang_sd)
    response = login(hr_karimun).post(
        _url(p), {"action": "ubah", "nama": p.nama, "jabatan": "Guru", "golongan": "V/a"}
    )
    assert response.status_code == 200
    assert "Golongan PNS harus I/a sampai IV/e" in response.content.decode()


def test_hr_moves_an_employee_to_another_unit(login, hr_karimun, bidang_sd, dinkes_karimun):
    # given
    p = PegawaiFactory(unit=bidang_sd)
    # when
    login(hr_karimun).post(_url(p), {"action": "pindah", "unit": dinkes_karimun.pk})
    # then
    p.refresh_from_db()
    assert p.unit == dinkes_karimun and p.unit_path == dinkes_karimun.path
    entry = AuditEntry.objects.get(action="registry.pegawai.moved")
    assert entry.data["changed"]["unit"] == [bidang_sd.full_name, dinkes_karimun.full_name]


def test_unit_of_another_agency_is_not_offered_nor_accepted(
    login, hr_karimun, bidang_sd, dinkes_natuna
):
    p = PegawaiFactory(unit=bidang_sd)
    hr = login(hr_karimun)
    page = hr.get(_url(p)).content.decode()
    refused = hr.post(_url(p), {"action": "pindah", "unit": dinkes_natuna.pk})
    assert "Natuna" not in page
    assert refused.status_code == 200
    p.refresh_from_db()
    assert p.unit == bidang_sd


def test_deactivate_with_reason_then_reactivate(login, hr_karimun, bidang_sd):
    # given
    p = PegawaiFactory(unit=bidang_sd)
    hr = login(hr_karimun)
    # when: no reason
    hr.post(_url(p), {"action": "nonaktifkan", "reason": ""})
    p.refresh_from_db()
    assert p.is_active
    # when
    hr.post(_url(p), {"action": "nonaktifkan", "reason": "Pensiun per 1 Maret 2024"})
    # then
    p.refresh_from_db()
    assert not p.is_active and p.inactive_reason == "Pensiun per 1 Maret 2024"
    detail = hr.get(_url(p, "")).content.decode()
    assert "Pensiun per 1 Maret 2024" in detail
    # when
    hr.post(_url(p), {"action": "aktifkan"})
    # then
    p.refresh_from_db()
    assert p.is_active and p.inactive_reason == ""
    actions = list(
        AuditEntry.objects.filter(action__startswith="registry.pegawai.")
        .exclude(action="registry.pegawai.viewed")
        .values_list("action", flat=True)
        .order_by("pk")
    )
    assert actions[-2:] == ["registry.pegawai.deactivated", "registry.pegawai.reactivated"]


def test_only_hr_of_the_agency_edits(login, client, hr_karimun, opd_disdik, natuna, bidang_sd):
    from netral.accounts.roles import Role
    from netral.conftest import _staff

    p = PegawaiFactory(unit=bidang_sd)
    hr_natuna = _staff("hr.natuna", Role.HR_ADMIN, instansi=natuna)
    assert login(opd_disdik).get(_url(p)).status_code == 403
    client.logout()
    assert login(hr_natuna).get(_url(p)).status_code == 404
    client.logout()
    assert login(hr_natuna).post(_url(p), {"action": "aktifkan"}).status_code == 404


def test_employee_declares_own_accounts_validated_per_platform(login, asn_karimun):
    # given
    me = login(asn_karimun)
    # when: a pasted profile address, and a handle too long for X
    me.post(
        "/registri/saya/medsos/",
        {"platform": "instagram", "handle": "https://www.instagram.com/Budi.Santoso88/"},
    )
    bad = me.post("/registri/saya/medsos/", {"platform": "x", "handle": "budi_santoso_guru_sd"})
    space = me.post("/registri/saya/medsos/", {"platform": "tiktok", "handle": "budi santoso"})
    # then
    assert [str(a) for a in AkunMedsos.objects.all()] == ["instagram:budi.santoso88"]
    assert (
        "Nama akun x hanya boleh berisi huruf, angka dan garis bawah, 1–15" in bad.content.decode()
    )
    assert "hanya boleh berisi" in space.content.decode()
    assert AuditEntry.objects.filter(action="registry.medsos.updated").count() == 1
    detail = me.get(f"/registri/pegawai/{asn_karimun.pegawai_id}/").content.decode()
    assert "budi.santoso88" in detail


def test_an_account_owned_by_another_employee_is_refused(login, asn_karimun, bidang_sd):
    other = PegawaiFactory(unit=bidang_sd)
    AkunMedsos.objects.create(pegawai=other, platform="instagram", handle="budi88")
    r = login(asn_karimun).post(
        "/registri/saya/medsos/", {"platform": "instagram", "handle": "@budi88"}
    )
    assert "sudah dicantumkan pegawai lain" in r.content.decode()
    assert AkunMedsos.objects.filter(pegawai__user=asn_karimun).count() == 0


def test_employee_removes_only_own_accounts(login, asn_karimun, bidang_sd):
    mine = AkunMedsos.objects.create(pegawai=asn_karimun.pegawai, platform="x", handle="budi_s")
    theirs = AkunMedsos.objects.create(
        pegawai=PegawaiFactory(unit=bidang_sd), platform="x", handle="rina"
    )
    me = login(asn_karimun)
    assert me.post(f"/registri/saya/medsos/{theirs.pk}/hapus/").status_code == 404
    me.post(f"/registri/saya/medsos/{mine.pk}/hapus/")
    assert list(AkunMedsos.objects.values_list("handle", flat=True)) == ["rina"]
    assert Pegawai.objects.count() == 2
