"""Registry API with real tokens: scope, search, audit, error envelope (issue #2 item 7)."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from netral.accounts import services as account_services
from netral.accounts.tests.factories import UserFactory
from netral.core.models import AuditEntry
from netral.registry.models import AkunMedsos, Pegawai
from netral.registry.tests.factories import PegawaiFactory

LIST = reverse("api:pegawai_list")


def detail(p):
    return reverse("api:pegawai_detail", args=[p.pk])


def token_for(user) -> str:
    return account_services.api_token_create(user=user, name="uji", actor=None)[1]


@pytest.fixture
def api(client):
    """``api(user)`` → a client sending ``Authorization: Bearer <fresh token of user>``."""

    def make(user):
        client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {token_for(user)}"
        return client

    return make


def ids(response):
    return {row["nama"] for row in response.json()["results"]}


def test_token_from_management_command_works(client, hr_karimun, bidang_sd):
    # given
    PegawaiFactory(unit=bidang_sd, nama="Siti")
    out = io.StringIO()
    call_command("create_api_token", hr_karimun.username, stdout=out, stderr=io.StringIO())
    token = out.getvalue().strip()
    # when
    response = client.get(LIST, headers={"Authorization": f"Bearer {token}"})
    # then
    assert response.status_code == 200
    assert ids(response) == {"Siti"}


def test_read_only_token_for_the_inspektorat_reads_and_says_so(client, karimun, bidang_sd):
    # given: the Inspektorat holds api.read only (docs/security.md, API access per role)
    from netral.accounts.roles import Role
    from netral.conftest import _staff

    inspektorat = _staff("insp.karimun", Role.INSPEKTORAT, instansi=karimun)
    PegawaiFactory(unit=bidang_sd, nama="Siti")
    out, err = io.StringIO(), io.StringIO()
    # when
    call_command("create_api_token", inspektorat.username, stdout=out, stderr=err)
    token = out.getvalue().strip()
    response = client.get(LIST, headers={"Authorization": f"Bearer {token}"})
    # then
    assert "hanya untuk membaca" in err.getvalue()
    assert response.status_code == 200
    assert ids(response) == {"Siti"}


def test_command_refuses_a_role_without_api_access(asn_karimun):
    # when / then
    with pytest.raises(CommandError, match="tidak diizinkan memakai API"):
        call_command("create_api_token", asn_karimun.username, stdout=io.StringIO())


def test_no_credentials_is_401_in_envelope(client, db):
    # when
    response = client.get(LIST)
    # then
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "not_authenticated"


def test_wrong_and_revoked_token_are_rejected(client, hr_karimun):
    # given
    token, clear = account_services.api_token_create(user=hr_karimun, actor=None)
    wrong = clear[:-3] + "xyz"
    # when
    bad = client.get(LIST, headers={"Authorization": f"Bearer {wrong}"})
    account_services.api_token_revoke(token=token, actor=None)
    revoked = client.get(LIST, headers={"Authorization": f"Bearer {clear}"})
    # then
    assert bad.status_code == revoked.status_code == 401
    assert revoked.json()["error"]["code"] == "authentication_failed"


def test_role_without_api_use_is_forbidden(api, asn_karimun):
    # given: employees may view their own record in the UI but have no API access
    # when
    response = api(asn_karimun).get(LIST)
    # then
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "permission_denied"


def test_opd_admin_list_excludes_other_opd(
    api, opd_disdik, bidang_sd, dinkes_karimun, dinkes_natuna
):
    # given
    PegawaiFactory(unit=bidang_sd, nama="Guru")
    PegawaiFactory(unit=dinkes_karimun, nama="Perawat Karimun")
    PegawaiFactory(unit=dinkes_natuna, nama="Perawat Natuna")
    # when
    response = api(opd_disdik).get(LIST)
    # then
    assert response.status_code == 200
    assert ids(response) == {"Guru"}
    assert response.json()["count"] == 1


def test_opd_admin_detail_of_other_opd_is_404_like_missing(api, opd_disdik, dinkes_karimun):
    # given
    other = PegawaiFactory(unit=dinkes_karimun)
    client = api(opd_disdik)
    # when
    out_of_scope = client.get(detail(other))
    missing = client.get(reverse("api:pegawai_detail", args=[other.pk + 999]))
    # then
    assert out_of_scope.status_code == missing.status_code == 404
    assert out_of_scope.json() == missing.json()
    assert out_of_scope.json()["error"]["code"] == "not_found"
    assert not AuditEntry.objects.filter(action="registry.pegawai.viewed").exists()


def test_out_of_scope_unit_filter_is_invalid(api, opd_disdik, dinkes_karimun):
    # when
    response = api(opd_disdik).get(LIST, {"unit": dinkes_karimun.pk})
    # then
    assert response.status_code == 400
    body = response.json()["error"]
    assert body["code"] == "invalid"
    assert body["fields"]["unit"] == ["Unit kerja tidak ditemukan."]


def test_invalid_jenis_is_400(api, hr_karimun):
    # when
    response = api(hr_karimun).get(LIST, {"jenis": "PRESIDEN"})
    # then
    assert response.status_code == 400
    assert "jenis" in response.json()["error"]["fields"]


def test_search_by_nip_unit_and_jenis(api, hr_karimun, disdik_karimun, bidang_sd, dinkes_karimun):
    # given
    siti = PegawaiFactory(unit=bidang_sd, nama="Siti", nip="198712022011012003")
    PegawaiFactory(unit=bidang_sd, nama="Honorer", non_asn=True)
    PegawaiFactory(unit=dinkes_karimun, nama="Dokter")
    client = api(hr_karimun)
    # when
    by_nip = client.get(LIST, {"q": siti.nip[:12]})
    by_unit = client.get(LIST, {"unit": disdik_karimun.pk})
    by_jenis = client.get(LIST, {"unit": disdik_karimun.pk, "jenis": Pegawai.Jenis.NON_ASN})
    # then
    assert ids(by_nip) == {"Siti"}
    assert ids(by_unit) == {"Siti", "Honorer"}
    assert ids(by_jenis) == {"Honorer"}
    row = by_nip.json()["results"][0]
    assert row["nip"] == siti.nip
    assert row["unit"]["nama_lengkap"] == "Dinas Pendidikan > Bidang SD"
    assert row["instansi"]["kode"] == "21.02"


def test_list_is_paginated_by_50(api, hr_karimun, bidang_sd):
    # given
    PegawaiFactory.create_batch(51, unit=bidang_sd)
    client = api(hr_karimun)
    # when
    first = client.get(LIST).json()
    second = client.get(LIST, {"page": 2}).json()
    # then
    assert first["count"] == 51 and len(first["results"]) == 50 and first["next"]
    assert len(second["results"]) == 1 and second["next"] is None


def test_detail_is_audit_logged_and_complete(api, hr_karimun, disdik_karimun, bidang_sd):
    # given
    kadis = PegawaiFactory(unit=disdik_karimun, nama="Kadis")
    pegawai = PegawaiFactory(unit=bidang_sd, nama="Budi", atasan=kadis, golongan="III/b")
    AkunMedsos.objects.create(pegawai=pegawai, platform="tiktok", handle="budi.guru")
    # when
    response = api(hr_karimun).get(detail(pegawai))
    # then
    data = response.json()
    assert response.status_code == 200
    assert data["atasan"] == {"id": kadis.pk, "nama": "Kadis", "nip": kadis.nip}
    assert data["akun_medsos"] == [{"platform": "tiktok", "handle": "budi.guru"}]
    assert data["golongan"] == "III/b"
    assert "email" not in data and "telepon" not in data  # data minimisation (UU 27/2022)
    entry = AuditEntry.objects.get(action="registry.pegawai.viewed")
    assert entry.actor == hr_karimun and entry.target_id == str(pegawai.pk)


def test_session_without_2fa_does_not_authenticate(client, hr_karimun, bidang_sd):
    # given: password step done, TOTP not (``/api/`` is outside the 2FA middleware)
    PegawaiFactory(unit=bidang_sd)
    client.force_login(hr_karimun)
    # when
    response = client.get(LIST)
    # then
    assert response.status_code in (401, 403)


def test_session_after_2fa_works(login, hr_karimun, bidang_sd):
    # given
    PegawaiFactory(unit=bidang_sd, nama="Siti")
    # when
    response = login(hr_karimun).get(LIST)
    # then
    assert response.status_code == 200
    assert ids(response) == {"Siti"}


def test_user_without_roles_has_no_api(api, db):
    # when
    response = api(UserFactory(username="kosong")).get(LIST)
    # then
    assert response.status_code == 403
