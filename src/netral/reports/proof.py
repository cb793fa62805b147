"""The printable proof of filing: a PDF with the intake number, time, the report's
content hash and the evidence hashes, signed by this installation (``signing``)."""

from __future__ import annotations

import io

from django.utils import timezone
from django.utils.translation import gettext as _
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas

from netral.reports import receipts, signing
from netral.reports.models import Report


def proof_pdf(*, report: Report, code: str | None) -> bytes:
    """Build and sign the proof. ``code`` is printed only while the reporter still has it
    in their session (it is never stored); later copies omit it."""
    buf = io.BytesIO()
    # Uncompressed: the hashes stay greppable in the file itself (small document).
    c = canvas.Canvas(buf, pagesize=A4, pageCompression=0)
    c.setTitle(_("Tanda terima laporan"))
    width, height = A4
    y = height - 25 * mm

    def line(text: str, size: int = 10, gap: float = 6.5) -> None:
        nonlocal y
        c.setFont("Helvetica", size)
        c.drawString(20 * mm, y, text)
        y -= gap * mm

    line(_("Netral — Tanda terima laporan"), 16, 10)
    line(_("Nomor penerimaan: %(n)s") % {"n": report.intake_number}, 12)
    received = timezone.localtime(report.received_at)
    line(_("Diterima: %(t)s") % {"t": received.strftime("%Y-%m-%d %H:%M:%S %Z")})
    line(_("Jenis: %(k)s") % {"k": report.get_kind_display()})
    if code:
        line(_("Kode tanda terima: %(c)s") % {"c": receipts.format_code(code)}, 12)
        line(_("Simpan kode ini. Siapa pun yang memegangnya dapat membuka laporan ini."), 9)
    line(_("Sidik isi laporan (SHA-256):"))
    line(report.content_hash, 9)
    items = list(report.evidence.order_by("received_at", "id"))
    if items:
        line(_("Bukti:"))
        for item in items[:30]:
            line(f"- {item.get_kind_display()}: {item.sha256 or item.url[:90]}", 8, 5)
    y -= 4 * mm
    line(
        _(
            "Dokumen ini ditandatangani secara elektronik oleh instalasi Netral (tidak tersertifikasi)."
        ),
        8,
        5,
    )
    line(_("Sidik sertifikat: %(f)s") % {"f": signing.certificate_fingerprint()}, 7, 5)
    c.showPage()
    c.save()
    return signing.sign_pdf(buf.getvalue())
