"""Accessibility stays at zero violations on the outreach pages (issue 11 item 19):
axe-core (WCAG 2.1 A and AA) on a phone, as the BKPSDM admin who publishes circulars and
runs events, and as the employee who reads and checks in, with a circular read by one
employee, another still unread, an event with one attendee and a campaign not opened yet
(the signing plan to Bawaslu)."""

from __future__ import annotations

import datetime as dt

import pytest

from netral.core.tests.axe import walk
from netral.outreach import services
from netral.outreach.tests.factories import make_circular, make_event
from netral.pledges.tests.factories import make_campaign
from netral.registry.tests.factories import PegawaiFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("migration_data"),
]


@pytest.fixture
def outreach(karimun, bidang_sd, asn_karimun, hr_karimun):
    PegawaiFactory.create_batch(3, unit=bidang_sd)  # not reached by anything yet
    read = make_circular(instansi=karimun, actor=hr_karimun, perihal="Netralitas ASN")
    unread = make_circular(instansi=karimun, actor=hr_karimun, perihal="Larangan kampanye")
    services.circular_acknowledge(circular=read, pegawai=asn_karimun.pegawai, actor=asn_karimun)
    event = make_event(instansi=karimun, actor=hr_karimun, judul="Apel Netralitas ASN")
    token = services.current_checkin_token(event)
    services.event_check_in(
        event=event, pegawai=asn_karimun.pegawai, token=token, actor=asn_karimun
    )
    later = dt.date.today() + dt.timedelta(days=30)
    campaign = make_campaign(
        instansi=karimun,
        actor=hr_karimun,
        activate=False,
        stages=[{"nama": "Semua pegawai", "opens_on": later, "deadline": later}],
    )
    return {"read": read, "unread": unread, "event": event, "token": token, "plan": campaign}


def test_organiser_pages_have_no_violations(browser, live_server, hr_karimun, outreach):
    o = outreach
    pages = [
        "/sosialisasi/kelola/edaran/",
        "/sosialisasi/kelola/edaran/baru/",
        f"/sosialisasi/kelola/edaran/{o['read'].pk}/",
        f"/sosialisasi/kelola/edaran/{o['unread'].pk}/belum-membaca/",
        "/sosialisasi/kelola/kegiatan/",
        "/sosialisasi/kelola/kegiatan/baru/",
        f"/sosialisasi/kelola/kegiatan/{o['event'].pk}/",
        f"/sosialisasi/kelola/kegiatan/{o['event'].pk}/qr/",
        f"/sosialisasi/rencana/{o['plan'].pk}/",
        "/sosialisasi/jangkauan/",
        "/sosialisasi/jangkauan/tidak-terjangkau/",
    ]
    problems = walk(browser, live_server, hr_karimun, pages)
    assert problems == [], "\n".join(problems)


def test_employee_pages_have_no_violations(browser, live_server, asn_karimun, outreach):
    o = outreach
    pages = [
        "/sosialisasi/",
        f"/sosialisasi/edaran/{o['read'].pk}/",
        f"/sosialisasi/edaran/{o['unread'].pk}/",
        f"/sosialisasi/hadir/{o['event'].pk}/{o['token']}/",
    ]
    problems = walk(browser, live_server, asn_karimun, pages)
    assert problems == [], "\n".join(problems)
