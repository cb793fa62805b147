"""Passkeys (WebAuthn) as a second factor beside TOTP (issue 9): enrol (name, list,
remove, audited), log in with a passkey after the password, and refuse what a phishing
site or a cloned authenticator would send. A software authenticator with a real P-256
key signs everything; the server's checks are the library's (py_webauthn), unmocked."""

from __future__ import annotations

import json
import threading

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django_otp_webauthn.models import WebAuthnCredential

from netral.accounts.roles import Perm, Role
from netral.accounts.tests.factories import RoleAssignmentFactory, UserFactory
from netral.accounts.tests.soft_authenticator import SoftAuthenticator
from netral.conftest import PASSWORD, current_totp, verified_login
from netral.core.env import webauthn_relying_party
from netral.core.models import AuditEntry

pytestmark = pytest.mark.django_db

REGISTER_BEGIN = "/akun/passkey/daftar/mulai/"
REGISTER_COMPLETE = "/akun/passkey/daftar/selesai/"
VERIFY_BEGIN = "/masuk/passkey/mulai/"
VERIFY_COMPLETE = "/masuk/passkey/selesai/"


def _post_json(client: Client, url: str, data: dict | None = None):
    return client.post(url, json.dumps(data or {}), content_type="application/json")


def _origin() -> str:
    return settings.OTP_WEBAUTHN_ALLOWED_ORIGINS[0]


def _staff_with_totp(username: str = "bawaslu.passkey", *, identity: bool = False):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    user = UserFactory(username=username)
    RoleAssignmentFactory(
        user=user,
        role=Role.BAWASLU,
        extra_perms=[Perm.REPORT_IDENTITY] if identity else [],
    )
    TOTPDevice.objects.create(user=user, name="Netral", confirmed=True)
    return user


def _enrol(client: Client, authenticator: SoftAuthenticator, **kwargs):
    options = _post_json(client, REGISTER_BEGIN).json()
    return _post_json(client, REGISTER_COMPLETE, authenticator.create(options, **kwargs))


def _password_login(user) -> Client:
    client = Client()
    response = client.post("/masuk/", {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302 and "/masuk/verifikasi-2fa/" in response["Location"]
    return client


def _passkey_login(client: Client, authenticator: SoftAuthenticator, **kwargs):
    options = _post_json(client, VERIFY_BEGIN).json()
    return _post_json(client, VERIFY_COMPLETE, authenticator.get(options, **kwargs))


def _enrolled_user():
    user = _staff_with_totp()
    authenticator = SoftAuthenticator(origin=_origin(), rp_id=settings.OTP_WEBAUTHN_RP_ID)
    client = verified_login(Client(), user)
    assert _enrol(client, authenticator).status_code == 200
    return user, authenticator


def test_relying_party_comes_from_site_url():
    assert webauthn_relying_party("https://netral.example.go.id/") == (
        "netral.example.go.id",
        ["https://netral.example.go.id"],
    )
    # Browsers refuse an IP address as RP ID; the dev default maps to localhost.
    assert webauthn_relying_party("http://127.0.0.1:8000") == (
        "localhost",
        ["http://localhost:8000"],
    )
    assert webauthn_relying_party("") == ("", [])


def test_enrol_name_list_and_remove_are_audited():
    # given: a staff member verified with TOTP
    user = _staff_with_totp()
    client = verified_login(Client(), user)
    authenticator = SoftAuthenticator(origin=_origin(), rp_id=settings.OTP_WEBAUTHN_RP_ID)
    # when: the authenticator answers the creation options
    options = _post_json(client, REGISTER_BEGIN).json()
    response = _post_json(client, REGISTER_COMPLETE, authenticator.create(options))
    # then: the credential is stored with its public key and a default name
    assert response.status_code == 200, response.content
    assert options["rp"]["id"] == settings.OTP_WEBAUTHN_RP_ID
    device = WebAuthnCredential.objects.get(user=user)
    assert response.json()["id"] == device.pk and device.name == "Passkey 1"
    assert bytes(device.credential_id) == authenticator.credential_id
    assert AuditEntry.objects.filter(action="accounts.passkey.added").count() == 1
    # when: named, as the page does after registering
    renamed = client.post(f"/akun/passkey/{device.pk}/nama/", {"name": "  Ponsel kantor  "})
    # then
    assert renamed.status_code == 302
    page = client.get("/akun/passkey/").content.decode()
    assert "Ponsel kantor" in page
    entry = AuditEntry.objects.get(action="accounts.passkey.renamed")
    assert entry.data["changed"] == ["Passkey 1", "Ponsel kantor"]
    # when: removed twice (a double submit)
    first = client.post(f"/akun/passkey/{device.pk}/hapus/")
    second = client.post(f"/akun/passkey/{device.pk}/hapus/")
    # then: one removal, audited once; the second finds nothing
    assert first.status_code == 302 and second.status_code == 404
    assert not WebAuthnCredential.objects.filter(user=user).exists()
    assert AuditEntry.objects.filter(action="accounts.passkey.removed").count() == 1


def test_a_name_is_required_and_bounded():
    user, _authenticator = _enrolled_user()
    client = verified_login(Client(), user)
    device = WebAuthnCredential.objects.get(user=user)
    for bad in ("   ", "x" * 65):
        response = client.post(f"/akun/passkey/{device.pk}/nama/", {"name": bad}, follow=True)
        assert response.status_code == 200
    device.refresh_from_db()
    assert device.name == "Passkey 1"


def test_someone_elses_passkey_cannot_be_renamed_or_removed():
    owner, _authenticator = _enrolled_user()
    device = WebAuthnCredential.objects.get(user=owner)
    other = _staff_with_totp("bawaslu.lain")
    client = verified_login(Client(), other)
    assert (
        client.post(f"/akun/passkey/{device.pk}/nama/", {"name": "milik saya"}).status_code == 404
    )
    assert client.post(f"/akun/passkey/{device.pk}/hapus/").status_code == 404
    device.refresh_from_db()
    assert device.name == "Passkey 1"


def test_a_password_alone_cannot_add_a_passkey():
    # given: password correct, second factor not yet given
    user = _staff_with_totp()
    client = _password_login(user)
    # when
    response = _post_json(client, REGISTER_BEGIN)
    # then: the registration endpoint is not reachable before verification
    assert response.status_code in {302, 403}
    assert not WebAuthnCredential.objects.exists()


def test_login_with_a_passkey_as_the_second_factor():
    # given
    user, authenticator = _enrolled_user()
    client = _password_login(user)
    page = client.get("/masuk/verifikasi-2fa/").content.decode()
    assert 'id="passkey-verification-placeholder"' in page and "otp_webauthn_auth.js" in page
    assert client.get("/").status_code == 302  # not verified yet
    # when
    response = _passkey_login(client, authenticator)
    # then
    assert response.status_code == 200, response.content
    assert response.json()["redirect_url"] == "/"
    assert client.get("/").status_code == 200
    device = WebAuthnCredential.objects.get(user=user)
    assert device.sign_count == 1 and device.last_used_at is not None
    assert AuditEntry.objects.filter(action="accounts.passkey.verified").count() == 1


def test_a_cloned_authenticator_replaying_the_counter_is_refused():
    # given: the real authenticator logged in once (counter 1 → server keeps 1)
    user, authenticator = _enrolled_user()
    assert _passkey_login(_password_login(user), authenticator).status_code == 200
    # when: a copy of the key signs with a counter that did not move forward
    client = _password_login(user)
    response = _passkey_login(client, authenticator, sign_count=1)
    # then: refused, still unverified, and the audit log names the likely clone
    assert response.status_code == 422
    assert client.get("/").status_code == 302
    assert AuditEntry.objects.filter(action="accounts.passkey.counter").count() == 1
    assert WebAuthnCredential.objects.get(user=user).sign_count == 1


def test_an_assertion_for_a_phishing_origin_is_refused():
    # given: the user signs on a look-alike site (the browser puts its origin in the data)
    user, authenticator = _enrolled_user()
    client = _password_login(user)
    # when
    response = _passkey_login(client, authenticator, origin="https://netral-bawaslu.example")
    # then
    assert response.status_code == 422
    assert client.get("/").status_code == 302
    assert AuditEntry.objects.filter(action="accounts.passkey.failed").count() == 1
    assert WebAuthnCredential.objects.get(user=user).sign_count == 0


def test_a_registration_from_a_phishing_origin_is_refused():
    user = _staff_with_totp()
    client = verified_login(Client(), user)
    authenticator = SoftAuthenticator(origin=_origin(), rp_id=settings.OTP_WEBAUTHN_RP_ID)
    response = _enrol(client, authenticator, origin="https://netral-bawaslu.example")
    assert response.status_code == 422
    assert not WebAuthnCredential.objects.exists()


def test_a_replayed_assertion_and_a_foreign_key_are_refused():
    # given: a captured, valid assertion
    user, authenticator = _enrolled_user()
    client = _password_login(user)
    options = _post_json(client, VERIFY_BEGIN).json()
    assertion = authenticator.get(options)
    assert _post_json(client, VERIFY_COMPLETE, assertion).status_code == 200
    # when: sent again in a new session (the challenge was used up)
    thief = _password_login(user)
    _post_json(thief, VERIFY_BEGIN)
    replay = _post_json(thief, VERIFY_COMPLETE, assertion)
    # then
    assert replay.status_code == 422 and thief.get("/").status_code == 302
    # when: the same credential id signed by a different key
    impostor = SoftAuthenticator(
        origin=_origin(), rp_id=authenticator.rp_id, credential_id=authenticator.credential_id
    )
    impostor.user_handle, impostor.sign_count = authenticator.user_handle, 10
    forged = _passkey_login(thief, impostor)
    # then
    assert forged.status_code == 422 and thief.get("/").status_code == 302
    # and: the completion without a begun ceremony, or with garbage, is a 4xx, not a 500
    assert _post_json(thief, VERIFY_COMPLETE, assertion).status_code == 400
    _post_json(thief, VERIFY_BEGIN)
    assert _post_json(thief, VERIFY_COMPLETE, {"id": "x"}).status_code == 422


def test_totp_and_recovery_still_work_for_a_user_with_a_passkey():
    user, _authenticator = _enrolled_user()
    client = _password_login(user)
    response = client.post("/masuk/verifikasi-2fa/", {"token": current_totp(user)})
    assert response.status_code == 302 and client.get("/").status_code == 200


def test_passkeys_are_recommended_to_who_can_reveal_identities():
    granted = _staff_with_totp("bawaslu.identitas", identity=True)
    plain = _staff_with_totp("bawaslu.biasa")
    assert "suggest-passkey" in verified_login(Client(), granted).get("/").content.decode()
    assert "suggest-passkey" not in verified_login(Client(), plain).get("/").content.decode()
    # once a passkey is added, the recommendation goes away
    client = verified_login(Client(), granted)
    authenticator = SoftAuthenticator(origin=_origin(), rp_id=settings.OTP_WEBAUTHN_RP_ID)
    assert _enrol(client, authenticator).status_code == 200
    assert "suggest-passkey" not in client.get("/").content.decode()


def test_pages_keep_the_content_security_policy():
    user, _authenticator = _enrolled_user()
    client = verified_login(Client(), user)
    for url in ("/akun/passkey/",):
        response = client.get(url)
        csp = response.headers["Content-Security-Policy"]
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp
        page = response.content.decode()
        assert "/static/django_otp_webauthn/otp_webauthn_register.js" in page
        assert "https://" not in page.split("<body")[0]  # no CDN
    catalog = client.get("/i18n/js/")
    assert catalog.status_code == 200 and "Pendaftaran" in catalog.content.decode()


def test_removing_the_passkey_that_verified_a_session_unverifies_it():
    # given: a session verified with the passkey (its identity snapshot cached)
    user, authenticator = _enrolled_user()
    client = _password_login(user)
    assert _passkey_login(client, authenticator).status_code == 200
    assert client.get("/").status_code == 200
    # when: the passkey is removed (from another, TOTP-verified session)
    device = WebAuthnCredential.objects.get(user=user)
    other = verified_login(Client(), user)
    assert other.post(f"/akun/passkey/{device.pk}/hapus/").status_code == 302
    # then: the passkey's session must verify again
    assert client.get("/").status_code == 302


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="parallel writers need PostgreSQL")
def test_two_parallel_logins_with_one_counter_value_let_one_in():
    # given: a clone and the original sign the same counter value in two sessions
    user, authenticator = _enrolled_user()
    clients = [_password_login(user) for _ in range(2)]
    assertions = [
        authenticator.get(_post_json(c, VERIFY_BEGIN).json(), sign_count=5) for c in clients
    ]
    start = threading.Barrier(2)
    statuses: list[int] = []

    def post(i: int) -> None:
        try:
            start.wait()
            statuses.append(_post_json(clients[i], VERIFY_COMPLETE, assertions[i]).status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=post, args=(i,)) for i in range(2)]
    # when
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    # then: the row lock lets exactly one through; the other sees the counter already at 5
    assert sorted(statuses) == [200, 422]
    assert WebAuthnCredential.objects.get(user=user).sign_count == 5
