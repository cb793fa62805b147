import uuid

import pytest
from django.db import connection

from netral.core.models import AuditEntry
from netral.reports import receipts, services
from netral.reports.models import Evidence, Report
from netral.reports.tests.factories import REPORTER, jpeg_bytes, submit, upload

pytestmark = pytest.mark.django_db


def test_public_report_gets_intake_number_receipt_and_encrypted_identity():
    # when
    result = submit()
    # then
    report = result.report
    assert result.created
    assert report.kind == Report.Kind.LAPORAN
    assert report.intake_number.startswith("LAP-") and report.intake_number.endswith("000001")
    assert len(result.receipt_code) == receipts.RECEIPT_DIGITS
    assert report.identity_token.startswith("v1.")
    assert REPORTER["nama"] not in report.identity_token
    assert report.has_reporter_name and report.has_reporter_address


def test_anonymous_report_is_a_tip_off_without_identity():
    # when
    report = submit(identity_mode=Report.IdentityMode.ANONYMOUS).report
    # then
    assert report.kind == Report.Kind.INFORMASI
    assert report.identity_token == ""
    assert report.intake_number.startswith("INF-")


def test_intake_numbers_are_gap_free_per_prefix():
    # when
    numbers = [submit().report.intake_number for _ in range(3)]
    # then
    assert [n[-6:] for n in numbers] == ["000001", "000002", "000003"]


def test_same_idempotency_key_gives_one_report():
    # given
    key = uuid.uuid4()
    first = submit(key=key)
    # when
    second = submit(key=key)
    # then
    assert second.report.pk == first.report.pk
    assert not second.created and second.receipt_code is None
    assert Report.objects.count() == 1


def test_public_submission_audit_entry_has_no_ip(rf):
    # when
    report = submit().report
    # then
    entry = AuditEntry.objects.get(action=services.SUBMITTED, target_id=str(report.pk))
    assert entry.ip is None and entry.user_agent == "" and entry.actor_label == "anonim"


def test_evidence_original_is_stored_unchanged_with_its_hash(
    settings, tmp_path, django_capture_on_commit_callbacks
):
    # given
    settings.MEDIA_ROOT = tmp_path
    content = jpeg_bytes(gps=True)
    # when
    with django_capture_on_commit_callbacks(execute=True):
        report = submit(files=[upload("foto.jpg", content)]).report
    # then
    item = Evidence.objects.get(report=report)
    import hashlib

    assert item.sha256 == hashlib.sha256(content).hexdigest()
    assert b"".join(services.evidence_original_chunks(item)) == content
    assert "foto" not in item.original.name
    assert item.shareable


def test_receipt_code_opens_its_report_only():
    # given
    result = submit()
    # when / then
    assert services.receipt_open(code=result.receipt_code, client="1.2.3.4").pk == result.report.pk
    with pytest.raises(services.ReceiptRejected):
        services.receipt_open(code="1" * 20, client="1.2.3.4")


def test_receipt_is_stored_only_as_prefix_and_slow_hash():
    # when
    result = submit()
    # then: the secret part of the code is in no column
    with connection.cursor() as cur:
        cur.execute("SELECT * FROM reports_report")
        row = " ".join(str(v) for v in cur.fetchone())
    assert result.receipt_code[6:] not in row


def test_db_queue_rows_commit_and_roll_back_with_the_report(settings, tmp_path, monkeypatch):
    # given: the database task queue (production default); queue rows are written in the
    # intake transaction, so a failed intake leaves neither report nor queued task
    from django_tasks_db.models import DBTaskResult

    settings.MEDIA_ROOT = tmp_path
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    ok = submit(files=[upload("a.jpg", jpeg_bytes())]).report
    queued = sorted(r.task_path.rsplit(".", 1)[1] for r in DBTaskResult.objects.all())

    def broken_audit(**kwargs):
        raise RuntimeError("audit store down")

    monkeypatch.setattr(services.audit, "record", broken_audit)
    # when
    with pytest.raises(RuntimeError):
        submit(files=[upload("b.jpg", jpeg_bytes())])
    # then
    assert queued == ["make_shareable_copy", "notify_handlers"]
    assert list(Report.objects.values_list("pk", flat=True)) == [ok.pk]
    assert DBTaskResult.objects.count() == 2
