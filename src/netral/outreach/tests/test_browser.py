"""Phone-sized browser tests (issue 14): the employee's acknowledgement and the QR
check-in."""

from __future__ import annotations

import os

import pytest

from netral.conftest import PASSWORD
from netral.outreach.models import Acknowledgement
from netral.outreach.tests.factories import make_circular

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = os.environ.get("NETRAL_SCREENSHOTS")


def _no_horizontal_scroll(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= 360 + 1


def _shot(page, name):
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, f"{name}.png"), full_page=True)


def _login(page, user):
    page.get_by_label("Nama pengguna").fill(user.username)
    page.get_by_label("Kata sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()


def test_employee_acknowledges_a_circular_on_a_phone(phone_page, karimun, asn_karimun):
    # given: a published circular to the whole agency
    circular = make_circular(instansi=karimun, perihal="Netralitas ASN menjelang kampanye")
    page = phone_page
    # when: log in and follow the home card
    page.goto("/masuk/")
    _login(page, asn_karimun)
    page.get_by_role("link", name="Edaran dan sosialisasi netralitas").click()
    assert page.get_by_text("Belum dibaca").is_visible()
    _no_horizontal_scroll(page)
    page.get_by_role("button", name="Baca edaran").click()
    assert "wajib menjaga netralitas" in page.locator("#circular-body").inner_text()
    _no_horizontal_scroll(page)
    _shot(page, "edaran-baca")
    # when: an impatient double tap
    page.get_by_role("button", name="Saya telah membaca edaran ini").dblclick()
    # then: one record, and the page says so
    page.wait_for_selector('#ack-status[data-status="acknowledged"]')
    _shot(page, "edaran-dibaca")
    assert Acknowledgement.objects.filter(circular=circular).count() == 1
    page.goto("/sosialisasi/")
    assert page.get_by_text("Telah dibaca").is_visible()


def test_qr_check_in_on_a_phone(phone_page, desktop_page, karimun, asn_karimun, hr_karimun):
    # given: an event happening now, its QR shown at the venue by the organiser
    from netral.conftest import current_totp
    from netral.outreach.models import Attendance
    from netral.outreach.tests.factories import make_event

    event = make_event(instansi=karimun, judul="Apel Netralitas ASN")
    screen = desktop_page
    screen.goto("/masuk/")
    _login(screen, hr_karimun)
    screen.fill("#id_token", current_totp(hr_karimun))
    screen.get_by_role("button", name="Verifikasi").click()
    screen.goto(f"/sosialisasi/kelola/kegiatan/{event.pk}/")
    screen.get_by_role("button", name="Tampilkan kode QR daftar hadir").click()
    assert screen.locator("#checkin-qr svg").is_visible()
    _shot(screen, "kegiatan-qr")
    url = screen.locator("#checkin-url a").get_attribute("href")
    # when: the employee's phone opens the QR's link, logs in and taps twice
    page = phone_page
    page.goto(url)
    _login(page, asn_karimun)
    assert page.get_by_text("Apel Netralitas ASN").is_visible()
    _no_horizontal_scroll(page)
    page.get_by_role("button", name="Saya hadir").dblclick()
    # then: present, one record
    page.wait_for_selector('#checkin-status[data-status="present"]')
    _no_horizontal_scroll(page)
    _shot(page, "kegiatan-hadir")
    assert Attendance.objects.filter(event=event, pegawai=asn_karimun.pegawai).count() == 1
    # and the organiser's printed list carries the attendee
    screen.goto(f"/sosialisasi/kelola/kegiatan/{event.pk}/")
    assert "1 dari" in screen.locator("#attendance-summary").inner_text()


def test_qr_page_follows_the_rotating_code_without_reloading(
    desktop_page, karimun, hr_karimun, asn_karimun, monkeypatch
):
    # given: a code that rotates every 2 s (120 s in use), so the page asks every second
    from netral.conftest import browser_login
    from netral.outreach import services
    from netral.outreach.tests.factories import make_event

    monkeypatch.setattr(services, "QR_WINDOW", 2)
    event = make_event(instansi=karimun, judul="Apel Netralitas ASN")
    page = desktop_page
    browser_login(page, hr_karimun)
    page.goto(f"/sosialisasi/kelola/kegiatan/{event.pk}/qr/")
    first = page.locator("#checkin-url a").get_attribute("href")
    page.evaluate("window.notReloaded = true")
    # when: the next window starts
    page.wait_for_function(
        "(first) => document.querySelector('#checkin-url a').href !== first",
        arg=page.evaluate("document.querySelector('#checkin-url a').href"),
        timeout=15_000,
    )
    # then: a new code, swapped in place (no meta refresh, no full reload: WCAG 2.2.1)
    assert page.locator("#checkin-url a").get_attribute("href") != first
    assert page.evaluate("window.notReloaded") is True
    assert page.locator("meta[http-equiv=refresh]").count() == 0
    assert page.locator("#qr-live").count() == 1
