"""Receipt PDF: the signed *pakta integritas* in the official layout, PAdES-signed.

Layout after the pacts agencies publish (shared/domain.md §4): letterhead (*kop*),
title, the signer's identity, the statement with the pledge points of the exact
template version signed, place and date, then the verification code and a QR code to
``SITE_URL/verifikasi/<code>``. The PDF carries a PAdES B-B signature by the
installation certificate (see ``keys.py``), so a PDF reader can check it offline.

Issue 15: the PDF also embeds, inside the PAdES signature, the ledger proof
``netral-bukti.json`` (the entry, its RFC 9162 inclusion proof and the signed
checkpoint of the agency's log it reaches; ``ledger.receipt_bundle``), and prints the
checkpoint's size and root. ``python -m netral.pledges.proof tanda-terima.pdf --key …``
or the public verification page checks it from the PDF alone plus a published checkpoint.
"""

from __future__ import annotations

import io
from typing import Any
from xml.sax.saxutils import escape

import segno
from django.conf import settings
from django.utils import timezone
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.platypus import (
    Flowable,
    HRFlowable,
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from netral.pledges.models import Signature
from netral.pledges.proof import PROOF_FILE

BASE = ParagraphStyle("base", fontName="Times-Roman", fontSize=11.5, leading=15)
JUSTIFY = ParagraphStyle("justify", parent=BASE, alignment=TA_JUSTIFY)
KOP = ParagraphStyle(
    "kop", parent=BASE, fontName="Times-Bold", fontSize=14, leading=17, alignment=TA_CENTER
)
KOP_SMALL = ParagraphStyle("kopsmall", parent=BASE, fontSize=10, alignment=TA_CENTER)
TITLE = ParagraphStyle(
    "title", parent=BASE, fontName="Times-Bold", fontSize=14, alignment=TA_CENTER, spaceAfter=2
)
SUBTITLE = ParagraphStyle("subtitle", parent=BASE, alignment=TA_CENTER)
SMALL = ParagraphStyle("small", parent=BASE, fontName="Helvetica", fontSize=7.5, leading=9.5)


def verification_url(code: str) -> str:
    return f"{settings.SITE_URL}/verifikasi/{code}"


class _QR(Flowable):  # type: ignore[misc]  # reportlab ships no type hints: Flowable is Any
    """A vector QR code (segno matrix drawn as rectangles: sharp at any zoom)."""

    def __init__(self, data: str, size: float) -> None:
        super().__init__()
        self.qr = segno.make(data, error="m")
        self.size = size
        self.width = self.height = size

    def draw(self) -> None:
        matrix = [list(row) for row in self.qr.matrix_iter(border=2)]
        n = len(matrix)
        cell = self.size / n
        self.canv.setFillColor(colors.black)
        for y, row in enumerate(matrix):
            for x, dark in enumerate(row):
                if dark:
                    self.canv.rect(
                        x * cell, self.size - (y + 1) * cell, cell, cell, stroke=0, fill=1
                    )


def render_unsigned_pdf(sig: Signature, bundle: dict[str, Any] | None = None) -> bytes:
    from netral.core.datefmt import tanggal
    from netral.pledges import pact_text

    campaign = sig.campaign
    template = sig.pact_template
    election = campaign.election.nama
    # The same renderer as the signing page and the hash: the receipt prints what was signed.
    pact = pact_text.for_signature(sig)

    buf = io.BytesIO()
    doc = SimpleDocTemplate(
        buf,
        pagesize=A4,
        leftMargin=2.5 * cm,
        rightMargin=2.2 * cm,
        topMargin=1.8 * cm,
        bottomMargin=1.8 * cm,
        title=f"Pakta Integritas — {sig.nama}",
        author=campaign.instansi.nama,
        subject=campaign.nama,
    )
    story: list[Any] = [
        Paragraph(escape(campaign.instansi.nama.upper()), KOP),
        Paragraph(escape(sig.unit_name.split(" > ")[0]), KOP_SMALL),
        Spacer(1, 4),
        HRFlowable(width="100%", thickness=2, color=colors.black, spaceAfter=1),
        HRFlowable(width="100%", thickness=0.6, color=colors.black, spaceAfter=14),
        Paragraph("<u>PAKTA INTEGRITAS</u>", TITLE),
        Paragraph(escape(f"Netralitas Aparatur Sipil Negara pada {election}"), SUBTITLE),
        Spacer(1, 14),
        Paragraph("Saya yang bertanda tangan di bawah ini:", BASE),
        Spacer(1, 4),
    ]
    id_label = pact.identity[1][0]
    table = Table(
        [[Paragraph(escape(k), BASE), ":", Paragraph(escape(v), BASE)] for k, v in pact.identity],
        colWidths=[3.2 * cm, 0.4 * cm, None],
    )
    table.setStyle(
        TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0)])
    )
    story += [table, Spacer(1, 8), Paragraph(escape(pact.opening), JUSTIFY), Spacer(1, 4)]
    points = Table(
        [[f"{i}.", Paragraph(escape(p), JUSTIFY)] for i, p in enumerate(pact.points, 1)],
        colWidths=[0.8 * cm, None],
    )
    points.setStyle(
        TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0)])
    )
    local = timezone.localtime(sig.signed_at)
    story += [
        points,
        Spacer(1, 6),
        Paragraph(escape(pact.closing), JUSTIFY),
        Spacer(1, 10),
        Paragraph(f"<b>{escape(pact.pledge_title)}</b>", BASE),
        Paragraph(escape(pact.pledge_body).replace("\n", "<br/>"), JUSTIFY),
        Spacer(1, 16),
    ]
    sign_block = [
        Paragraph(escape(f"{campaign.place}, {tanggal(local.date())}"), BASE),
        Paragraph("Yang membuat pernyataan,", BASE),
        Spacer(1, 6),
        Paragraph("<i>Ditandatangani secara elektronik</i>", BASE),
        Paragraph(escape(f"pukul {local:%H.%M} {local.tzname() or ''}"), SMALL),
        Spacer(1, 6),
        Paragraph(f"<b><u>{escape(sig.nama)}</u></b>", BASE),
        Paragraph(escape(f"{id_label} {sig.identifier}"), BASE),
    ]
    url = verification_url(sig.code)
    verify_block = [
        _QR(url, 3.4 * cm),
        Paragraph(f"<b>Kode verifikasi: {sig.code_display}</b>", SMALL),
        Paragraph(escape(f"Periksa keaslian: {url}"), SMALL),
    ]
    layout = Table([[verify_block, sign_block]], colWidths=[7 * cm, None])
    layout.setStyle(
        TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0)])
    )
    story += [KeepTogether([layout])]
    story += [
        Spacer(1, 14),
        HRFlowable(width="100%", thickness=0.4, color=colors.grey, spaceAfter=4),
        Paragraph(
            escape(
                f"Dasar: {template.citation}. Templat {template.kode} v{template.version}; "
                f"SHA-256 teks yang ditandatangani: {sig.text_sha256}; entri buku besar "
                f"#{sig.entry_id}. Dokumen ini ditandatangani secara elektronik (PAdES) oleh "
                f"sistem Netral {campaign.instansi.nama}."
            ),
            SMALL,
        ),
    ]
    if bundle is not None:
        from netral.core import checkpoint as cp

        c, _body, _sigs = cp.parse(bundle["checkpoint"])
        story.append(
            Paragraph(
                escape(
                    f"Bukti buku besar (RFC 9162): entri posisi {bundle['leaf_index'] + 1} pada log "
                    f"{c.origin}, termasuk dalam checkpoint ukuran {c.size} "
                    f"(root {c.root.hex()}, {c.time:%Y-%m-%d %H:%M} UTC). Bukti lengkap "
                    f"terlampir dalam berkas ini ({PROOF_FILE})."
                ),
                SMALL,
            )
        )
    doc.build(story)
    return buf.getvalue()


def embed_proof(pdf: bytes, bundle: dict[str, Any]) -> bytes:
    """Attach the ledger proof as the embedded file ``netral-bukti.json`` (before the
    PAdES signature, which then covers it)."""
    import json

    from pyhanko.pdf_utils import embed
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    data = json.dumps(bundle, ensure_ascii=False, indent=1).encode("utf-8")
    spec = embed.FileSpec(
        file_spec_string=PROOF_FILE,
        embedded_data=embed.EmbeddedFileObject.from_file_data(
            writer, data, mime_type="application/json"
        ),
        description="Bukti inklusi buku besar Netral dan checkpoint bertanda tangan",
    )
    embed.embed_file(writer, spec)
    out = io.BytesIO()
    writer.write(out)  # type: ignore[no-untyped-call]  # pyhanko's writer is untyped
    return out.getvalue()


def pades_sign(pdf: bytes, *, reason: str, location: str) -> bytes:
    """Add a PAdES B-B signature by the installation certificate."""
    from netral.core import keys

    return keys.pades_sign(
        pdf, field_name="NetralPaktaIntegritas", reason=reason, location=location
    )


def receipt_pdf(sig: Signature) -> bytes:
    from netral.pledges import ledger

    bundle = ledger.receipt_bundle(sig.entry)
    return pades_sign(
        embed_proof(render_unsigned_pdf(sig, bundle), bundle),
        reason=f"Pakta integritas {sig.campaign.nama}; kode {sig.code_display}",
        location=sig.campaign.place,
    )
