"""Events and attendance (issue 14 item 2): QR check-in, NIP entry, bulk, print."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from netral.outreach import selectors, services, workflow
from netral.outreach.errors import InvalidTransition, OutreachError
from netral.outreach.models import Attendance, Event
from netral.outreach.tests.factories import make_event
from netral.registry.tests.factories import PegawaiFactory

pytestmark = pytest.mark.django_db


def test_qr_check_in_twice_records_once(karimun, asn_karimun):
    # given
    event = make_event(instansi=karimun)
    token = services.current_checkin_token(event)
    pegawai = asn_karimun.pegawai
    # when: a double tap
    a1, c1 = services.event_check_in(event=event, pegawai=pegawai, token=token, actor=None)
    a2, c2 = services.event_check_in(event=event, pegawai=pegawai, token=token, actor=None)
    # then
    assert (c1, c2) == (True, False) and a1.pk == a2.pk
    assert a1.method == Attendance.Method.QR
    assert Attendance.objects.filter(event=event).count() == 1


def test_qr_code_expires_and_check_in_has_a_window(karimun, asn_karimun):
    event = make_event(instansi=karimun)
    pegawai = asn_karimun.pegawai
    old = services.current_checkin_token(event, now=timezone.now() - dt.timedelta(minutes=10))
    with pytest.raises(InvalidTransition) as exc:
        services.event_check_in(event=event, pegawai=pegawai, token=old, actor=None)
    assert exc.value.code == OutreachError.CHECKIN_CODE_EXPIRED
    # a code of the previous window still works (slow phone, login first)
    prev = services.current_checkin_token(
        event, now=timezone.now() - dt.timedelta(seconds=services.QR_WINDOW)
    )
    assert services.checkin_token_valid(event, prev)
    later = event.selesai + dt.timedelta(hours=2)
    with pytest.raises(InvalidTransition) as exc:
        services.event_check_in(
            event=event,
            pegawai=pegawai,
            token=services.current_checkin_token(event, now=later),
            actor=None,
            now=later,
        )
    assert exc.value.code == OutreachError.CHECKIN_CLOSED


def test_other_agency_employee_cannot_check_in(karimun, asn_karimun, dinkes_natuna):
    event = make_event(instansi=karimun)
    outsider = PegawaiFactory(unit=dinkes_natuna)
    with pytest.raises(InvalidTransition) as exc:
        services.event_check_in(
            event=event,
            pegawai=outsider,
            token=services.current_checkin_token(event),
            actor=None,
        )
    assert exc.value.code == OutreachError.NOT_IN_AGENCY


def test_nip_entry_and_bulk_marking(karimun, bidang_sd, asn_karimun, hr_karimun, dinkes_natuna):
    # given
    event = make_event(instansi=karimun)
    others = [PegawaiFactory(unit=bidang_sd) for _ in range(3)]
    outsider = PegawaiFactory(unit=dinkes_natuna)
    # when: one NIP typed, then a pasted list with a duplicate, an outsider and a typo
    added, missing = services.event_mark_identifiers(
        event=event, text=asn_karimun.pegawai.nip, actor=hr_karimun, method="NIP"
    )
    text = "\n".join(
        [others[0].nip, others[1].nip, others[0].nip, outsider.nip, "199001012015031999"]
    )
    added2, missing2 = services.event_mark_identifiers(
        event=event, text=text, actor=hr_karimun, method="BULK"
    )
    again = services.event_mark(
        event=event,
        pegawai_ids=[others[2].pk, asn_karimun.pegawai_id],
        method="BULK",
        actor=hr_karimun,
    )
    # then
    assert (added, missing) == (1, [])
    assert added2 == 2 and set(missing2) == {outsider.nip, "199001012015031999"}
    assert again == 1
    assert Attendance.objects.filter(event=event).count() == 4


def test_progress_counts_invited_and_walk_ins(
    karimun, disdik_karimun, dinkes_karimun, bidang_sd, asn_karimun, hr_karimun
):
    nurse = PegawaiFactory(unit=dinkes_karimun)
    event = make_event(instansi=karimun, units=[disdik_karimun])
    services.event_mark(
        event=event, pegawai_ids=[asn_karimun.pegawai_id, nurse.pk], method="BULK", actor=hr_karimun
    )
    progress = selectors.event_progress(event=event, user=hr_karimun)
    assert (progress.invited.overall.done, progress.invited.overall.total) == (1, 1)
    assert progress.walk_ins == 1


def test_invitations_mailed_on_publish(karimun, bidang_sd, django_capture_on_commit_callbacks):
    PegawaiFactory(unit=bidang_sd, email="a@example.id")
    PegawaiFactory(unit=bidang_sd)
    event = make_event(instansi=karimun, publish=False)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.event_transition(event=event, name="publish", actor=None)
    assert [m.to[0] for m in mail.outbox] == ["a@example.id"]
    assert "pindai kode QR" in mail.outbox[0].body


def test_closed_or_cancelled_event_takes_no_qr(karimun, asn_karimun):
    event = make_event(instansi=karimun)
    workflow.event_transition(event=event, name="close", actor=None)
    with pytest.raises(InvalidTransition) as exc:
        services.event_check_in(
            event=event,
            pegawai=asn_karimun.pegawai,
            token=services.current_checkin_token(event),
            actor=None,
        )
    assert exc.value.code == OutreachError.EVENT_NOT_OPEN
    # the organiser may still type in the paper list afterwards
    assert (
        services.event_mark(
            event=event, pegawai_ids=[asn_karimun.pegawai_id], method="BULK", actor=None
        )
        == 1
    )


def test_end_before_start_is_refused(karimun, asn_karimun):
    from django.core.exceptions import ValidationError

    now = timezone.now()
    with pytest.raises(ValidationError):
        make_event(instansi=karimun, mulai=now, selesai=now - dt.timedelta(hours=1))
    assert not Event.objects.exists()


# --- over HTTP ----------------------------------------------------------------------------


def test_checkin_page_and_post(client, login, karimun, asn_karimun):
    event = make_event(instansi=karimun)
    token = services.current_checkin_token(event)
    login(asn_karimun)
    url = reverse("outreach:checkin", args=[event.pk, token])
    assert "Saya hadir" in client.get(url).content.decode()
    client.post(url)
    client.post(url)
    assert Attendance.objects.filter(event=event).count() == 1
    assert 'data-status="present"' in client.get(url).content.decode()
    bad = client.post(reverse("outreach:checkin", args=[event.pk, "x" * 20]))
    # already present: any code gives the same one record
    assert bad.status_code == 302
    assert Attendance.objects.filter(event=event).count() == 1


def test_expired_code_is_explained(client, login, karimun, asn_karimun):
    event = make_event(instansi=karimun)
    login(asn_karimun)
    response = client.post(reverse("outreach:checkin", args=[event.pk, "0" * 20]))
    assert response.status_code == 409
    assert "kedaluwarsa" in response.content.decode()
    assert not Attendance.objects.exists()


def test_organiser_pages_qr_and_printed_list(
    client, login, karimun, asn_karimun, hr_karimun, opd_natuna
):
    event = make_event(instansi=karimun)
    services.event_mark(
        event=event, pegawai_ids=[asn_karimun.pegawai_id], method="BULK", actor=None
    )
    login(hr_karimun)
    page = client.get(reverse("outreach:event_qr", args=[event.pk])).content.decode()
    assert "<svg" in page and f"/sosialisasi/hadir/{event.pk}/" in page
    pdf = client.get(reverse("outreach:event_attendance_pdf", args=[event.pk]))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert b"/ByteRange" in pdf.content  # PAdES-signed
    # NIP entry from the event page
    other = PegawaiFactory(unit=asn_karimun.pegawai.unit)
    client.post(reverse("outreach:event", args=[event.pk]), {"identifiers": other.nip})
    assert Attendance.objects.filter(event=event, pegawai=other, method="NIP").exists()
    login(opd_natuna)
    assert client.get(reverse("outreach:event", args=[event.pk])).status_code == 404
    assert client.get(reverse("outreach:event_attendance_pdf", args=[event.pk])).status_code == 404


def test_employee_sees_invitation_on_their_page(client, login, karimun, asn_karimun):
    event = make_event(instansi=karimun)
    login(asn_karimun)
    assert event.judul in client.get(reverse("outreach:mine")).content.decode()
