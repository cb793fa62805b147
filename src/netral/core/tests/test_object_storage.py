"""Issue 15 item 4: with ``S3_BUCKET`` set, uploads and generated documents live on
S3-compatible object storage (django-storages), so web and worker machines share no disk.

The endpoint is real: moto's S3 server on a local port, spoken to over HTTP by boto3,
exactly as a MinIO or Ceph gateway would be. Evidence goes in through the public form,
the clean-copy task reads the encrypted original back from the bucket, a handler
downloads both through the staff view, a receipt archive is built in the background,
downloaded and one receipt verified on the public page, and a signed monthly recap is
generated and rebuilt; then MEDIA_ROOT must not exist."""

from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path

import boto3
import pytest
from django.core.files.storage import default_storage
from django.test import Client
from django.urls import reverse
from moto.server import ThreadedMotoServer
from PIL import Image

from netral.conftest import verified_login
from netral.pledges import services as pledge_services
from netral.pledges.models import Signature
from netral.pledges.tests.factories import make_campaign
from netral.registry.tests.factories import PegawaiFactory
from netral.reports.models import Evidence, Report
from netral.reports.tests.factories import jpeg_bytes, pdf_bytes, upload
from netral.reports.tests.test_attack_evidence import _handler
from netral.reports.tests.test_public_views import form_data

BUCKET = "netral-bukti-uji"
KEYS = {"access_key": "netral-uji", "secret_key": "rahasia-uji-tidak-dipakai-di-produksi"}


@pytest.fixture(scope="module")
def s3_endpoint():
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture
def bucket(s3_endpoint, settings, tmp_path):
    """The settings ``S3_BUCKET``/``S3_ENDPOINT_URL`` produce (settings.py), on a fresh
    bucket; MEDIA_ROOT points at a directory that must never be created."""
    client = boto3.client(
        "s3",
        endpoint_url=s3_endpoint,
        region_name="us-east-1",
        aws_access_key_id=KEYS["access_key"],
        aws_secret_access_key=KEYS["secret_key"],
    )
    client.create_bucket(Bucket=BUCKET)
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": BUCKET,
                "endpoint_url": s3_endpoint,
                "region_name": "us-east-1",
                **KEYS,
                "location": "netral",
                "addressing_style": "path",
                "signature_version": "s3v4",
                "default_acl": None,
                "file_overwrite": False,
                "max_memory_size": 8 * 1024 * 1024,
            },
        },
    }
    yield client
    for obj in client.list_objects_v2(Bucket=BUCKET).get("Contents", []):
        client.delete_object(Bucket=BUCKET, Key=obj["Key"])
    client.delete_bucket(Bucket=BUCKET)
    assert not settings.MEDIA_ROOT.exists(), list(settings.MEDIA_ROOT.rglob("*"))


def _objects(client) -> dict[str, bytes]:
    listing = client.list_objects_v2(Bucket=BUCKET).get("Contents", [])
    return {
        o["Key"]: client.get_object(Bucket=BUCKET, Key=o["Key"])["Body"].read() for o in listing
    }


def test_file_fields_use_the_s3_backend(bucket):
    from django.core.files.storage import storages
    from storages.backends.s3 import S3Storage

    assert isinstance(storages["default"], S3Storage)
    assert Evidence._meta.get_field("original").storage.bucket_name == BUCKET


@pytest.mark.django_db
def test_evidence_goes_to_the_bucket_encrypted_and_comes_back_through_the_staff_view(
    bucket, client, django_capture_on_commit_callbacks
):
    # given: a report with a GPS-tagged photo and a PDF, through the public form; the
    # clean-copy task runs after commit (the immediate task backend of the tests)
    photo, pdf = jpeg_bytes(gps=True), pdf_bytes()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("reports:lapor"),
            form_data(bukti=[upload("foto.jpg", photo), upload("surat.pdf", pdf)]),
        )
    assert response.status_code == 302
    report = Report.objects.get()
    items = {e.kind: e for e in Evidence.objects.filter(report=report)}
    stored = _objects(bucket)
    # then: the encrypted originals and both clean copies are objects in the bucket
    image, document = items[Evidence.Kind.IMAGE], items[Evidence.Kind.PDF]
    for item in (image, document):
        assert item.encrypted and item.shareable
        assert f"netral/{item.original.name}" in stored
        assert f"netral/{item.shareable.name}" in stored
    raw = stored[f"netral/{image.original.name}"]
    assert b"KameraPelapor" not in raw and not raw.startswith(b"\xff\xd8")
    clean = stored[f"netral/{image.shareable.name}"]
    with Image.open(io.BytesIO(clean)) as im:
        assert im.format == "JPEG" and not im.getexif()
    # when: a handler with the identity grant downloads the clean copy and the original
    staff = verified_login(Client(), _handler("bawaslu.s3", grant=True))
    url = reverse("reports:evidence_file", args=[report.public_id, image.public_id])
    shared = staff.get(url)
    original = staff.get(url, {"asli": "1"})
    preview = staff.get(
        reverse("reports:evidence_preview", args=[report.public_id, document.public_id])
    )
    # then: the bytes are the bucket's clean copy and the decrypted original
    assert shared.status_code == 200 and b"".join(shared.streaming_content) == clean
    assert original.status_code == 200 and b"".join(original.streaming_content) == photo
    assert preview.status_code == 200 and preview.content.startswith(b"\x89PNG")


@pytest.mark.django_db
def test_a_receipt_archive_is_stored_in_the_bucket_and_its_receipt_verifies(
    bucket, karimun, bidang_sd, hr_karimun, django_capture_on_commit_callbacks
):
    # given: three signatures, and HR asking for the unit's receipt archive
    campaign = make_campaign(instansi=karimun)
    people = [PegawaiFactory(unit=bidang_sd) for _ in range(3)]
    for p in people:
        pledge_services.pact_sign(
            campaign=campaign, pegawai=p, actor=None, method=Signature.Method.PASSWORD
        )
    hr = verified_login(Client(), hr_karimun)
    with django_capture_on_commit_callbacks(execute=True):
        r = hr.post(f"/ikrar/kampanye/{campaign.pk}/arsip-tanda-terima/", {"unit": bidang_sd.pk})
    # when: the archive is downloaded through the job page
    archive_keys = [k for k in _objects(bucket) if k.startswith("netral/pledges/exports/")]
    download = hr.get(f"{r['Location']}unduh/")
    archive = zipfile.ZipFile(io.BytesIO(b"".join(download.streaming_content)))
    # then: it came from the bucket, holds one receipt per signature, and a receipt taken
    # out of it verifies on the public page (ledger proof and PAdES signature)
    assert len(archive_keys) == 1
    assert sorted(n.split("-")[0] for n in archive.namelist()) == sorted(p.nip for p in people)
    receipt = archive.read(archive.namelist()[0])
    checked = Client().post("/verifikasi/buku-besar/", {"pdf": io.BytesIO(receipt)})
    assert checked.status_code == 200 and "VALID</strong>" in checked.content.decode()


@pytest.mark.django_db
def test_a_generated_recap_is_stored_signed_in_the_bucket_and_replaced_on_rebuild(bucket, karimun):
    import datetime as dt

    from netral.analytics import reports_pdf
    from netral.analytics.models import LeaderReport

    # when: the monthly recap of an agency is built twice (the second replaces the first)
    first = reports_pdf.build(
        kind=LeaderReport.Kind.INSTANSI, target=karimun, month=dt.date(2024, 1, 1)
    )
    first_name = first.file.name
    again = reports_pdf.build(
        kind=LeaderReport.Kind.INSTANSI, target=karimun, month=dt.date(2024, 1, 1)
    )
    # then: one object, the signed PDF whose hash the row keeps
    import hashlib

    stored = _objects(bucket)
    assert list(stored) == [f"netral/{again.file.name}"]
    assert again.file.name != first_name and not default_storage.exists(first_name)
    body = stored[f"netral/{again.file.name}"]
    assert body.startswith(b"%PDF") and b"/ByteRange" in body
    assert hashlib.sha256(body).hexdigest() == again.sha256
    with again.file.open("rb") as fh:
        assert fh.read() == body


def test_settings_choose_s3_from_the_environment(tmp_path):
    """``S3_BUCKET`` alone switches the default storage to S3 (settings.py), path-style
    addressing with an endpoint; a conflicting STORAGE_BACKEND stops start-up."""
    import subprocess
    import sys

    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "d = s.STORAGES['default']; o = d['OPTIONS']; "
        "print(d['BACKEND'], o['bucket_name'], o['endpoint_url'], o['addressing_style'], "
        "o['location'], o['file_overwrite'], o['default_acl'])"
    )
    env = {
        **os.environ,
        "PYTHONPATH": str(Path(__file__).resolve().parents[3]),
        "DJANGO_SETTINGS_MODULE": "netral.settings",
        "NETRAL_ENV": "test",
        "S3_BUCKET": "netral-bukti",
        "S3_ENDPOINT_URL": "https://s3.pusat-data.go.id",
        "S3_PREFIX": "/media/",
    }
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120
    )
    assert out.stdout.split() == [
        "storages.backends.s3.S3Storage",
        "netral-bukti",
        "https://s3.pusat-data.go.id",
        "path",
        "media",
        "False",
        "None",
    ], out.stderr
    bad = subprocess.run(
        [sys.executable, "-c", code],
        env={**env, "STORAGE_BACKEND": "django.core.files.storage.FileSystemStorage"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert bad.returncode != 0 and "unset STORAGE_BACKEND" in bad.stderr
