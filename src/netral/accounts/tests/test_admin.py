"""Django admin: superusers only, read-only audit, writes through audited services."""

from __future__ import annotations

import pytest
from django.urls import reverse

from netral.accounts import services
from netral.accounts.models import ApiToken, RoleAssignment, User
from netral.accounts.roles import Role
from netral.core import audit
from netral.core.models import AuditEntry
from netral.registry.models import AkunMedsos, Pegawai
from netral.registry.tests.factories import PegawaiFactory, make_nip


@pytest.fixture
def superuser(sysadmin):
    sysadmin.is_superuser = sysadmin.is_staff = True
    sysadmin.save(update_fields=["is_superuser", "is_staff"])
    return sysadmin


def _inline_management(prefix, total=0, initial=0):
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def test_anonymous_is_sent_to_netral_login(client, db):
    # when
    response = client.get("/admin/", follow=True)
    # then
    assert response.redirect_chain[-1][0].startswith(reverse("accounts:login"))
    assert "next=%2Fadmin%2F" in response.redirect_chain[-1][0]


def test_staff_role_without_superuser_is_denied(login, hr_karimun):
    # given: hr admin with verified 2FA, even with is_staff set by mistake
    hr_karimun.is_staff = True
    hr_karimun.save(update_fields=["is_staff"])
    client = login(hr_karimun)
    # when
    response = client.get("/admin/", follow=True)
    # then
    assert response.status_code == 403


def test_superuser_without_2fa_is_sent_to_verification(client, superuser):
    # given
    client.force_login(superuser)
    # when
    response = client.get("/admin/")
    # then
    assert response["Location"].startswith(reverse("accounts:otp_verify"))


@pytest.mark.parametrize(
    "model",
    [
        "registry/region",
        "registry/instansi",
        "registry/unitkerja",
        "registry/pegawai",
        "accounts/user",
        "accounts/apitoken",
        "core/auditentry",
        "core/jobprogress",
    ],
)
def test_superuser_sees_every_changelist(login, superuser, bidang_sd, model):
    # given
    PegawaiFactory(unit=bidang_sd)
    # when
    response = login(superuser).get(f"/admin/{model}/")
    # then
    assert response.status_code == 200


def test_audit_entries_cannot_be_added_changed_or_deleted(login, superuser):
    # given
    entry = audit.record(actor=None, action="accounts.login.failed")
    client = login(superuser)
    # when
    add = client.get("/admin/core/auditentry/add/")
    change = client.post(f"/admin/core/auditentry/{entry.pk}/change/", {"action": "x"})
    delete = client.post(f"/admin/core/auditentry/{entry.pk}/delete/", {"post": "yes"})
    # then
    assert add.status_code == 403
    assert delete.status_code == 403
    entry.refresh_from_db()
    assert entry.action != "x" and change.status_code in (200, 403)
    assert AuditEntry.objects.filter(pk=entry.pk).exists()


def test_api_token_page_hides_key_hash_and_revokes_through_service(login, superuser, hr_karimun):
    # given
    token, _clear = services.api_token_create(user=hr_karimun, actor=None)
    client = login(superuser)
    # when
    page = client.get(f"/admin/accounts/apitoken/{token.pk}/change/")
    response = client.post(
        "/admin/accounts/apitoken/", {"action": "revoke", "_selected_action": [token.pk]}
    )
    # then
    assert token.key_hash not in page.content.decode()
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert AuditEntry.objects.filter(action="accounts.api_token.revoked").count() == 1


def test_pegawai_added_in_admin_goes_through_service(login, superuser, bidang_sd):
    # given
    data = {
        "instansi": bidang_sd.instansi_id,
        "unit": bidang_sd.pk,
        "nip": make_nip(500),
        "nik": "",
        "nama": "Pegawai Admin",
        "jenis_pegawai": "PNS",
        "golongan": "III/a",
        "jabatan": "Analis",
        "tingkat_jabatan": "PELAKSANA",
        "is_active": "on",
        **_inline_management("akun_medsos", total=1),
        "akun_medsos-0-platform": "instagram",
        "akun_medsos-0-handle": "@Pegawai.Admin",
    }
    # when
    response = login(superuser).post("/admin/registry/pegawai/add/", data)
    # then
    assert response.status_code == 302, response.context["adminform"].form.errors
    pegawai = Pegawai.objects.get(nama="Pegawai Admin")
    assert pegawai.unit_path == bidang_sd.path
    assert AkunMedsos.objects.get(pegawai=pegawai).handle == "pegawai.admin"
    assert AuditEntry.objects.filter(
        action="registry.pegawai.created", target_id=str(pegawai.pk)
    ).exists()


def test_pegawai_changed_in_admin_is_audited(login, superuser, bidang_sd):
    # given
    pegawai = PegawaiFactory(unit=bidang_sd, nama="Nama Lama")
    data = {
        "instansi": pegawai.instansi_id,
        "unit": bidang_sd.pk,
        "nip": pegawai.nip,
        "nik": "",
        "nama": "Nama Baru",
        "jenis_pegawai": "PNS",
        "golongan": "",
        "jabatan": pegawai.jabatan,
        "tingkat_jabatan": pegawai.tingkat_jabatan,
        "is_active": "on",
        **_inline_management("akun_medsos"),
    }
    # when
    response = login(superuser).post(f"/admin/registry/pegawai/{pegawai.pk}/change/", data)
    # then
    assert response.status_code == 302
    pegawai.refresh_from_db()
    assert pegawai.nama == "Nama Baru"
    entry = AuditEntry.objects.get(action="registry.pegawai.updated")
    assert entry.data["changed"]["nama"] == ["Nama Lama", "Nama Baru"]


def test_role_added_and_removed_in_admin_is_audited(login, superuser, karimun):
    # given
    user = services.user_create(username="calon.admin", password=None, actor=None)
    client = login(superuser)
    base = {
        "nama": "Calon Admin",
        "email": "",
        "is_active": "on",
        **_inline_management("role_assignments", total=1),
        "role_assignments-0-role": Role.HR_ADMIN,
        "role_assignments-0-instansi": karimun.pk,
        "role_assignments-0-extra_perms": "[]",
    }
    # when
    added = client.post(f"/admin/accounts/user/{user.pk}/change/", base)
    assignment = RoleAssignment.objects.get(user=user)
    removed = client.post(
        f"/admin/accounts/user/{user.pk}/change/",
        {
            **base,
            **_inline_management("role_assignments", total=1, initial=1),
            "role_assignments-0-id": assignment.pk,
            "role_assignments-0-user": user.pk,
            "role_assignments-0-DELETE": "on",
        },
    )
    # then
    assert added.status_code == 302, added.context["adminform"].form.errors
    assert removed.status_code == 302
    assert not RoleAssignment.objects.filter(user=user).exists()
    actions = list(
        AuditEntry.objects.filter(action__startswith="accounts.role").values_list(
            "action", flat=True
        )
    )
    assert sorted(actions) == ["accounts.role.assigned", "accounts.role.revoked"]
    assert User.objects.get(pk=user.pk).nama == "Calon Admin"


def test_user_update_keeps_admin_access_tied_to_superuser(db):
    # given
    user = services.user_create(username="akan.admin", password=None, actor=None)
    # when
    services.user_update(user=user, is_superuser=True, actor=None)
    # then
    user.refresh_from_db()
    assert user.is_staff and user.is_superuser
    with pytest.raises(ValueError):
        services.user_update(user=user, is_staff=False, actor=None)
    assert ApiToken.objects.count() == 0


def test_user_added_in_admin_goes_through_service(login, superuser):
    # when
    response = login(superuser).post(
        "/admin/accounts/user/add/",
        {
            "username": "pengguna.baru",
            "usable_password": "true",
            "password1": "kata-sandi-panjang-2024",
            "password2": "kata-sandi-panjang-2024",
            **_inline_management("role_assignments"),
        },
    )
    # then
    assert response.status_code == 302, response.context["adminform"].form.errors
    user = User.objects.get(username="pengguna.baru")
    assert user.check_password("kata-sandi-panjang-2024")
    assert not user.is_staff
    assert AuditEntry.objects.filter(action="accounts.user.created", actor=superuser).exists()
