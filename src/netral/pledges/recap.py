"""The agency's recap for Bawaslu (issue 3 §8): per stage and OPD, signed share by
employment type, as XLSX (openpyxl) and PDF (reportlab)."""

from __future__ import annotations

import io
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from netral.core.spreadsheet import safe_row
from netral.pledges.selectors import CampaignProgress
from netral.registry.models import Pegawai


def _rows(progress: CampaignProgress) -> list[list[object]]:
    """One row per stage and OPD, then the stage's total row; numbers stay numbers
    (percent as a float) so each format writes them its own way."""
    jenis = [k for k, _label in Pegawai.Jenis.choices]
    rows: list[list[object]] = []
    names = {u.pk: u.nama for u in progress.opds}
    for sp in progress.stages:
        for opd_id, tally in sorted(sp.by_opd.items(), key=lambda kv: names.get(kv[0], "")):
            rows.append(
                [
                    sp.stage.order,
                    sp.stage.nama,
                    names.get(opd_id, str(opd_id)),
                    tally.total,
                    tally.signed,
                    tally.late,
                    tally.percent,
                ]
            )
        by = [sp.by_jenis.get(j) for j in jenis]
        rows.append(
            [
                sp.stage.order,
                sp.stage.nama,
                _("JUMLAH"),
                sp.overall.total,
                sp.overall.signed,
                sp.overall.late,
                sp.overall.percent,
            ]
            + [f"{t.signed}/{t.total}" if t else "0/0" for t in by]
        )
    return rows


def ledger_checkpoint(progress: CampaignProgress) -> tuple[str, str] | None:
    """The agency log's signed checkpoint as of now (signed on demand) and the verifier
    key, printed in the recap so Bawaslu holds a copy outside the installation (issue
    15: a later truncation or rewrite of the log is then detectable against it)."""
    from netral.pledges import ledger
    from netral.pledges.models import LedgerLog

    log = LedgerLog.objects.filter(instansi_id=progress.campaign.instansi_id).first()
    if log is None or not log.size:
        return None
    return ledger.checkpoint_make(log).note, ledger.verifier_key()


def headers() -> list[str]:
    return [
        _("Tahap"),
        _("Nama tahap"),
        _("Unit kerja (OPD)"),
        _("Jumlah pegawai"),
        _("Sudah menandatangani"),
        # Issue 11 item 7: signatures after the stage's deadline, counted apart.
        _("Di antaranya terlambat"),
        _("Persentase"),
    ] + [str(label) for _k, label in Pegawai.Jenis.choices]


def id_number(value: float | int, decimals: int = 0) -> str:
    """Indonesian number format: 1.234 and 100,0 (issue 11 item 9)."""
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def id_percent(value: float) -> str:
    return f"{id_number(value, 1)} %"


def recap_xlsx(progress: CampaignProgress) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    ws = wb.active
    ws.title = _("Rekap")
    c = progress.campaign
    ws.append([_("Rekapitulasi penandatanganan pakta integritas netralitas ASN")])
    ws["A1"].font = Font(bold=True, size=13)
    # Names are typed by people: escaped like every cell (issue 9, defect 5).
    ws.append(safe_row([_("Instansi"), c.instansi.nama]))
    ws.append(safe_row([_("Kampanye"), c.nama]))
    ws.append(safe_row([_("Pemilihan"), c.election.nama]))
    ws.append([_("Dibuat"), timezone.localtime().strftime("%Y-%m-%d %H:%M")])
    ws.append([])
    ws.append(safe_row(headers()))
    for cell in ws[ws.max_row]:
        cell.font = Font(bold=True)
    for row in _rows(progress):
        ws.append(safe_row(row))
        # The spreadsheet shows the number in the reader's own locale (100,0 in Indonesian).
        ws.cell(row=ws.max_row, column=7).number_format = '0.0" %"'
    signed = ledger_checkpoint(progress)
    if signed is not None:
        ws.append([])
        ws.append([_("Checkpoint buku besar (RFC 9162, C2SP signed note)")])
        ws[f"A{ws.max_row}"].font = Font(bold=True)
        ws.append(safe_row([_("Checkpoint"), signed[0]]))
        ws.append(safe_row([_("Kunci verifikasi"), signed[1]]))
    for col, width in zip("ABCDEFGHIJK", [7, 30, 45, 14, 18, 16, 11, 10, 10, 10, 14], strict=False):
        ws.column_dimensions[col].width = width
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def recap_pdf(progress: CampaignProgress) -> bytes:
    """A4 landscape with the agency's letterhead, Indonesian numbers, columns sized to
    their content and page numbers (issue 11 item 9)."""
    from xml.sax.saxutils import escape

    from reportlab.lib import colors
    from reportlab.lib.enums import TA_CENTER, TA_RIGHT
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.lib.units import cm
    from reportlab.platypus import (
        HRFlowable,
        Paragraph,
        SimpleDocTemplate,
        Spacer,
        Table,
        TableStyle,
    )

    styles = getSampleStyleSheet()
    body = styles["BodyText"].clone("cell", fontSize=8.5, leading=10.5)
    num = body.clone("num", alignment=TA_RIGHT)
    head = body.clone("head", fontName="Helvetica-Bold", fontSize=8)
    head_num = head.clone("head_num", alignment=TA_RIGHT)
    centre = styles["Normal"].clone("centre", alignment=TA_CENTER)
    letterhead = styles["Title"].clone("letterhead", fontSize=14, leading=17, spaceAfter=2)
    c = progress.campaign
    generated = timezone.localtime()
    buf = io.BytesIO()
    margin = 1.5 * cm
    page = landscape(A4)
    doc = SimpleDocTemplate(
        buf,
        pagesize=page,
        leftMargin=margin,
        rightMargin=margin,
        topMargin=1.2 * cm,
        bottomMargin=1.5 * cm,
        title=_("Rekapitulasi penandatanganan pakta integritas netralitas ASN"),
        author=c.instansi.nama,
    )
    story = [
        Paragraph(escape(c.instansi.nama.upper()), letterhead),
        Paragraph(
            escape(_("Rekapitulasi penandatanganan pakta integritas netralitas ASN")), centre
        ),
        Paragraph(escape(f"{c.nama} — {c.election.nama}"), centre),
        Spacer(1, 4),
        HRFlowable(width="100%", thickness=1.2, color=colors.black),
        Spacer(1, 8),
    ]
    numeric = {3, 4, 5, 6}
    # Short headings so no word breaks inside a column (the spreadsheet has the long ones).
    hs = [
        _("Tahap"),
        _("Nama tahap"),
        _("Unit kerja (OPD)"),
        _("Jumlah pegawai"),
        _("Sudah tanda tangan"),
        _("Terlambat"),
        _("Persentase"),
    ] + [_("Non-ASN") if k == Pegawai.Jenis.NON_ASN else k for k, _l in Pegawai.Jenis.choices]
    data = [[Paragraph(escape(h), head_num if i in numeric else head) for i, h in enumerate(hs)]]
    total_rows = []
    for row in _rows(progress):
        cells = []
        for i, v in enumerate(row):
            if i == 6:
                text = id_percent(float(v))  # type: ignore[arg-type]
            elif i in numeric:
                text = id_number(v)  # type: ignore[arg-type]
            else:
                text = str(v)
            cells.append(Paragraph(escape(text), num if i in numeric else body))
        if row[2] == _("JUMLAH"):
            total_rows.append(len(data))
        data.append(cells)
    width = page[0] - 2 * margin
    fixed = [1.3, 4.2, 0, 2.0, 2.3, 2.1, 2.3] + [1.7] * (len(hs) - 7)
    fixed_cm = sum(fixed) * cm
    widths = [w * cm for w in fixed]
    widths[2] = max(width - fixed_cm, 5 * cm)
    table = Table(data, colWidths=widths, repeatRows=1)
    style = [
        ("GRID", (0, 0), (-1, -1), 0.3, colors.grey),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8eef5")),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]
    for r in total_rows:
        style.append(("BACKGROUND", (0, r), (-1, r), colors.HexColor("#f3f3f3")))
    table.setStyle(TableStyle(style))
    story.append(table)
    story.append(Spacer(1, 8))
    story.append(
        Paragraph(
            escape(
                _(
                    "Terlambat: tanda tangan setelah batas waktu tahap. Persentase: yang sudah "
                    "menandatangani dibanding jumlah pegawai pada tahap itu."
                )
            ),
            body,
        )
    )
    footer = _("Dibuat %(t)s · halaman %(n)s")

    def _footer(canvas: Any, doc_: Any) -> None:
        canvas.saveState()
        canvas.setFont("Helvetica", 7.5)
        canvas.drawRightString(
            page[0] - margin,
            0.8 * cm,
            footer % {"t": generated.strftime("%d-%m-%Y %H.%M"), "n": doc_.page},
        )
        canvas.drawString(margin, 0.8 * cm, c.instansi.nama)
        canvas.restoreState()

    signed = ledger_checkpoint(progress)
    if signed is not None:
        from reportlab.platypus import Preformatted

        story += [
            Spacer(1, 10),
            Paragraph(escape(_("Checkpoint buku besar (RFC 9162, C2SP signed note)")), body),
            Preformatted(signed[0], styles["Code"].clone("cp", fontSize=7, leading=9)),
            Paragraph(escape(_("Kunci verifikasi: %(k)s") % {"k": signed[1]}), body),
        ]
    doc.build(story, onFirstPage=_footer, onLaterPages=_footer)
    return buf.getvalue()


def unsigned_xlsx(*, campaign: Any, people: Any, unit: Any = None, stage: Any = None) -> bytes:
    """The unsigned employees as a spreadsheet to hand round (issue 11 item 8): every
    cell through ``safe_row``; the whole list, streamed in id order per unit."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook(write_only=True)
    ws = wb.create_sheet(_("Belum menandatangani")[:31])
    title = _("Pegawai yang belum menandatangani pakta integritas")
    ws.append([title])
    ws.append(safe_row([_("Kampanye"), campaign.nama]))
    if unit is not None:
        ws.append(safe_row([_("Unit kerja"), unit.full_name]))
    if stage is not None:
        ws.append(safe_row([_("Tahap"), f"{stage.order}: {stage.nama}"]))
    ws.append([_("Dibuat"), timezone.localtime().strftime("%d-%m-%Y %H:%M")])
    ws.append([])
    bold = Font(bold=True)
    from openpyxl.cell import WriteOnlyCell

    heads = [_("No"), _("Nama"), _("NIP/NIK"), _("Jabatan"), _("Unit kerja"), _("E-mail")]
    row = []
    for h in heads:
        cell = WriteOnlyCell(ws, value=h)
        cell.font = bold
        row.append(cell)
    ws.append(row)
    for n, p in enumerate(people.iterator(chunk_size=2000), start=1):
        # NIP/NIK as text: a number would be rounded by the spreadsheet.
        ws.append(safe_row([n, p.nama, str(p.identifier), p.jabatan, p.unit.full_name, p.email]))
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
