import uuid

import pytest

from netral.reports.models import Report
from netral.reports.tests.factories import jpeg_bytes, submit, upload
from netral.reports.tests.test_public_views import form_data

pytestmark = pytest.mark.django_db


def test_api_submit_with_file_and_idempotency(client):
    # given
    key = str(uuid.uuid4())
    data = form_data(bukti=[upload("a.jpg", jpeg_bytes())])
    data.pop("idempotency_key")
    # when
    first = client.post("/api/v1/reports", data, headers={"Idempotency-Key": key})
    data["bukti"] = [upload("a.jpg", jpeg_bytes())]
    second = client.post("/api/v1/reports", data, headers={"Idempotency-Key": key})
    # then
    assert first.status_code == 201, first.content
    assert len(first.json()["receipt_code"]) == 20
    assert second.status_code == 200 and second.json()["receipt_code"] is None
    assert Report.objects.get().channel == Report.Channel.API


def test_api_validation_errors_use_the_envelope(client):
    # when
    response = client.post(
        "/api/v1/reports",
        form_data(description="x"),
        headers={"Idempotency-Key": str(uuid.uuid4())},
    )
    # then
    body = response.json()["error"]
    assert (
        response.status_code == 400
        and body["code"] == "invalid"
        and "description" in body["fields"]
    )


def test_api_status_by_code_in_body_and_throttled(client, settings):
    # given
    settings.REPORT_RECEIPT_TRIES = 2
    result = submit()
    # when
    ok = client.post(
        "/api/v1/reports/status", {"code": result.receipt_code}, content_type="application/json"
    )
    wrong = [
        client.post("/api/v1/reports/status", {"code": "1" * 20}, content_type="application/json")
        for _ in range(3)
    ]
    # then
    assert ok.status_code == 200 and ok.json()["intake_number"] == result.report.intake_number
    assert [w.status_code for w in wrong] == [404, 404, 429]
