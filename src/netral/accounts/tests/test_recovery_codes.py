"""2FA recovery (issue 11 item 16): one-time recovery codes at enrolment (django-otp's
static device), shown once, usable once, audited; a replayed code says so."""

from __future__ import annotations

import re
import time

import pytest
from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from netral.accounts.roles import Role
from netral.accounts.tests.factories import RoleAssignmentFactory, UserFactory
from netral.conftest import PASSWORD
from netral.core.models import AuditEntry

pytestmark = pytest.mark.django_db


def _staff_logged_in_without_2fa():
    user = UserFactory(username="hr.baru")
    RoleAssignmentFactory(user=user, role=Role.SYSADMIN)
    client = Client()
    client.post("/masuk/", {"username": user.username, "password": PASSWORD})
    return user, client


def _enrol(user, client):
    client.get("/akun/2fa/daftar/")
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    code = f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=6):06d}"
    return client.post("/akun/2fa/daftar/", {"token": code}, follow=True)


def _codes(page) -> list[str]:
    return re.findall(r"<code>([a-z2-7]{5}-[a-z2-7]{5})</code>", page.content.decode())


def test_enrolment_shows_ten_codes_once(db):
    # given
    user, client = _staff_logged_in_without_2fa()
    # when
    page = _enrol(user, client)
    # then
    codes = _codes(page)
    assert len(codes) == 10 and len(set(codes)) == 10
    assert "hanya ditampilkan sekali" in page.content.decode()
    assert StaticToken.objects.filter(device__user=user).count() == 10
    again = client.get("/akun/2fa/kode-pemulihan/")
    assert _codes(again) == [] and "10 kode pemulihan yang belum dipakai" in again.content.decode()
    assert AuditEntry.objects.filter(action="accounts.recovery.created").count() == 1


def test_a_code_logs_in_once_and_a_replay_says_so(db):
    # given: enrolled, then logged out (the phone is lost)
    user, client = _staff_logged_in_without_2fa()
    code = _codes(_enrol(user, client))[3]
    client.post("/keluar/")
    client.post("/masuk/", {"username": user.username, "password": PASSWORD})
    # when: the code, in capitals with a space
    response = client.post(
        "/masuk/verifikasi-2fa/", {"code": code.upper().replace("-", " ")}, follow=True
    )
    # then
    assert response.redirect_chain and response.redirect_chain[-1][0] == "/"
    assert "Tersisa 9 kode" in response.content.decode()
    assert AuditEntry.objects.filter(action="accounts.recovery.used").count() == 1
    # when: the same code again, in a new session
    client.post("/keluar/")
    client.post("/masuk/", {"username": user.username, "password": PASSWORD})
    replay = client.post("/masuk/verifikasi-2fa/", {"code": code})
    # then
    text = replay.content.decode()
    assert "sudah pernah dipakai" in text and "hanya berlaku sekali" in text
    assert client.get("/").status_code == 302  # still not verified
    assert AuditEntry.objects.filter(action="accounts.recovery.replayed").count() == 1


def test_wrong_code_is_refused_and_a_new_set_cancels_the_old(db):
    # given
    user, client = _staff_logged_in_without_2fa()
    old = _codes(_enrol(user, client))
    # when: a new set
    fresh = _codes(client.post("/akun/2fa/kode-pemulihan/", follow=True))
    client.post("/keluar/")
    client.post("/masuk/", {"username": user.username, "password": PASSWORD})
    wrong = client.post("/masuk/verifikasi-2fa/", {"code": old[0]})
    # then
    assert len(fresh) == 10 and not set(fresh) & set(old)
    assert "Kode pemulihan salah." in wrong.content.decode()
    # a guess right after a wrong one is throttled (django-otp: 1 s, doubling)
    throttled = client.post("/masuk/verifikasi-2fa/", {"code": fresh[0]})
    assert "Terlalu banyak kode salah" in throttled.content.decode()
    time.sleep(1.1)
    ok = client.post("/masuk/verifikasi-2fa/", {"code": fresh[0]})
    assert ok.status_code == 302
