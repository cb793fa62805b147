"""Evidence preview for staff (issue 11 item 15): images from the metadata-free copy and
the first page of PDFs shown inline, never the original's metadata."""

from __future__ import annotations

import io

import pikepdf
import pytest
from PIL import Image

from netral.core.models import AuditEntry
from netral.reports.models import Evidence
from netral.reports.tests.factories import jpeg_bytes, submit, upload

pytestmark = pytest.mark.django_db


def _pdf_with_author() -> bytes:
    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(200, 300))
    pdf.docinfo["/Author"] = "Nama Asli Pelapor"
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


@pytest.fixture
def report(settings, tmp_path, django_capture_on_commit_callbacks):
    settings.MEDIA_ROOT = tmp_path
    files = [
        upload("foto.jpg", jpeg_bytes(gps=True, size=(640, 480))),
        upload("surat.pdf", _pdf_with_author()),
    ]
    with django_capture_on_commit_callbacks(execute=True):  # the copies are made after commit
        return submit(files=files).report


def _url(report, item, tail="pratinjau.png"):
    return f"/laporan/{report.public_id}/bukti/{item.public_id}/{tail}"


def test_photo_and_pdf_previews_are_inline_pngs_without_metadata(login, bawaslu_karimun, report):
    # given
    staff = login(bawaslu_karimun)
    photo = report.evidence.get(kind=Evidence.Kind.IMAGE)
    pdf = report.evidence.get(kind=Evidence.Kind.PDF)
    # when
    detail = staff.get(f"/laporan/{report.public_id}/").content.decode()
    shown = [staff.get(_url(report, item)) for item in (photo, pdf)]
    # then
    assert detail.count('data-testid="evidence-preview"') == 2
    for response in shown:
        assert response.status_code == 200 and response["Content-Type"] == "image/png"
        assert response["Content-Disposition"].startswith("inline")
        assert b"KameraPelapor" not in response.content and b"Nama Asli" not in response.content
        im = Image.open(io.BytesIO(response.content))
        assert not im.getexif() and not im.info.get("exif") and "xmp" not in im.info
    assert Image.open(io.BytesIO(shown[0].content)).size == (640, 480)
    # a preview is not an opening of the original (that one is logged for custody)
    assert not AuditEntry.objects.filter(action="reports.evidence.original_opened").exists()


def test_preview_is_scoped_like_the_report(login, opd_natuna, report):
    photo = report.evidence.get(kind=Evidence.Kind.IMAGE)
    assert login(opd_natuna).get(_url(report, photo)).status_code in (403, 404)
