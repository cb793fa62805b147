"""Issue #2 "done when": a staff member logs in on a phone, enrols two-factor
authentication, finds an employee by NIP in the registry and opens the record."""

from __future__ import annotations

import base64
import re

import pytest
from django_otp.oath import totp
from playwright.sync_api import expect

from netral.accounts.roles import Role
from netral.accounts.tests.factories import RoleAssignmentFactory, UserFactory
from netral.conftest import PASSWORD, current_totp
from netral.core.models import AuditEntry
from netral.registry.tests.factories import PegawaiFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NIP = "198807152012032004"


def _code_from_secret(secret: str) -> str:
    """What the phone's authenticator app shows for the base32 secret on the enrol page."""
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    return f"{totp(key, step=30, t0=0, digits=6):06d}"


def _log_in(page, username):
    page.goto("/masuk/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")


def _find_by_nip_and_open(page, nama):
    page.get_by_role("link", name="Registri pegawai").click()
    page.wait_for_url(re.compile(r"/registri/pegawai/"))
    expect(page.locator("#hasil")).to_contain_text("Pegawai Lain")
    page.fill("#id_q", NIP[:12])  # a prefix is enough; htmx swaps the results live
    expect(page.locator("#hasil")).not_to_contain_text("Pegawai Lain")
    expect(page.get_by_test_id("result-count")).to_have_text(re.compile(r"^\s*1 pegawai"))
    assert f"q={NIP[:12]}" in page.url  # the search is in the address (back button, sharing)
    page.locator("#hasil").get_by_role("link", name=nama).click()
    page.wait_for_url(re.compile(r"/registri/pegawai/\d+/$"))
    assert page.get_by_test_id("pegawai-nip").inner_text() == NIP


def test_new_staff_enrols_2fa_then_finds_employee_by_nip(phone_page, dinkes_natuna, natuna):
    # given: a new BKPSDM staff member (like demo "staf.baru") without a TOTP device
    staf = UserFactory(username="staf.baru", nama="Staf Baru")
    RoleAssignmentFactory(user=staf, role=Role.HR_ADMIN, instansi=natuna)
    PegawaiFactory(unit=dinkes_natuna, nama="Siti Rahmawati", nip=NIP)
    PegawaiFactory(unit=dinkes_natuna, nama="Pegawai Lain")
    page = phone_page
    problems = []
    page.on("console", lambda m: problems.append(m.text) if "Content Security" in m.text else None)
    page.on(
        "response",
        lambda r: problems.append(r.url) if r.status >= 400 and "favicon" not in r.url else None,
    )
    # when: log in, enrol 2FA with the secret shown on the page
    _log_in(page, "staf.baru")
    page.wait_for_url(re.compile(r"/akun/2fa/daftar/$"))
    secret = page.get_by_test_id("totp-secret").inner_text().strip()
    page.fill("#id_token", _code_from_secret(secret))
    page.click("main button[type=submit]")
    # then: the recovery codes, shown once (issue 11 item 16), then home
    page.wait_for_url(re.compile(r"/akun/2fa/kode-pemulihan/$"))
    assert "Autentikasi dua faktor aktif" in page.content()
    assert page.get_by_test_id("recovery-codes").locator("li").count() == 10
    page.get_by_role("button", name="Saya sudah menyimpan kode ini").click()
    page.wait_for_url(re.compile(r"/$"))
    # then: the home page greets with the staff member's scope, and the search works
    assert page.get_by_test_id("stat-pegawai").inner_text().startswith("2")
    _find_by_nip_and_open(page, "Siti Rahmawati")
    assert AuditEntry.objects.filter(action="registry.pegawai.viewed", actor=staf).count() == 1
    # the phone layout does not scroll sideways, and nothing broke the strict CSP
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert problems == []


def test_staff_with_device_logs_in_and_finds_employee(phone_page, hr_karimun, bidang_sd):
    # given
    PegawaiFactory(unit=bidang_sd, nama="Siti Rahmawati", nip=NIP)
    PegawaiFactory(unit=bidang_sd, nama="Pegawai Lain")
    page = phone_page
    # when
    _log_in(page, hr_karimun.username)
    page.wait_for_url(re.compile(r"/masuk/verifikasi-2fa/"))
    page.fill("#id_token", current_totp(hr_karimun))
    page.click("main button[type=submit]")
    page.wait_for_url(re.compile(r"/$"))
    # then
    _find_by_nip_and_open(page, "Siti Rahmawati")


def test_registry_search_works_without_javascript(browser, live_server, hr_karimun, bidang_sd):
    # given: a phone with JavaScript off (plain GET form, full page reload)
    PegawaiFactory(unit=bidang_sd, nama="Siti Rahmawati", nip=NIP)
    context = browser.new_context(
        viewport={"width": 360, "height": 740},
        locale="id-ID",
        base_url=live_server.url,
        java_script_enabled=False,
    )
    page = context.new_page()
    try:
        _log_in(page, hr_karimun.username)
        page.fill("#id_token", current_totp(hr_karimun))
        page.click("main button[type=submit]")
        page.goto("/registri/pegawai/")
        # when
        page.fill("#id_q", NIP)
        page.click("form[role=search] button[type=submit]")
        # then
        assert f"q={NIP}" in page.url
        page.get_by_role("link", name="Siti Rahmawati").click()
        assert page.get_by_test_id("pegawai-nip").inner_text() == NIP
    finally:
        context.close()
