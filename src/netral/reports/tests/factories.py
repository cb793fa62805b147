"""Test helpers for reports: inputs, files and a submitted report (house style §12)."""

from __future__ import annotations

import datetime as dt
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from netral.registry.models import Region
from netral.reports import services
from netral.reports.models import Report

REPORTER = {
    "nama": "Sulastri Wahyuningsih",
    "nik": "2102016502900001",
    "alamat": "Jalan Pelabuhan Nomor 17, Tanjung Balai Karimun",
    "telepon": "081277712345",
    "email": "sulastri.pelapor@contoh.id",
}


def jpeg_bytes(*, gps: bool = False, size: tuple[int, int] = (64, 48), color: str = "red") -> bytes:
    im = Image.new("RGB", size, color)
    out = io.BytesIO()
    if gps:
        exif = Image.Exif()
        exif[0x010F] = "KameraPelapor"  # Make
        gps_ifd = {1: "N", 2: (1.0, 2.0, 3.0), 3: "E", 4: (103.0, 25.0, 1.0)}
        exif[0x8825] = gps_ifd
        im.save(out, format="JPEG", exif=exif)
    else:
        im.save(out, format="JPEG")
    return out.getvalue()


def png_bytes() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (20, 20), "blue").save(out, format="PNG")
    return out.getvalue()


def pdf_bytes() -> bytes:
    import pikepdf

    pdf = pikepdf.new()
    pdf.add_blank_page()
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


def upload(name: str, content: bytes, content_type: str = "application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def report_input(**overrides) -> services.ReportInput:
    data = {
        "event_at": timezone.now() - dt.timedelta(days=1),
        "event_region": Region.objects.get(kode="21.02"),
        "description": "Kepala dinas mengajak pegawai mendukung calon tertentu saat apel pagi.",
        "identity_mode": Report.IdentityMode.CONFIDENTIAL,
        "persons": [services.PersonInput(nama="Pak Kadis")],
        "identity": dict(REPORTER),
    }
    data.update(overrides)
    return services.ReportInput(**data)


def submit(*, files=(), channel=Report.Channel.WEB, actor=None, key=None, **overrides):
    return services.report_submit(
        data=report_input(**overrides),
        files=list(files),
        channel=channel,
        actor=actor,
        idempotency_key=key,
    )
