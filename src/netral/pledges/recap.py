"""The agency's recap for Bawaslu (issue 3 §8): per stage and OPD, signed share by
employment type, as XLSX (openpyxl) and PDF (reportlab)."""

from __future__ import annotations

import io

from django.utils import timezone
from django.utils.translation import gettext as _

from netral.core.spreadsheet import safe_row
from netral.pledges.selectors import CampaignProgress
from netral.registry.models import Pegawai


def _rows(progress: CampaignProgress) -> list[list[object]]:
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
                sp.overall.percent,
            ]
            + [f"{t.signed}/{t.total}" if t else "0/0" for t in by]
        )
    return rows


def headers() -> list[str]:
    return [
        _("Tahap"),
        _("Nama tahap"),
        _("Unit kerja (OPD)"),
        _("Jumlah pegawai"),
        _("Sudah menandatangani"),
        _("Persentase"),
    ] + [str(label) for _k, label in Pegawai.Jenis.choices]


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
    for col, width in zip("ABCDEFGHIJ", [7, 30, 45, 14, 18, 11, 10, 10, 10, 14], strict=False):
        ws.column_dimensions[col].width = width
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def recap_pdf(progress: CampaignProgress) -> bytes:
    from xml.sax.saxutils import escape

    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.lib.units import cm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    styles = getSampleStyleSheet()
    small = styles["BodyText"].clone("small", fontSize=8, leading=10)
    c = progress.campaign
    buf = io.BytesIO()
    doc = SimpleDocTemplate(buf, pagesize=landscape(A4), leftMargin=1.5 * cm, rightMargin=1.5 * cm)
    story = [
        Paragraph(
            escape(_("Rekapitulasi penandatanganan pakta integritas netralitas ASN")),
            styles["Title"],
        ),
        Paragraph(escape(f"{c.instansi.nama} — {c.nama} ({c.election.nama})"), styles["Normal"]),
        Paragraph(
            escape(_("Dibuat %(t)s.") % {"t": timezone.localtime().strftime("%d-%m-%Y %H:%M")}),
            small,
        ),
        Spacer(1, 10),
    ]
    data = [[Paragraph(escape(h), small) for h in headers()]]
    for row in _rows(progress):
        data.append([Paragraph(escape(str(v)), small) for v in row])
    table = Table(data, repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.3, colors.grey),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8eef5")),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    story.append(table)
    doc.build(story)
    return buf.getvalue()
