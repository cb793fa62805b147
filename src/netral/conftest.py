"""Shared test personas (house style §12): who is who in Netral's tests.

* ``hr_karimun``      — BKPSDM admin of Pemkab Karimun (staff, 2FA).
* ``opd_disdik``      — OPD admin of Dinas Pendidikan Karimun.
* ``opd_natuna``      — the outsider: OPD admin of Dinas Kesehatan Natuna.
* ``bawaslu_karimun`` — Bawaslu officer for region 21.02.
* ``asn_karimun``     — an ordinary PNS in Dinas Pendidikan Karimun with a login.
* ``sysadmin``        — system administrator.
"""

from __future__ import annotations

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from netral.accounts.roles import Role
from netral.accounts.tests.factories import RoleAssignmentFactory, UserFactory
from netral.registry.models import Instansi, Region
from netral.registry.tests.factories import InstansiFactory, PegawaiFactory, UnitKerjaFactory

PASSWORD = "rahasia-uji-123"


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker, request):
    """The test database as pytest-django builds it; where a collected test asks for
    ``migration_data``, the rows the data migrations loaded are kept for it."""
    if any("migration_data" in getattr(item, "fixturenames", ()) for item in request.session.items):
        from netral.core.tests import migration_data

        with django_db_blocker.unblock():
            migration_data.capture()


@pytest.fixture
def migration_data(transactional_db):
    """The rows the data migrations load (regions, catalogue, deadlines, holidays, letter
    templates), present in a transactional test too: an earlier transactional test's flush
    emptied them, so the rows captured after ``migrate`` are loaded again."""
    from netral.core.tests import migration_data

    if not migration_data.seeded():
        migration_data.restore()


@pytest.fixture
def karimun(db):
    return InstansiFactory(
        kode="21.02", nama="Pemerintah Kabupaten Karimun", jenis=Instansi.Jenis.PEMKAB
    )


@pytest.fixture
def natuna(db):
    return InstansiFactory(
        kode="21.03", nama="Pemerintah Kabupaten Natuna", jenis=Instansi.Jenis.PEMKAB
    )


@pytest.fixture
def disdik_karimun(karimun):
    return UnitKerjaFactory(instansi=karimun, nama="Dinas Pendidikan", kode="01")


@pytest.fixture
def bidang_sd(disdik_karimun):
    return UnitKerjaFactory(
        instansi=disdik_karimun.instansi,
        parent=disdik_karimun,
        nama="Bidang SD",
        kode="01.01",
        jenis="BIDANG",
    )


@pytest.fixture
def dinkes_karimun(karimun):
    return UnitKerjaFactory(instansi=karimun, nama="Dinas Kesehatan", kode="02")


@pytest.fixture
def dinkes_natuna(natuna):
    return UnitKerjaFactory(instansi=natuna, nama="Dinas Kesehatan", kode="02")


def _staff(username, role, **scope):
    user = UserFactory(username=username)
    RoleAssignmentFactory(user=user, role=role, **scope)
    TOTPDevice.objects.create(user=user, name="test", confirmed=True)
    return user


@pytest.fixture
def sysadmin(db):
    return _staff("sysadmin", Role.SYSADMIN)


@pytest.fixture
def hr_karimun(karimun):
    return _staff("hr.karimun", Role.HR_ADMIN, instansi=karimun)


@pytest.fixture
def opd_disdik(disdik_karimun):
    return _staff("opd.disdik", Role.OPD_ADMIN, unit=disdik_karimun)


@pytest.fixture
def opd_natuna(dinkes_natuna):
    return _staff("opd.natuna", Role.OPD_ADMIN, unit=dinkes_natuna)


@pytest.fixture
def bawaslu_karimun(db):
    return _staff("bawaslu.karimun", Role.BAWASLU, region=Region.objects.get(kode="21.02"))


@pytest.fixture
def asn_karimun(bidang_sd):
    pegawai = PegawaiFactory(unit=bidang_sd, nama="Budi Santoso")
    user = UserFactory(username="budi", pegawai=pegawai)
    RoleAssignmentFactory(user=user, role=Role.EMPLOYEE)
    return user


def verified_login(client, user):
    """Log ``user`` in with a verified second factor, as after the TOTP step."""
    client.force_login(user)
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is not None:
        session = client.session
        session["otp_device_id"] = device.persistent_id
        session.save()
    return client


@pytest.fixture
def login(client):
    return lambda user: verified_login(client, user)


# --- Browser tests (Playwright driving Debian's Chromium; marker "browser") -------------


@pytest.fixture(scope="session")
def browser():
    import os

    # Playwright's sync API runs an event loop in this thread; Django's ORM refuses to
    # run beside one unless told the (test-only) access is deliberate.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=os.environ.get("CHROMIUM", "/usr/bin/chromium"),
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def phone_page(browser, live_server):
    """A page on a small phone screen (360×740), Indonesian locale, pointed at the live server."""
    context = browser.new_context(
        viewport={"width": 360, "height": 740}, locale="id-ID", base_url=live_server.url
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


@pytest.fixture
def desktop_page(browser, live_server):
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, locale="id-ID", base_url=live_server.url
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def current_totp(user) -> str:
    """The current TOTP code of ``user``'s confirmed device (what the phone app shows)."""
    from django_otp.oath import totp

    device = TOTPDevice.objects.get(user=user, confirmed=True)
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def browser_login(page, user, password: str = PASSWORD) -> None:
    """Log ``user`` in through the real login page (and the TOTP step for staff)."""
    import re

    page.goto("/masuk/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", password)
    page.click("main button[type=submit]")
    if TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        page.wait_for_url(re.compile(r"/masuk/verifikasi-2fa/"))
        page.fill("#id_token", current_totp(user))
        page.click("main button[type=submit]")
    page.wait_for_url(re.compile(r"/$"))
