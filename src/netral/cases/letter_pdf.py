"""Official letters as PDF: the Indonesian government letter layout (*tata naskah dinas*).

Three layouts cover the letters a case produces (issue 10 item 5):

* ``SURAT``: a letter (*surat dinas*): letterhead (*kop*) with a double rule, place and
  date at the top right, ``Nomor / Sifat / Lampiran / Hal``, the addressee (``Yth.``),
  the body, the signature block at the right and the copies (*tembusan*);
* ``BERITA_ACARA``: minutes (*berita acara*): centred title and number, an opening that
  spells out the day and date in words ("Pada hari ini Kamis tanggal tiga …"), the body,
  signatures;
* ``KEPUTUSAN``: a decree (*keputusan*): centred "KEPUTUSAN … NOMOR … TENTANG …", the
  considerations as two-column rows (``Menimbang``, ``Mengingat``, ``KESATU`` …).

The body is the text of an admin-editable template after its placeholders are filled
(``cases.letters``), written in a small markup so that an administrator can edit it in a
plain text box:

* a blank line separates paragraphs (justified);
* ``# TEXT`` is a centred bold heading;
* ``1. text`` / ``a. text`` / ``- text`` is a list item with a hanging indent;
* ``Label :: text`` is a row of a two-column table (``Menimbang :: a. bahwa …``); rows
  with an empty label (`` :: text``) continue the row above.

Nothing but the given content is printed: no storage path, file name or internal id ever
reaches the document (the PDF metadata is set explicitly for the same reason).
Fonts are the PDF base fonts (Times), so no font file is needed on the server.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from dataclasses import dataclass, field
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.platypus import (
    HRFlowable,
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

# Indonesian dates live in core.datefmt; re-exported for the letter placeholders.
from netral.core.datefmt import (  # noqa: F401
    bulan_romawi,
    hari,
    tanggal,
    tanggal_terbilang,
    terbilang,
)

BASE = ParagraphStyle("letter", fontName="Times-Roman", fontSize=12, leading=16)
JUSTIFY = ParagraphStyle("letter-justify", parent=BASE, alignment=TA_JUSTIFY)
RIGHT = ParagraphStyle("letter-right", parent=BASE, alignment=TA_RIGHT)
CENTER = ParagraphStyle("letter-center", parent=BASE, alignment=TA_CENTER)
HEADING = ParagraphStyle(
    "letter-heading", parent=BASE, fontName="Times-Bold", alignment=TA_CENTER, spaceBefore=4
)
TITLE = ParagraphStyle(
    "letter-title", parent=BASE, fontName="Times-Bold", fontSize=13, alignment=TA_CENTER
)
KOP_MAIN = ParagraphStyle(
    "kop-main", parent=BASE, fontName="Times-Bold", fontSize=15, leading=18, alignment=TA_CENTER
)
KOP_SUB = ParagraphStyle(
    "kop-sub", parent=BASE, fontName="Times-Bold", fontSize=13, leading=16, alignment=TA_CENTER
)
KOP_ADDRESS = ParagraphStyle(
    "kop-address", parent=BASE, fontSize=9.5, leading=12, alignment=TA_CENTER
)
SMALL = ParagraphStyle("letter-small", parent=BASE, fontName="Helvetica", fontSize=7, leading=9)


class Layout:
    SURAT = "SURAT"
    BERITA_ACARA = "BERITA_ACARA"
    KEPUTUSAN = "KEPUTUSAN"


# --- What a letter is made of ------------------------------------------------------------


@dataclass(frozen=True)
class Letterhead:
    """The *kop*: issuing authority (upper case), the office, and its address line."""

    authority: str
    office: str = ""
    address: str = ""


@dataclass(frozen=True)
class Signatory:
    title: str  # "Ketua Bawaslu Kabupaten Karimun"
    name: str
    id_line: str = ""  # "NIP 19700101 199503 1 001"
    signed_at: dt.datetime | None = None


@dataclass(frozen=True)
class Letter:
    layout: str
    letterhead: Letterhead
    title: str  # SURAT: the subject (Hal); others: the centred title
    number: str
    place: str
    date: dt.date
    body: str
    signatory: Signatory
    recipient: tuple[str, ...] = ()
    sifat: str = ""
    lampiran: str = ""
    subject_line: str = ""  # KEPUTUSAN: "TENTANG …"
    tembusan: tuple[str, ...] = ()
    citation: str = ""
    footer: str = ""
    extra_signatories: tuple[Signatory, ...] = field(default_factory=tuple)


# --- Markup ---------------------------------------------------------------------------

_LIST = re.compile(r"^(\d{1,2}\.|[a-z]\.|-)\s+(.*)$")
_ROW = re.compile(r"^([^:]{0,40}?)\s*::\s*(.*)$")


def _p(text: str, style: ParagraphStyle = JUSTIFY) -> Paragraph:
    return Paragraph(escape(text).replace("\n", "<br/>"), style)


def _plain_table(rows: list[list[Any]], widths: list[float | None]) -> Table:
    table = Table(rows, colWidths=widths)
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 2),
                ("TOPPADDING", (0, 0), (-1, -1), 1),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
            ]
        )
    )
    return table


def _list_item(marker: str, text: str) -> Table:
    return _plain_table([[_p(marker, BASE), _p(text)]], [0.8 * cm, None])


def body_flowables(body: str) -> list[Any]:
    """Turn the template markup (module docstring) into flowables."""
    out: list[Any] = []
    rows: list[list[str]] = []

    def flush_rows() -> None:
        if rows:
            cells = [[_p(k, BASE), _p(":" if k else "", BASE), _cell(v)] for k, v in rows]
            out.append(_plain_table(cells, [3.9 * cm, 0.4 * cm, None]))
            out.append(Spacer(1, 6))
            rows.clear()

    for block in re.split(r"\n\s*\n", body.strip()):
        lines = [line.rstrip() for line in block.strip().splitlines()]
        if not lines:
            continue
        first = lines[0]
        if first.startswith("# "):
            flush_rows()
            out.append(_p(" ".join(line.lstrip("# ") for line in lines), HEADING))
            out.append(Spacer(1, 6))
        elif _ROW.match(first):
            for line in lines:
                m = _ROW.match(line)
                if m is None:  # a wrapped line continues the cell above
                    if rows:
                        rows[-1][1] = f"{rows[-1][1]} {line.strip()}"
                    continue
                rows.append([m.group(1).strip(), m.group(2).strip()])
        elif _LIST.match(first):
            flush_rows()
            items: list[tuple[str, str]] = []
            for line in lines:
                m = _LIST.match(line.strip())
                if m:
                    items.append((m.group(1), m.group(2)))
                elif items:
                    items[-1] = (items[-1][0], f"{items[-1][1]} {line.strip()}")
            out.extend(_list_item(marker, text) for marker, text in items)
            out.append(Spacer(1, 6))
        else:
            flush_rows()
            out.append(_p(" ".join(line.strip() for line in lines)))
            out.append(Spacer(1, 6))
    flush_rows()
    return out


def _cell(text: str) -> Any:
    """A table cell: a list item (``a. bahwa …``) keeps its hanging indent."""
    m = _LIST.match(text)
    if m:
        return _list_item(m.group(1), m.group(2))
    return _p(text)


# --- Layout ---------------------------------------------------------------------------


def _kop(head: Letterhead) -> list[Any]:
    out: list[Any] = [_p(head.authority.upper(), KOP_MAIN)]
    if head.office:
        out.append(_p(head.office.upper(), KOP_SUB))
    if head.address:
        out.append(_p(head.address, KOP_ADDRESS))
    out += [
        Spacer(1, 3),
        HRFlowable(width="100%", thickness=2.2, color=colors.black, spaceAfter=1.2),
        HRFlowable(width="100%", thickness=0.6, color=colors.black, spaceAfter=12),
    ]
    return out


def _signature(s: Signatory, place_date: str | None) -> list[Any]:
    block: list[Any] = []
    if place_date:
        block.append(_p(place_date, BASE))
    block += [_p(f"{s.title},", BASE), Spacer(1, 4)]
    block.append(Paragraph("<i>Ditandatangani secara elektronik</i>", BASE))
    if s.signed_at is not None:
        block.append(_p(f"pukul {s.signed_at:%H.%M} {s.signed_at.tzname() or ''}".strip(), SMALL))
    block += [Spacer(1, 8), Paragraph(f"<b><u>{escape(s.name)}</u></b>", BASE)]
    if s.id_line:
        block.append(_p(s.id_line, BASE))
    return block


def _signatures(letter: Letter, *, place_date: str | None) -> Any:
    main = _signature(letter.signatory, place_date)
    if not letter.extra_signatories:
        return KeepTogether([_plain_table([["", main]], [8.5 * cm, None])])
    # Minutes are signed by the clarifying officer and the person heard, side by side.
    others = [_signature(s, None) for s in letter.extra_signatories]
    cells = [*others, main]
    width = 16.3 * cm / len(cells)
    return KeepTogether([_plain_table([cells], [width] * len(cells))])


def _surat_header(letter: Letter) -> list[Any]:
    date_line = _p(f"{letter.place}, {tanggal(letter.date)}", RIGHT)
    meta = [
        ("Nomor", letter.number),
        ("Sifat", letter.sifat or "Biasa"),
        ("Lampiran", letter.lampiran or "-"),
        ("Hal", letter.title),
    ]
    meta_table = _plain_table(
        [[_p(k, BASE), _p(":", BASE), _p(v, BASE)] for k, v in meta],
        [2.2 * cm, 0.4 * cm, None],
    )
    out: list[Any] = [date_line, Spacer(1, 6), meta_table, Spacer(1, 14)]
    if letter.recipient:
        out.append(_p("Yth. " + letter.recipient[0], BASE))
        out += [_p(line, BASE) for line in letter.recipient[1:]]
        out.append(Spacer(1, 12))
    return out


def _centred_header(letter: Letter) -> list[Any]:
    out: list[Any] = [_p(letter.title.upper(), TITLE)]
    if letter.number:
        out.append(_p(f"NOMOR {letter.number}", CENTER))
    if letter.subject_line:
        out += [Spacer(1, 4), _p("TENTANG", CENTER), _p(letter.subject_line.upper(), CENTER)]
    out.append(Spacer(1, 14))
    return out


def render(letter: Letter) -> bytes:
    """The unsigned PDF of ``letter`` (A4, margins of the *tata naskah dinas*)."""
    buf = io.BytesIO()
    doc = SimpleDocTemplate(
        buf,
        pagesize=A4,
        leftMargin=2.5 * cm,
        rightMargin=2.2 * cm,
        topMargin=1.6 * cm,
        bottomMargin=1.8 * cm,
        # Explicit metadata: reportlab would otherwise print "untitled"/"anonymous".
        title=f"{letter.title} {letter.number}".strip(),
        author=letter.letterhead.office or letter.letterhead.authority,
        subject=letter.title,
        creator="Netral",
        producer="Netral",
    )
    story: list[Any] = _kop(letter.letterhead)
    if letter.layout == Layout.SURAT:
        story += _surat_header(letter)
    else:
        story += _centred_header(letter)
    story += body_flowables(letter.body)
    story.append(Spacer(1, 10))
    # A letter carries its date at the top; minutes and decrees above the signature.
    place_date: str | None = f"{letter.place}, {tanggal(letter.date)}"
    if letter.layout == Layout.SURAT:
        place_date = None
    elif letter.layout == Layout.KEPUTUSAN:
        place_date = f"Ditetapkan di {letter.place}\npada tanggal {tanggal(letter.date)}"
    story.append(_signatures(letter, place_date=place_date))
    if letter.tembusan:
        story += [Spacer(1, 14), _p("Tembusan:", BASE)]
        story += [_list_item(f"{i}.", t) for i, t in enumerate(letter.tembusan, 1)]
    notes = " ".join(
        x for x in (f"Dasar: {letter.citation}." if letter.citation else "", letter.footer) if x
    )
    if notes:
        story += [
            Spacer(1, 14),
            HRFlowable(width="100%", thickness=0.4, color=colors.grey, spaceAfter=3),
            _p(notes, SMALL),
        ]
    doc.build(story)
    return buf.getvalue()


def sign(pdf: bytes, *, reason: str, location: str) -> bytes:
    """PAdES B-B signature by the installation certificate (``core.keys.pades_sign``,
    shared/domain.md §2)."""
    from netral.core.keys import pades_sign

    return pades_sign(pdf, field_name="NetralNaskahDinas", reason=reason, location=location)
