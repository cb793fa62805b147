"""The identity snapshot (accounts/identity.py, issue 15 item 1): a session reuses its role
assignments and verified device between requests, and every change to them reaches an
open session on its very next request."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django_otp.plugins.otp_totp.models import TOTPDevice

from netral.accounts import identity, services
from netral.accounts.models import RoleAssignment
from netral.accounts.roles import Role
from netral.conftest import PASSWORD, verified_login
from netral.registry.tests.factories import PegawaiFactory

pytestmark = pytest.mark.django_db

CAMPAIGNS = "/ikrar/kampanye/"  # needs a staff permission (BKPSDM)


def _tables(client: Client, url: str) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as q:
        status = client.get(url).status_code
    return status, " ".join(x["sql"] for x in q.captured_queries)


def test_second_request_reads_no_identity_rows(hr_karimun):
    client = verified_login(Client(), hr_karimun)
    status, sql = _tables(client, CAMPAIGNS)
    assert status == 200 and "accounts_roleassignment" in sql and "otp_totp_totpdevice" in sql
    status, sql = _tables(client, CAMPAIGNS)
    assert status == 200
    assert "accounts_roleassignment" not in sql and "otp_totp_totpdevice" not in sql


def test_revoked_role_ends_access_on_the_next_request(hr_karimun):
    client = verified_login(Client(), hr_karimun)
    assert client.get(CAMPAIGNS).status_code == 200
    assert client.get(CAMPAIGNS).status_code == 200  # served from the snapshot
    services.role_revoke(assignment=hr_karimun.role_assignments.get(), actor=hr_karimun)
    assert client.get(CAMPAIGNS).status_code == 403


def test_granted_role_applies_on_the_next_request(asn_karimun, karimun):
    client = verified_login(Client(), asn_karimun)
    assert client.get(CAMPAIGNS).status_code == 403
    assert client.get(CAMPAIGNS).status_code == 403
    services.role_assign(user=asn_karimun, role=Role.HR_ADMIN, instansi=karimun, actor=asn_karimun)
    # A staff role now needs the second factor: the snapshot no longer lets the page open.
    r = client.get(CAMPAIGNS)
    assert r.status_code == 302 and "/masuk/" in r["Location"]


def test_deleted_device_ends_verification_on_the_next_request(hr_karimun):
    client = verified_login(Client(), hr_karimun)
    assert client.get(CAMPAIGNS).status_code == 200
    assert client.get(CAMPAIGNS).status_code == 200
    TOTPDevice.objects.filter(user=hr_karimun).delete()
    r = client.get(CAMPAIGNS)
    assert r.status_code == 302 and "/masuk/" in r["Location"]


def test_unconfirmed_device_ends_verification_on_the_next_request(hr_karimun):
    client = verified_login(Client(), hr_karimun)
    assert client.get(CAMPAIGNS).status_code == 200
    assert client.get(CAMPAIGNS).status_code == 200
    device = TOTPDevice.objects.get(user=hr_karimun)
    device.confirmed = False
    device.save()
    r = client.get(CAMPAIGNS)
    assert r.status_code == 302 and "/masuk/" in r["Location"]


def test_a_lost_token_validates_no_snapshot(hr_karimun):
    """A cache restart loses the tokens: sessions reload, even after a change made
    without signals (a raw UPDATE)."""
    client = verified_login(Client(), hr_karimun)
    assert client.get(CAMPAIGNS).status_code == 200
    assert client.get(CAMPAIGNS).status_code == 200
    cache.clear()
    RoleAssignment.objects.filter(user=hr_karimun).update(role=Role.INSPEKTORAT)
    assert client.get(CAMPAIGNS).status_code == 403


def test_unit_scope_from_the_snapshot(opd_disdik, disdik_karimun, dinkes_natuna):
    """An OPD admin's scope (the unit's path) is the same on a snapshot request."""
    mine = PegawaiFactory(unit=disdik_karimun, nama="Pegawai Disdik Satu")
    other = PegawaiFactory(unit=dinkes_natuna, nama="Pegawai Natuna Dua")
    client = verified_login(Client(), opd_disdik)
    pages = [client.get("/registri/pegawai/").content.decode() for _ in range(2)]
    for page in pages:
        assert mine.nama in page and other.nama not in page


def test_invalidate_replaces_the_token_again_after_commit(
    hr_karimun, django_capture_on_commit_callbacks
):
    before = identity.current_token(hr_karimun.pk)
    with django_capture_on_commit_callbacks(execute=True):
        identity.invalidate(hr_karimun.pk)
        during = identity.token(hr_karimun.pk)
    after = identity.token(hr_karimun.pk)
    assert len({before, during, after}) == 3


def test_another_users_snapshot_is_not_used(hr_karimun, asn_karimun):
    client = verified_login(Client(), hr_karimun)
    client.get(CAMPAIGNS)
    snap = client.session[identity.SESSION_KEY]
    assert not identity.valid(asn_karimun, snap, identity.current_token(asn_karimun.pk))


def test_the_first_page_after_login_uses_the_snapshot(asn_karimun):
    client = Client()
    r = client.post("/masuk/", {"username": asn_karimun.username, "password": PASSWORD})
    assert r.status_code == 302
    status, sql = _tables(client, "/")
    assert status == 200 and "accounts_roleassignment" not in sql
