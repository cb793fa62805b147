"""Outreach PDFs: the printable attendance list of an event, PAdES-signed by the
installation certificate (``core.keys.pades_sign``, PP 71/2019: uncertified unless the
configured certificate comes from a PSrE), in the letter layout of ``cases.letter_pdf``
(letterhead with a double rule, Times, A4 margins of the *tata naskah dinas*).

Nothing but the given content is printed (no storage path or internal id); the PDF
metadata is set explicitly.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from typing import Any
from xml.sax.saxutils import escape

from django.utils import timezone
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import cm
from reportlab.platypus import HRFlowable, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from netral.cases.letter_pdf import BASE, KOP_MAIN, KOP_SUB, SMALL, TITLE
from netral.core.datefmt import hari, tanggal
from netral.core.datefmt import tanggal as tanggal_id
from netral.core.keys import pades_sign

CELL = BASE.clone("outreach-cell", fontSize=9, leading=11)
HEAD = CELL.clone("outreach-head", fontName="Times-Bold")


def _p(text: str, style: Any = BASE) -> Paragraph:
    return Paragraph(escape(text).replace("\n", "<br/>"), style)


def _kop(authority: str, office: str) -> list[Any]:
    return [
        _p(authority.upper(), KOP_MAIN),
        _p(office.upper(), KOP_SUB),
        Spacer(1, 3),
        HRFlowable(width="100%", thickness=2.2, color=colors.black, spaceAfter=1.2),
        HRFlowable(width="100%", thickness=0.6, color=colors.black, spaceAfter=12),
    ]


def attendance_pdf(*, event: Any, rows: list[Any], walk_ins: set[int]) -> bytes:
    """The attendance list (*daftar hadir*) of ``event``: facts, then one row per
    attendee with how and when they were recorded; ``walk_ins`` are pegawai ids that were
    not invited (marked so, they still attended)."""
    buf = io.BytesIO()
    doc = SimpleDocTemplate(
        buf,
        pagesize=A4,
        leftMargin=2 * cm,
        rightMargin=1.8 * cm,
        topMargin=1.6 * cm,
        bottomMargin=1.6 * cm,
        title=f"Daftar hadir {event.judul}",
        author=event.penyelenggara,
        subject=event.get_jenis_display(),
        creator="Netral",
        producer="Netral",
    )
    start, end = timezone.localtime(event.mulai), timezone.localtime(event.selesai)
    facts = [
        ("Kegiatan", event.judul),
        ("Jenis", event.get_jenis_display()),
        ("Tema", event.tema or "-"),
        ("Penyelenggara", event.penyelenggara),
        ("Narasumber", "; ".join(event.speakers) or "-"),
        (
            "Hari, tanggal",
            f"{hari(start.date())}, {tanggal(start.date())}, pukul {start:%H.%M}–{end:%H.%M} "
            f"{start.tzname() or ''}".strip(),
        ),
        ("Tempat", event.tempat),
    ]
    if event.pembacaan_ikrar:
        facts.append(
            (
                "Pembacaan ikrar",
                "Ya" + (f" ({event.campaign.nama})" if event.campaign_id else ""),
            )
        )
    fact_table = Table(
        [[_p(k, BASE), _p(":", BASE), _p(v, BASE)] for k, v in facts],
        colWidths=[3.4 * cm, 0.4 * cm, None],
    )
    fact_table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 1),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
            ]
        )
    )
    methods = {"QR": "QR", "NIP": "NIP", "BULK": "Daftar"}
    data = [
        [_p(h, HEAD) for h in ("No.", "Nama", "NIP/NIK", "Jabatan", "Unit kerja", "Pukul", "Cara")]
    ]
    for i, a in enumerate(rows, 1):
        p = a.pegawai
        name = p.nama + (" *" if p.pk in walk_ins else "")
        data.append(
            [
                _p(str(i), CELL),
                _p(name, CELL),
                _p(p.identifier, CELL),
                _p(p.jabatan, CELL),
                _p(p.unit.full_name, CELL),
                _p(timezone.localtime(a.marked_at).strftime("%H.%M"), CELL),
                _p(methods.get(a.method, a.method), CELL),
            ]
        )
    table = Table(
        data,
        colWidths=[0.95 * cm, 3.35 * cm, 3.45 * cm, 2.8 * cm, None, 1.25 * cm, 1.45 * cm],
        repeatRows=1,
    )
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.4, colors.black),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e6e6e6")),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    printed = timezone.localtime()
    story: list[Any] = _kop(event.instansi.nama, event.penyelenggara)
    story += [
        _p("DAFTAR HADIR", TITLE),
        Spacer(1, 10),
        fact_table,
        Spacer(1, 10),
        table,
        Spacer(1, 8),
        _p(
            f"Jumlah hadir: {len(rows)} orang."
            + (" Tanda * : hadir tanpa termasuk sasaran undangan." if walk_ins else ""),
            BASE,
        ),
        Spacer(1, 10),
        HRFlowable(width="100%", thickness=0.4, color=colors.grey, spaceAfter=3),
        _p(
            f"Dasar: {event.dasar_hukum}. Kehadiran dicatat dengan pindai kode QR oleh peserta, "
            f"input NIP/NIK atau daftar oleh panitia. Dicetak {tanggal(printed.date())} pukul "
            f"{printed:%H.%M}; dokumen ini ditandatangani secara elektronik (PAdES) oleh "
            f"sistem Netral {event.instansi.nama}.",
            SMALL,
        ),
    ]
    doc.build(story)
    return pades_sign(
        buf.getvalue(),
        field_name="NetralDaftarHadir",
        reason=f"Daftar hadir {event.judul}",
        location=event.tempat,
    )


# --- the signing plan notice to Bawaslu ---------------------------------------------------


@dataclass(frozen=True)
class PlanStage:
    order: int
    nama: str
    audience: str
    employees: int
    opds: int
    opening: str
    deadline: dt.date


def signing_plan_letter(
    *,
    campaign: Any,
    stages: list[PlanStage],
    ceremonies: list[Any],
    total: int,
    nomor: str,
    tanggal: dt.date,
    kop_kantor: str,
    kepada: str,
    penandatangan: str,
    jabatan_penandatangan: str,
    signed_at: dt.datetime | None,
) -> bytes:
    """The one-page notice (*surat pemberitahuan*) in the letter layout of
    ``cases.letter_pdf``: how signing is organised, stage by stage (who, how many
    employees in how many OPDs, opening and deadline), and the pledge ceremonies."""
    from django.conf import settings

    from netral.cases.letter_pdf import Layout, Letter, Letterhead, Signatory, render

    instansi = campaign.instansi
    lines = [
        (
            "Dalam rangka pembinaan netralitas Pegawai Aparatur Sipil Negara pada "
            f"{campaign.election.nama} sesuai SKB Menteri PANRB, Mendagri, Kepala BKN, Ketua "
            "KASN dan Ketua Bawaslu Tahun 2022 tentang Pedoman Pembinaan dan Pengawasan "
            "Netralitas Pegawai ASN, dengan ini kami beritahukan rencana penandatanganan "
            f"pakta integritas netralitas di lingkungan {instansi.nama} sebagai berikut:"
        ),
        "",
        f"Kampanye :: {campaign.nama}",
        f"Jumlah tahap :: {len(stages)} tahap, secara berjenjang",
        "",
    ]
    for s in stages:
        lines.append(
            f"{s.order}. Tahap {s.order}, {s.nama}: {s.audience}; {s.employees} pegawai di "
            f"{s.opds} unit kerja (OPD); {s.opening}; batas waktu {tanggal_id(s.deadline)}."
        )
    lines.append("")
    if ceremonies:
        lines.append("Pembacaan ikrar netralitas dilaksanakan pada:")
        lines.append("")
        for e in ceremonies:
            start = timezone.localtime(e.mulai)
            lines.append(
                f"- {e.judul}, {tanggal_id(start.date())} pukul {start:%H.%M}, {e.tempat}."
            )
        lines.append("")
    lines += [
        (
            f"Penandatanganan oleh {total} pegawai dilakukan secara elektronik melalui Netral; "
            "setiap pakta diberi kode verifikasi yang dapat diperiksa di "
            f"{settings.SITE_URL}/verifikasi/. Rekapitulasi per unit kerja kami sampaikan "
            "setelah setiap tahap berakhir."
        ),
        "",
        (
            "Demikian pemberitahuan ini kami sampaikan. Atas perhatian dan kerja sama "
            "Bapak/Ibu, kami ucapkan terima kasih."
        ),
    ]
    letter = Letter(
        layout=Layout.SURAT,
        letterhead=Letterhead(authority=instansi.nama, office=kop_kantor),
        title="Pemberitahuan rencana penandatanganan pakta integritas netralitas ASN",
        number=nomor,
        place=campaign.place,
        date=tanggal,
        body="\n".join(lines),
        signatory=Signatory(title=jabatan_penandatangan, name=penandatangan, signed_at=signed_at),
        recipient=(kepada, "di tempat"),
    )
    pdf = render(letter)
    return pades_sign(
        pdf,
        field_name="NetralPemberitahuanBawaslu",
        reason=f"Pemberitahuan rencana penandatanganan {nomor}",
        location=campaign.place,
    )
