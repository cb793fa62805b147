import datetime as dt
import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from netral.reports import services
from netral.reports.models import Report
from netral.reports.tests.factories import submit
from netral.reports.tests.test_public_views import form_data

pytestmark = pytest.mark.django_db

XSS = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def test_inbox_lists_reports_in_scope_with_constant_queries(login, bawaslu_karimun):
    # given
    # the first request stores the user's identity token in the cache; then measure
    login(bawaslu_karimun).get(reverse("reports:inbox"))
    submit()
    with CaptureQueriesContext(connection) as few:
        client_response = login(bawaslu_karimun).get(reverse("reports:inbox"))
    for _ in range(5):
        submit()
    # when
    with CaptureQueriesContext(connection) as many:
        response = login(bawaslu_karimun).get(reverse("reports:inbox"))
    # then
    assert client_response.status_code == response.status_code == 200
    assert response.content.decode().count("LAP-") == 6
    assert len(many) == len(few)


def test_out_of_scope_report_is_404(login, opd_natuna, bawaslu_karimun, db):
    # given
    from netral.accounts.roles import Role
    from netral.conftest import _staff
    from netral.registry.models import Region

    natuna_officer = _staff("bawaslu.natuna", Role.BAWASLU, region=Region.objects.get(kode="21.03"))
    report = submit().report
    # when
    response = login(natuna_officer).get(reverse("reports:detail", args=[report.public_id]))
    missing = login(natuna_officer).get(reverse("reports:detail", args=[uuid.uuid4()]))
    # then
    assert response.status_code == missing.status_code == 404


def test_html_in_every_field_is_inert(client, login, bawaslu_karimun):
    # given: a report whose every free-text field carries markup
    data = form_data(
        **{
            "terlapor-0-nama": XSS,
            "terlapor-0-jabatan": XSS,
            "description": XSS + " mengajak pegawai mendukung calon.",
            "place_detail": XSS,
            "nama": XSS,
            "alamat": XSS,
        }
    )
    client.post(reverse("reports:lapor"), data)
    report = Report.objects.get()
    services.message_from_reporter(report=report, body=XSS)
    # when
    staff_page = login(bawaslu_karimun).get(reverse("reports:detail", args=[report.public_id]))
    # then
    html = staff_page.content.decode()
    assert "<script>alert" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert" in html


def test_reporter_page_shows_handler_text_inert(client, bawaslu_karimun):
    # given
    result = submit()
    services.message_to_reporter(report=result.report, body=XSS, actor=bawaslu_karimun)
    client.post(reverse("reports:lapor_check"), {"code": result.receipt_code})
    # when
    html = client.get(reverse("reports:lapor_status")).content.decode()
    # then
    assert "<script>alert" not in html and "&lt;script&gt;" in html
    assert "bawaslu.karimun" not in html  # handlers appear as "Petugas" only


def test_staff_records_a_temuan_with_intake_number(login, bawaslu_karimun):
    # given
    data = form_data(channel="TEMUAN", identity_mode="", nama="", alamat="", telepon="", email="")
    # when
    response = login(bawaslu_karimun).post(reverse("reports:intake"), data)
    # then
    report = Report.objects.get()
    assert response.status_code == 302
    assert report.kind == Report.Kind.TEMUAN and report.intake_number.startswith("TEM-")
    assert report.created_by == bawaslu_karimun and not report.receipt_hash


def test_staff_enters_walk_in_report_with_identity(login, bawaslu_karimun):
    # given
    data = form_data(channel="DATANG")
    # when
    login(bawaslu_karimun).post(reverse("reports:intake"), data)
    # then
    report = Report.objects.get()
    assert report.channel == Report.Channel.DATANG and report.kind == Report.Kind.LAPORAN
    assert report.identity_token


def test_handler_messages_notes_and_triages_through_pages(login, bawaslu_karimun):
    # given
    report = submit(event_at=timezone.now() - dt.timedelta(days=1)).report
    c = login(bawaslu_karimun)
    # when
    c.post(reverse("reports:act", args=[report.public_id, "pesan"]), {"body": "Ada foto lain?"})
    c.post(
        reverse("reports:act", args=[report.public_id, "catatan"]), {"text": "Cek absensi apel."}
    )
    c.post(reverse("reports:act", args=[report.public_id, "status"]), {"to": "triaged"})
    # then
    report.refresh_from_db()
    assert report.status == Report.Status.TRIAGED
    assert report.messages.get().body == "Ada foto lain?"
    assert report.events.filter(kind="NOTE", text="Cek absensi apel.").exists()


def test_employee_cannot_open_inbox(login, asn_karimun):
    # when
    response = login(asn_karimun).get(reverse("reports:inbox"))
    # then
    assert response.status_code == 403
