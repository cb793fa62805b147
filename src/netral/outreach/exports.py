"""Reach exports (issue 14 item 4): the per-unit table as XLSX and CSV, every cell made
inert for spreadsheets (``core.spreadsheet.safe_row``)."""

from __future__ import annotations

import csv
import io

from django.utils import timezone
from django.utils.translation import gettext as _

from netral.core.spreadsheet import safe_row
from netral.outreach.selectors import ReachCounts, ReachTable


def headers() -> list[str]:
    return [
        _("Unit kerja (OPD)"),
        _("Jenis pegawai"),
        _("Jumlah pegawai"),
        _("Membaca edaran"),
        _("% membaca edaran"),
        _("Hadir kegiatan"),
        _("% hadir kegiatan"),
        _("Menandatangani pakta"),
        _("% menandatangani pakta"),
        _("Tidak terjangkau"),
        _("% tidak terjangkau"),
    ]


def rows(table: ReachTable) -> list[list[object]]:
    out: list[list[object]] = []

    def line(unit: str, jenis: str, c: ReachCounts) -> list[object]:
        return [
            unit,
            jenis,
            c.total,
            c.acknowledged,
            c.acknowledged_pct,
            c.attended,
            c.attended_pct,
            c.signed,
            c.signed_pct,
            c.none,
            c.none_pct,
        ]

    for r in table.rows:
        out.append(line(r.opd.nama, str(r.jenis_label), r.counts))
    out.append(line(_("JUMLAH"), "", table.overall))
    return out


def _title(table: ReachTable) -> list[list[object]]:
    pact = table.campaign.nama if table.campaign else _("semua kampanye ikrar instansi")
    return [
        [_("Jangkauan pembinaan netralitas ASN per unit kerja")],
        safe_row([_("Instansi"), table.instansi.nama]),
        safe_row([_("Pakta integritas"), pact]),
        [_("Dibuat"), timezone.localtime().strftime("%Y-%m-%d %H:%M")],
        [],
    ]


def reach_csv(table: ReachTable) -> bytes:
    buf = io.StringIO()
    writer = csv.writer(buf)
    for row in _title(table):
        writer.writerow(row)
    writer.writerow(safe_row(headers()))
    for row in rows(table):
        writer.writerow(safe_row(row))
    # A BOM so that spreadsheet programs read the UTF-8 names correctly.
    return ("\ufeff" + buf.getvalue()).encode("utf-8")


def reach_xlsx(table: ReachTable) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    ws = wb.active
    ws.title = _("Jangkauan")
    for row in _title(table):
        ws.append(row)
    ws["A1"].font = Font(bold=True, size=13)
    ws.append(safe_row(headers()))
    for cell in ws[ws.max_row]:
        cell.font = Font(bold=True)
    for row in rows(table):
        ws.append(safe_row(row))
    for col, width in zip(
        "ABCDEFGHIJK", [45, 28, 10, 10, 10, 10, 10, 12, 12, 12, 12], strict=False
    ):
        ws.column_dimensions[col].width = width
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
