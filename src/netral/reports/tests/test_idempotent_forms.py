"""Issue 9, defect 6: a handler's message to the reporter and triage note are idempotent:
the form's hidden key makes a double submit create one row (core.idempotency)."""

from __future__ import annotations

import re

import pytest

from netral.reports.models import Message, ReportEvent
from netral.reports.tests.factories import submit

pytestmark = pytest.mark.django_db


def _key(page: str, action: str) -> str:
    form = page.split(f'/{action}/"', 1)[1]
    match = re.search(r'name="idempotency_key" value="([0-9a-f-]{36})"', form)
    assert match, f"the {action} form carries no idempotency key"
    return match.group(1)


def test_a_message_sent_twice_reaches_the_reporter_once(login, bawaslu_karimun):
    report = submit().report
    client = login(bawaslu_karimun)
    page = client.get(f"/laporan/{report.public_id}/").content.decode()
    data = {"body": "Mohon kirim foto tambahan.", "idempotency_key": _key(page, "pesan")}
    for _ in range(2):
        assert client.post(f"/laporan/{report.public_id}/pesan/", data).status_code == 302
    assert (
        Message.objects.filter(report=report, direction=Message.Direction.TO_REPORTER).count() == 1
    )


def test_a_triage_note_sent_twice_is_one_note(login, bawaslu_karimun):
    report = submit().report
    client = login(bawaslu_karimun)
    page = client.get(f"/laporan/{report.public_id}/").content.decode()
    data = {"text": "Perlu cek jadwal kampanye.", "idempotency_key": _key(page, "catatan")}
    before = ReportEvent.objects.filter(report=report).count()
    for _ in range(2):
        assert client.post(f"/laporan/{report.public_id}/catatan/", data).status_code == 302
    assert ReportEvent.objects.filter(report=report).count() == before + 1


def test_a_reporters_message_sent_twice_reaches_the_handlers_once(client):
    result = submit()
    client.post("/lapor/cek/", {"code": result.receipt_code})
    page = client.get("/lapor/cek/laporan/").content.decode()
    key = re.search(r'name="idempotency_key" value="([0-9a-f-]{36})"', page)
    assert key, "the form carries no idempotency key"
    data = {"body": "Pukul delapan pagi.", "idempotency_key": key.group(1)}
    for _ in range(2):
        assert client.post("/lapor/cek/laporan/", data).status_code == 302
    assert Message.objects.filter(report=result.report, direction="IN").count() == 1


def test_evidence_sent_twice_from_the_follow_up_page_is_stored_once(client):
    from netral.reports.models import Evidence
    from netral.reports.tests.factories import jpeg_bytes, upload

    result = submit()
    client.post("/lapor/cek/", {"code": result.receipt_code})
    page = client.get("/lapor/cek/laporan/").content.decode()
    form = next(f for f in page.split("<form")[1:] if 'name="bukti"' in f.split("</form>")[0])
    key = re.search(r'name="idempotency_key" value="([0-9a-f-]{36})"', form)
    assert key, "the evidence form carries no idempotency key"
    for _ in range(2):
        data = {
            "idempotency_key": key.group(1),
            "bukti": upload("foto.jpg", jpeg_bytes(), "image/jpeg"),
        }
        assert client.post("/lapor/cek/laporan/", data).status_code == 302
    assert Evidence.objects.filter(report=result.report).count() == 1
