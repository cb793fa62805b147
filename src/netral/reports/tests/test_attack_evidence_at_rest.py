"""Issue 9, defect 3 (remainder): an evidence original is identifying data (EXIF name,
phone model, GPS; PDF author), so it is encrypted at rest with the identity key — an
attacker holding the media directory reads nothing — and existing plaintext originals
are encrypted by a migration step."""

import hashlib
import io
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse
from PIL import Image

from netral.conftest import verified_login
from netral.reports import services
from netral.reports.models import Evidence
from netral.reports.tests.factories import jpeg_bytes, pdf_bytes, submit, upload
from netral.reports.tests.test_attack_evidence import _handler, pdf_with_identity

pytestmark = pytest.mark.django_db


def _on_disk(name: str) -> bytes:
    return (Path(settings.MEDIA_ROOT) / name).read_bytes()


def test_original_bytes_on_disk_are_not_the_plaintext(django_capture_on_commit_callbacks):
    # given: a photo with GPS and the camera's make, a PDF with the reporter as author
    photo, pdf = jpeg_bytes(gps=True), pdf_with_identity()
    with django_capture_on_commit_callbacks(execute=True):
        report = submit(files=[upload("g.jpg", photo), upload("s.pdf", pdf)]).report
    # when: the attacker reads the media directory
    items = {e.kind: e for e in Evidence.objects.filter(report=report)}
    raw_photo = _on_disk(items["IMAGE"].original.name)
    raw_pdf = _on_disk(items["PDF"].original.name)
    # then: no plaintext, no marker, not even the file type
    assert b"KameraPelapor" not in raw_photo and b"Exif" not in raw_photo
    assert not raw_photo.startswith(b"\xff\xd8")
    assert b"Sulastri" not in raw_pdf and b"%PDF" not in raw_pdf
    # and the chain of custody still holds: the decrypted original is byte-identical
    for item, content in ((items["IMAGE"], photo), (items["PDF"], pdf)):
        assert item.encrypted
        plain = b"".join(services.evidence_original_chunks(item))
        assert plain == content
        assert hashlib.sha256(plain).hexdigest() == item.sha256
    # and the clean copies were made from the decrypted original
    assert all(Evidence.objects.get(pk=e.pk).shareable for e in items.values())


def test_granted_handler_downloads_the_decrypted_original(
    client, django_capture_on_commit_callbacks
):
    # given
    photo = jpeg_bytes(gps=True)
    with django_capture_on_commit_callbacks(execute=True):
        report = submit(files=[upload("g.jpg", photo)]).report
    item = Evidence.objects.get(report=report)
    url = reverse("reports:evidence_file", args=[report.public_id, item.public_id])
    # when
    verified_login(client, _handler("bawaslu.berizin", grant=True))
    response = client.get(url, {"asli": "1"})
    # then
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == photo
    assert response["Content-Type"] == "image/jpeg"
    assert response["Content-Disposition"].endswith('.jpg"')


def test_a_file_swapped_on_disk_is_refused_not_served(client, django_capture_on_commit_callbacks):
    # given: an attacker with write access to the media directory swaps two originals
    with django_capture_on_commit_callbacks(execute=True):
        a = submit(files=[upload("a.jpg", jpeg_bytes(color="red"))]).report
        b = submit(files=[upload("b.jpg", jpeg_bytes(color="blue"))]).report
    ea, eb = Evidence.objects.get(report=a), Evidence.objects.get(report=b)
    Path(settings.MEDIA_ROOT, ea.original.name).write_bytes(_on_disk(eb.original.name))
    # then
    with pytest.raises(Exception, match="decrypt"):
        b"".join(services.evidence_original_chunks(ea))


def test_existing_plaintext_originals_are_encrypted_by_the_migration_step():
    # given: an original stored in clear before this change
    report = submit().report
    content = pdf_bytes()
    name = default_storage.save(f"evidence/{report.public_id}/lama.pdf", ContentFile(content))
    item = Evidence.objects.create(
        report=report,
        kind="PDF",
        content_type="application/pdf",
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        received_at=report.received_at,
        original=name,
        encrypted=False,
    )
    # when
    done = services.evidence_encrypt_existing(Evidence)
    # then
    item.refresh_from_db()
    assert done == 1 and item.encrypted
    assert not default_storage.exists(name)
    assert b"%PDF" not in _on_disk(item.original.name)
    assert b"".join(services.evidence_original_chunks(item)) == content
    # and running it again changes nothing
    assert services.evidence_encrypt_existing(Evidence) == 0


def test_the_clean_copy_is_made_from_an_encrypted_original(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        report = submit(files=[upload("g.jpg", jpeg_bytes(gps=True))]).report
    item = Evidence.objects.get(report=report)
    with item.shareable.open("rb") as fh:
        im = Image.open(io.BytesIO(fh.read()))
        assert len(im.getexif()) == 0
