"""On a phone: a Bawaslu officer with the identity grant sees passkeys recommended, adds
one (Chromium's virtual authenticator through CDP stands in for the phone's fingerprint
sensor), names it, logs out, and logs in again with the password and the passkey
(issue 9, phishing-resistant staff login). The library's vendored scripts run under the
site's strict Content-Security-Policy."""

from __future__ import annotations

import re

import pytest
from django_otp_webauthn.models import WebAuthnCredential

from netral.accounts.roles import Perm, Role
from netral.accounts.tests.factories import RoleAssignmentFactory
from netral.conftest import PASSWORD, browser_login
from netral.core.models import AuditEntry
from netral.core.tests.axe import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_enrol_a_passkey_and_log_in_with_it_on_a_phone(
    phone_page, live_server, settings, bawaslu_karimun
):
    # given: the relying party is the live server's address; the officer may reveal
    # identities; the phone has a platform authenticator with a fingerprint sensor
    settings.OTP_WEBAUTHN_RP_ID = "localhost"
    settings.OTP_WEBAUTHN_ALLOWED_ORIGINS = [live_server.url]
    assert live_server.url.startswith("http://localhost:")
    RoleAssignmentFactory(
        user=bawaslu_karimun, role=Role.BAWASLU, extra_perms=[Perm.REPORT_IDENTITY]
    )
    page = phone_page
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    cdp = page.context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    authenticator = cdp.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "internal",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
                "automaticPresenceSimulation": True,
            }
        },
    )["authenticatorId"]
    browser_login(page, bawaslu_karimun)
    # then: the home page recommends a passkey
    assert page.get_by_test_id("suggest-passkey").is_visible()
    # when: the officer opens the passkey page, names the passkey and registers it
    page.get_by_test_id("suggest-passkey").get_by_role("link").click()
    page.wait_for_url(re.compile(r"/akun/passkey/$"))
    assert page.get_by_test_id("no-passkeys").is_visible()
    assert_accessible(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.fill("#id_name", "Ponsel dinas")
    page.get_by_role("button", name="Daftarkan passkey").click()
    # then: back on the list, named, with the key on the virtual authenticator
    page.get_by_test_id("passkeys").get_by_text("Ponsel dinas", exact=True).wait_for()
    assert "tersimpan" in page.content()
    device = WebAuthnCredential.objects.get(user=bawaslu_karimun)
    assert device.name == "Ponsel dinas"
    stored = cdp.send("WebAuthn.getCredentials", {"authenticatorId": authenticator})
    assert len(stored["credentials"]) == 1
    page.screenshot(path="/tmp/passkey-list-phone.png", full_page=True)
    # when: logged out, then in again with the password and the passkey
    page.get_by_role("button", name="Keluar").click()
    page.wait_for_url(re.compile(r"/masuk/"))
    page.goto("/masuk/")
    page.fill("#id_username", bawaslu_karimun.username)
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(re.compile(r"/masuk/verifikasi-2fa/"))
    assert_accessible(page)
    page.get_by_role("button", name="Verifikasi dengan passkey").click()
    # then: home, verified by the passkey; the recommendation is gone
    page.wait_for_url(re.compile(r"^http://localhost:\d+/$"))
    assert page.get_by_test_id("roles").is_visible()
    assert page.get_by_test_id("suggest-passkey").count() == 0
    assert AuditEntry.objects.filter(action="accounts.passkey.verified").count() == 1
    device.refresh_from_db()
    assert device.last_used_at is not None
    assert not [e for e in errors if "Content Security Policy" in e], errors
