import gc
import hashlib
import io

import psutil
import puremagic
import pytest
from django.test.client import ClientHandler
from PIL import Image

from netral.reports import evidence as ev
from netral.reports import services
from netral.reports.errors import EvidenceRejected
from netral.reports.models import Evidence, Report
from netral.reports.tests.factories import jpeg_bytes, pdf_bytes, png_bytes, submit, upload
from netral.reports.tests.test_public_views import form_data

pytestmark = pytest.mark.django_db

MB = 1024 * 1024
BOUNDARY = "----netralbatas7MA4YWxkTrZu0gW"


class StreamedBody:
    """A request body produced on the fly: multipart fields, then ``size`` bytes of one
    file, never materialised as one bytes object."""

    def __init__(self, fields: dict[str, str], size: int) -> None:
        head = b"".join(
            f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode()
            for k, v in fields.items()
        )
        head += (
            f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="bukti"; filename="besar.mp4"\r\n'
            "Content-Type: video/mp4\r\n\r\n"
        ).encode()
        self.parts = [head, None, f"\r\n--{BOUNDARY}--\r\n".encode()]
        self.file_size = size
        self.length = len(head) + size + len(self.parts[2])
        self.pos = 0
        self.chunk = b"\x00\x00\x00\x18ftypmp42" + b"\xab" * (64 * 1024 - 12)

    def read(self, size: int = -1) -> bytes:
        if size < 0:
            size = self.length - self.pos
        out = bytearray()
        while size > 0 and self.pos < self.length:
            head, tail = self.parts[0], self.parts[2]
            if self.pos < len(head):
                piece = head[self.pos : self.pos + size]
            elif self.pos < len(head) + self.file_size:
                offset = (self.pos - len(head)) % len(self.chunk)
                remaining = len(head) + self.file_size - self.pos
                piece = self.chunk[offset : offset + min(size, remaining)]
            else:
                off = self.pos - len(head) - self.file_size
                piece = tail[off : off + size]
            out += piece
            self.pos += len(piece)
            size -= len(piece)
        return bytes(out)

    def readline(self, size: int = -1) -> bytes:  # not used by the multipart parser
        return self.read(size)


def post_streamed(path: str, body: StreamedBody, content_length: int | None = None):
    environ = {
        "REQUEST_METHOD": "POST",
        "PATH_INFO": path,
        "SCRIPT_NAME": "",
        "QUERY_STRING": "",
        "SERVER_NAME": "testserver",
        "SERVER_PORT": "80",
        "REMOTE_ADDR": "127.0.0.1",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "wsgi.url_scheme": "http",
        "wsgi.input": body,
        "wsgi.errors": None,
        "CONTENT_TYPE": f"multipart/form-data; boundary={BOUNDARY}",
        "CONTENT_LENGTH": str(content_length if content_length is not None else body.length),
    }
    return ClientHandler(enforce_csrf_checks=False)(environ)


def warm_up() -> None:
    """One small request of the same shape first, so imports, template compilation and
    caches are not mistaken for growth caused by the large body."""
    post_streamed("/lapor/", StreamedBody(_fields(), 1024))
    post_streamed("/lapor/", StreamedBody(_fields(), 1024), content_length=10**10)


def rss() -> int:
    gc.collect()
    return psutil.Process().memory_info().rss


def _fields():
    return {k: v for k, v in form_data().items() if isinstance(v, str)}


def test_200mb_upload_refused_by_declared_length_without_reading_it():
    # given
    body = StreamedBody(_fields(), 200 * MB)
    warm_up()
    reports_before = Report.objects.count()
    before = rss()
    # when
    response = post_streamed("/lapor/", body)
    # then
    assert response.status_code == 413
    assert "Berkas terlalu besar" in response.content.decode()
    assert body.pos == 0  # not a byte of the body was read
    assert rss() - before < 20 * MB
    assert Report.objects.count() == reports_before


def test_200mb_file_streamed_and_aborted_at_file_limit_without_memory_growth(settings, tmp_path):
    # given: the request limit is raised so the body is really streamed through the handler
    settings.EVIDENCE_MAX_REPORT_MB = 300
    upload_tmp = tmp_path / "upload"
    upload_tmp.mkdir()
    settings.FILE_UPLOAD_TEMP_DIR = str(upload_tmp)
    body = StreamedBody(_fields(), 200 * MB)
    warm_up()
    reports_before = Report.objects.count()
    before = rss()
    # when
    response = post_streamed("/lapor/", body)
    # then
    grown = rss() - before
    assert response.status_code in (400, 413)
    assert "Berkas terlalu besar" in response.content.decode()
    assert grown < 30 * MB, f"RSS grew by {grown / MB:.1f} MB"
    assert body.pos == body.length  # the rest was drained in chunks, not stored
    assert list(upload_tmp.iterdir()) == []  # the partial temporary file is gone
    assert Report.objects.count() == reports_before


def test_file_renamed_to_jpg_that_is_not_an_image_is_refused():
    # given
    fake = upload("foto.jpg", b"<?php echo 'bukan gambar'; ?>" * 50, "image/jpeg")
    # when / then
    with pytest.raises(EvidenceRejected) as exc:
        ev.check_files([fake])
    assert "bukan foto" in exc.value.message


def test_truncated_jpeg_header_only_is_refused():
    # given: JPEG magic followed by garbage: content sniffing alone would accept it
    fake = upload("x.jpg", b"\xff\xd8\xff\xe0" + b"\x00" * 3000)
    # when / then
    with pytest.raises(EvidenceRejected):
        ev.check_files([fake])


@pytest.mark.parametrize(
    ("name", "content", "kind"),
    [("a.bin", jpeg_bytes(), "IMAGE"), ("b", png_bytes(), "IMAGE"), ("c.jpg", pdf_bytes(), "PDF")],
)
def test_type_decided_by_content_not_name(name, content, kind):
    # when
    checked = ev.check_files([upload(name, content)])
    # then
    assert checked[0].kind.kind == kind


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "GIF", "WEBP", "PDF"])
def test_leading_bytes_shortcut_agrees_with_puremagic(fmt):
    # given: a real file of each format the shortcut recognises
    out = io.BytesIO()
    Image.new("RGB", (24, 24), (200, 10, 10)).save(out, format=fmt)
    head = out.getvalue()[: ev.HEAD_BYTES]
    # when
    fast = ev.detect(head)
    # then: the same verdict as the full puremagic scan
    full = [ev.ACCEPTED.get(m.extension.lower()) for m in puremagic.magic_string(head)]
    assert fast is not None
    assert fast == next(k for k in full if k is not None)


def test_exif_gps_gone_from_shareable_copy_and_original_hash_unchanged(
    settings, tmp_path, django_capture_on_commit_callbacks
):
    # given
    settings.MEDIA_ROOT = tmp_path
    content = jpeg_bytes(gps=True, size=(320, 240))
    assert 0x8825 in Image.open(upload("g.jpg", content)).getexif()  # the test file has GPS
    # when
    with django_capture_on_commit_callbacks(execute=True):
        report = submit(files=[upload("g.jpg", content)]).report
    # then
    item = Evidence.objects.get(report=report)
    with item.shareable.open("rb") as fh:
        copy = Image.open(fh)
        copy.load()
        assert len(copy.getexif()) == 0
        assert "exif" not in copy.info
    stored = b"".join(services.evidence_original_chunks(item))
    assert hashlib.sha256(stored).hexdigest() == item.sha256 == hashlib.sha256(content).hexdigest()


def test_size_limit_per_file(settings):
    # given
    settings.EVIDENCE_MAX_FILE_MB = 1
    big = upload("v.mp4", b"\x00\x00\x00\x18ftypmp42" + b"\x00" * (2 * MB))
    # when / then
    with pytest.raises(EvidenceRejected) as exc:
        ev.check_files([big])
    assert "terlalu besar" in exc.value.message
