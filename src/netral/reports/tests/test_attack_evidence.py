"""Issue 9, defect 3 (and 10a): identity in evidence metadata; originals are identifying."""

import io

import pikepdf
import pytest
from django.urls import reverse
from PIL import Image

from netral.accounts.roles import Perm, Role
from netral.conftest import _staff, verified_login
from netral.registry.models import Region
from netral.reports import evidence as ev
from netral.reports import services
from netral.reports.errors import EvidenceRejected
from netral.reports.models import Evidence
from netral.reports.tests.factories import jpeg_bytes, submit, upload

pytestmark = pytest.mark.django_db

AUTHOR = "Sulastri Wahyuningsih"


def pdf_with_identity() -> bytes:
    pdf = pikepdf.new()
    pdf.add_blank_page()
    pdf.docinfo["/Author"] = AUTHOR
    pdf.Root.OpenAction = pikepdf.Dictionary(S=pikepdf.Name.JavaScript, JS="app.alert(1)")
    pdf.attachments["kontak.txt"] = pikepdf.AttachedFileSpec(pdf, b"0812777")
    with pdf.open_metadata() as meta:
        meta["dc:creator"] = [AUTHOR]
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


def _handler(username, *, grant=False):
    user = _staff(username, Role.BAWASLU, region=Region.objects.get(kode="21.02"))
    if grant:
        a = user.role_assignments.get()
        a.extra_perms = [Perm.REPORT_IDENTITY]
        a.save()
    return user


def test_pdf_gets_a_clean_copy_without_metadata_javascript_or_attachments(
    django_capture_on_commit_callbacks,
):
    # when
    with django_capture_on_commit_callbacks(execute=True):
        report = submit(files=[upload("s.pdf", pdf_with_identity())]).report
    # then
    item = Evidence.objects.get(report=report)
    assert item.shareable
    with item.shareable.open("rb") as fh:
        raw = fh.read()
    assert AUTHOR.encode() not in raw and b"JavaScript" not in raw
    with pikepdf.open(io.BytesIO(raw)) as clean:
        assert len(clean.pages) == 1
        assert not clean.attachments and "/OpenAction" not in clean.Root
        assert "/Metadata" not in clean.Root and "/Author" not in clean.docinfo


def test_pdf_with_only_a_header_is_refused():
    # when / then (defect 10: structure validated, not only the leading bytes)
    with pytest.raises(EvidenceRejected):
        ev.check_files([upload("x.pdf", b"%PDF-1.4\nnot a pdf at all")])


def test_truncated_jpeg_is_refused_at_upload():
    # given
    data = jpeg_bytes(size=(400, 300))
    # when / then
    with pytest.raises(EvidenceRejected):
        ev.check_files([upload("t.jpg", data[: len(data) // 2])])


def test_follow_up_page_image_gets_a_clean_copy(django_capture_on_commit_callbacks):
    # given
    report = submit().report
    # when: the reporter adds a photo with GPS through the follow-up page
    with django_capture_on_commit_callbacks(execute=True):
        services.evidence_add(
            report=report, files=[upload("g.jpg", jpeg_bytes(gps=True))], links=[], actor=None
        )
    # then
    item = Evidence.objects.get(report=report)
    assert item.shareable
    with item.shareable.open("rb") as fh:
        assert len(Image.open(fh).getexif()) == 0


def test_original_opens_only_with_the_identity_grant_and_is_in_the_identity_log(
    client, django_capture_on_commit_callbacks
):
    # given
    with django_capture_on_commit_callbacks(execute=True):
        report = submit(files=[upload("g.jpg", jpeg_bytes(gps=True))]).report
    item = Evidence.objects.get(report=report)
    url = reverse("reports:evidence_file", args=[report.public_id, item.public_id])
    # when: a handler without the grant asks for the original
    verified_login(client, _handler("bawaslu.biasa"))
    plain = client.get(url, {"asli": "1"})
    # then: the clean copy, never the original
    assert plain.status_code == 403
    assert len(Image.open(io.BytesIO(b"".join(client.get(url).streaming_content))).getexif()) == 0
    # when: a handler with the grant
    verified_login(client, _handler("bawaslu.berizin", grant=True))
    granted = client.get(url, {"asli": "1"})
    # then
    assert granted.status_code == 200
    assert 0x8825 in Image.open(io.BytesIO(b"".join(granted.streaming_content))).getexif()
    log = [e.actor.username for e in services_log(report)]
    assert log == ["bawaslu.berizin"]


def services_log(report):
    from netral.reports import selectors

    return [e for e in selectors.identity_access_log(report=report)]
