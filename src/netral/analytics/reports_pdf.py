"""Leaders' monthly report (issue 13 item 3): one PDF per agency and per province, with
a letterhead, Indonesian number and date formats, bar charts and their tables: pact
signing, reports received in the month (provinces), the case funnel, overdue stages,
the PPK's follow-up of recommendations and sanctions. Built from the rollups in the
background (``tasks.build_leader_reports``), signed with the installation certificate
(``core.keys.pades_sign``; PP 71/2019: uncertified unless the certificate comes from a
PSrE), downloadable at ``/dasbor/laporan-bulanan/`` and e-mailed to subscribers.

Who may read which report (``may_read``) follows who would see the same figures on the
dashboard: an agency's report its PPK, BKPSDM admins and Inspektorat (the cases that
reached the PPK, ``cases.selectors``); a province's report the Bawaslu and Satgas
officers of the province or the national level.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
from typing import Any
from xml.sax.saxutils import escape

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from netral.accounts import authz
from netral.accounts.roles import Role
from netral.analytics.case_tables import CaseReading, RollupSource, tables_from
from netral.analytics.models import (
    LeaderReport,
    LeaderReportSubscription,
    PledgeRollup,
    ReportRollup,
)
from netral.analytics.selectors import Filters, Row, Table
from netral.core import datefmt
from netral.core.datefmt import MONTHS

AGENCY_ROLES = (Role.HR_ADMIN, Role.PPK, Role.INSPEKTORAT)
PROVINCE_ROLES = (Role.BAWASLU, Role.SATGAS)


# --- Indonesian formats ------------------------------------------------------------------


def angka(value: float | int | None, decimals: int = 0) -> str:
    """Indonesian number format: ``1.234.567``, ``85,3``."""
    if value is None:
        return "–"
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def tanggal(d: dt.date) -> str:
    return datefmt.tanggal(d)


def bulan(d: dt.date) -> str:
    return f"{MONTHS[d.month - 1]} {d.year}"


def previous_month(today: dt.date) -> dt.date:
    first = today.replace(day=1)
    return (first - dt.timedelta(days=1)).replace(day=1)


# --- who may read ------------------------------------------------------------------------


def may_read(user: Any, report: LeaderReport) -> bool:
    for a in authz.assignments(user):
        if report.kind == LeaderReport.Kind.INSTANSI:
            if a.role in AGENCY_ROLES and a.instansi_id == report.instansi_id:
                return True
        elif a.role in PROVINCE_ROLES and (a.region_id is None or a.region_id == report.region_id):
            return True
    return False


def reports_for(user: Any) -> list[LeaderReport]:
    qs = LeaderReport.objects.select_related("instansi", "region").order_by("-month", "kind", "id")
    return [r for r in qs[:500] if may_read(user, r)]


def targets_for(user: Any) -> list[tuple[str, Any]]:
    """Agencies and provinces whose report ``user`` may subscribe to."""
    from netral.registry.models import Region

    out: list[tuple[str, Any]] = []
    for a in authz.assignments(user):
        if a.role in AGENCY_ROLES and a.instansi is not None:
            out.append((LeaderReport.Kind.INSTANSI, a.instansi))
        elif a.role in PROVINCE_ROLES:
            if a.region_id is None:
                out += [
                    (LeaderReport.Kind.PROVINSI, r)
                    for r in Region.objects.filter(level=Region.Level.PROVINSI).order_by("kode")
                ]
            elif a.region is not None and a.region.level == Region.Level.PROVINSI:
                out.append((LeaderReport.Kind.PROVINSI, a.region))
    seen, unique = set(), []
    for kind, target in out:
        if (kind, target.pk) not in seen:
            seen.add((kind, target.pk))
            unique.append((kind, target))
    return unique


# --- content -----------------------------------------------------------------------------


def _pledge_table(rows: Any) -> Table:
    from netral.pledges.models import Election

    by_election = list(
        rows.filter(stage_order=0)
        .values("election_id")
        .annotate(t=Sum("total"), s=Sum("signed"))
        .order_by("election_id")
    )
    names = dict(
        Election.objects.filter(pk__in=[r["election_id"] for r in by_election]).values_list(
            "pk", "nama"
        )
    )
    table = Table(
        "ikrar",
        "Penandatanganan pakta integritas per pemilihan",
        ["Pemilihan", "Sudah", "Jumlah pegawai", "Persen"],
        ratio=True,
    )
    table.rows = [
        Row(r["election_id"], names.get(r["election_id"], "?"), r["s"] or 0, r["t"] or 0)
        for r in by_election
    ]
    return table


def _report_tables(province: str, month: dt.date) -> tuple[int, list[Table]]:
    from netral.registry.models import Region
    from netral.reports.models import ViolationType

    qs = ReportRollup.objects.filter(slice=province, month=month)
    total = int(qs.aggregate(n=Sum("n"))["n"] or 0)
    geo = list(qs.values("geo").annotate(n=Sum("n")).order_by())
    names = dict(
        Region.objects.filter(kode__in=[g["geo"] for g in geo]).values_list("kode", "nama")
    )
    by_geo = Table("laporan_wilayah", "Laporan masuk per kabupaten/kota", ["Wilayah", "Jumlah"])
    by_geo.rows = sorted(
        (Row(g["geo"], names.get(g["geo"], g["geo"]), g["n"]) for g in geo),
        key=lambda r: (-r.value, r.label),
    )
    vt = list(qs.values("violation_type_id").annotate(n=Sum("n")).order_by())
    titles = dict(
        ViolationType.objects.filter(pk__in=[v["violation_type_id"] for v in vt]).values_list(
            "pk", "title"
        )
    )
    by_vt = Table("laporan_pelanggaran", "Laporan masuk per jenis pelanggaran", ["Jenis", "Jumlah"])
    by_vt.rows = sorted(
        (
            Row(
                v["violation_type_id"],
                titles.get(v["violation_type_id"] or 0, "Belum ditentukan"),
                v["n"],
            )
            for v in vt
        ),
        key=lambda r: (-r.value, r.label),
    )[:10]
    return total, [t for t in (by_geo, by_vt) if t.rows]


def report_content(report: LeaderReport) -> tuple[str, list[Table], list[str]]:
    """(title, tables, summary lines) of one report, from the rollups."""
    from django.utils import translation

    from netral.accounts.authz import region_q

    month = report.month
    with translation.override("id"):
        if report.kind == LeaderReport.Kind.INSTANSI:
            assert report.instansi is not None
            title = report.instansi.nama
            pledges = _pledge_table(PledgeRollup.objects.filter(instansi_id=report.instansi.pk))
            reading = CaseReading(slice=f"i:{report.instansi_id}", ppk_only=True)
            reports_total: int | None = None
            report_tables: list[Table] = []
        else:
            assert report.region is not None
            title = report.region.nama
            code = report.region_id or ""
            pledges = _pledge_table(PledgeRollup.objects.filter(region_q("region_kode", code)))
            reading = CaseReading(slice=code)
            reports_total, report_tables = _report_tables(code, month)
        # The state of every case so far (stages, overdue, PPK follow-up), and the month.
        cases = tables_from(RollupSource(reading, Filters(month_to=month)))
        opened = tables_from(RollupSource(reading, Filters(month_from=month, month_to=month)))
    opened_n = sum(r.value for t in opened if t.key == "perkara_tahap" for r in t.rows)
    summary = [f"Perkara baru pada {bulan(month)}: {angka(opened_n)}."]
    if reports_total is not None:
        summary.insert(0, f"Laporan dan temuan masuk pada {bulan(month)}: {angka(reports_total)}.")
    for t in cases:
        if t.key == "perkara_lewat_tenggat":
            summary.append(
                f"Tahap perkara yang melewati tenggat: {angka(sum(r.value for r in t.rows))}."
            )
    tables = [t for t in (pledges,) if t.rows] + report_tables + cases
    return title, tables, summary


# --- PDF ---------------------------------------------------------------------------------


def _chart(table: Table, width: float) -> Any:
    from reportlab.graphics.shapes import Drawing, Rect, String
    from reportlab.lib import colors

    rows = table.rows[:10]
    bar_h, gap, label_w = 10, 4, width * 0.42
    height = len(rows) * (bar_h + gap)
    top = max(((r.total if table.ratio else r.value) or 0) for r in rows) or 1
    d = Drawing(width, height)
    span = width - label_w - 40
    for i, r in enumerate(rows):
        y = height - (i + 1) * (bar_h + gap) + gap / 2
        label = r.label if len(r.label) <= 48 else r.label[:47] + "…"
        d.add(String(0, y + 2, label, fontName="Helvetica", fontSize=7))
        full = (r.total if table.ratio else r.value) or 0
        d.add(
            Rect(
                label_w,
                y,
                span * full / top,
                bar_h,
                fillColor=colors.HexColor("#c9d6e8"),
                strokeColor=None,
            )
        )
        if table.ratio:
            d.add(
                Rect(
                    label_w,
                    y,
                    span * r.value / top,
                    bar_h,
                    fillColor=colors.HexColor("#1f5fa8"),
                    strokeColor=None,
                )
            )
        shown = f"{angka(r.percent, 1)} %" if table.ratio else angka(r.value)
        d.add(
            String(label_w + span * full / top + 3, y + 2, shown, fontName="Helvetica", fontSize=7)
        )
    return d


def _cell_text(value: Any) -> str:
    if isinstance(value, float):
        return angka(value, 1)
    if isinstance(value, int):
        return angka(value)
    return "–" if value is None else str(value)


def render(report: LeaderReport, *, now: dt.datetime | None = None) -> bytes:
    from reportlab.lib import colors
    from reportlab.lib.enums import TA_CENTER
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import cm
    from reportlab.platypus import (
        HRFlowable,
        KeepTogether,
        Paragraph,
        SimpleDocTemplate,
        Spacer,
        TableStyle,
    )
    from reportlab.platypus import Table as PdfTable

    now = timezone.localtime(now or timezone.now())
    title, tables, summary = report_content(report)
    base = ParagraphStyle("lr", fontName="Helvetica", fontSize=9.5, leading=12.5)
    kop1 = ParagraphStyle(
        "lr-kop1", parent=base, fontName="Times-Bold", fontSize=15, leading=18, alignment=TA_CENTER
    )
    kop2 = ParagraphStyle(
        "lr-kop2",
        parent=base,
        fontName="Times-Bold",
        fontSize=12.5,
        leading=15,
        alignment=TA_CENTER,
    )
    kop3 = ParagraphStyle(
        "lr-kop3", parent=base, fontName="Times-Roman", fontSize=9.5, alignment=TA_CENTER
    )
    h1 = ParagraphStyle(
        "lr-h1",
        parent=base,
        fontName="Helvetica-Bold",
        fontSize=12,
        leading=15,
        alignment=TA_CENTER,
        spaceAfter=6,
    )
    h2 = ParagraphStyle(
        "lr-h2",
        parent=base,
        fontName="Helvetica-Bold",
        fontSize=10.5,
        leading=13,
        spaceBefore=8,
        spaceAfter=4,
    )
    small = ParagraphStyle("lr-small", parent=base, fontSize=7, leading=9, textColor=colors.grey)
    buf = io.BytesIO()
    doc_title = f"Laporan Bulanan Netralitas ASN {title} {bulan(report.month)}"
    doc = SimpleDocTemplate(
        buf, pagesize=A4, leftMargin=2.2 * cm, rightMargin=2 * cm, topMargin=1.6 * cm,
        bottomMargin=1.8 * cm, title=doc_title, author="Netral", subject=doc_title,
        creator="Netral", producer="Netral",
    )  # fmt: skip
    width = A4[0] - 4.2 * cm
    story: list[Any] = [
        Paragraph("SISTEM PENGAWASAN NETRALITAS ASN", kop1),
        Paragraph(escape(title.upper()), kop2),
        Paragraph("Laporan ringkas untuk pimpinan, dibangun dari data Netral", kop3),
        Spacer(1, 3),
        HRFlowable(width="100%", thickness=2.2, color=colors.black, spaceAfter=1.2),
        HRFlowable(width="100%", thickness=0.6, color=colors.black, spaceAfter=10),
        Paragraph(f"LAPORAN BULANAN NETRALITAS ASN<br/>{bulan(report.month).upper()}", h1),
        Paragraph(
            f"Keadaan data per {tanggal(now.date())} pukul {now:%H.%M} {now.tzname() or ''}. "
            "Angka perkara mencakup seluruh perkara sampai akhir bulan laporan; "
            "tenggat dihitung menurut aturan tenggat yang berlaku (UU 7/2017, Perbawaslu 8/2022, "
            "PP 94/2021).",
            base,
        ),
        Spacer(1, 6),
    ]
    for line in summary:
        story.append(Paragraph("• " + escape(line), base))
    for table in tables:
        block: list[Any] = [Paragraph(escape(table.title), h2)]
        if len(table.rows) > 1 and table.rows[0].cells is None:
            block += [_chart(table, width), Spacer(1, 4)]
        data: list[list[Any]] = [[Paragraph(f"<b>{escape(c)}</b>", base) for c in table.columns]]
        for r in table.rows[:25]:
            if r.cells is not None:
                values = [_cell_text(c) for c in r.cells]
            elif table.ratio:
                values = [angka(r.value), angka(r.total), f"{angka(r.percent, 1)} %"]
            else:
                values = [angka(r.value)]
            data.append([Paragraph(escape(r.label), base), *values])
        col = (width * 0.5) / max(1, len(table.columns) - 1)
        pdf_table = PdfTable(
            data, colWidths=[width * 0.5] + [col] * (len(table.columns) - 1), repeatRows=1
        )
        pdf_table.setStyle(
            TableStyle(
                [
                    ("GRID", (0, 0), (-1, -1), 0.3, colors.grey),
                    ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eef2f7")),
                    ("ALIGN", (1, 1), (-1, -1), "RIGHT"),
                    ("FONTSIZE", (0, 0), (-1, -1), 8.5),
                    ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ]
            )
        )
        block.append(pdf_table)
        story.append(KeepTogether(block))
    if not tables:
        story.append(Paragraph("Belum ada data untuk lingkup ini.", base))
    story += [
        Spacer(1, 14),
        HRFlowable(width="100%", thickness=0.4, color=colors.grey, spaceAfter=3),
        Paragraph(
            "Dokumen ini dibangun dan ditandatangani secara elektronik oleh sistem Netral "
            "(sertifikat instalasi; PP 71/2019). Angka agregat; tidak memuat identitas pelapor.",
            small,
        ),
    ]
    doc.build(story)
    return buf.getvalue()


# --- building and sending ------------------------------------------------------------------


def build(*, kind: str, target: Any, month: dt.date) -> LeaderReport:
    """Build (or rebuild) one report: render, sign, store; idempotent per month."""
    from netral.core.keys import pades_sign

    lookup = {"instansi": target} if kind == LeaderReport.Kind.INSTANSI else {"region": target}
    report = LeaderReport.objects.filter(kind=kind, month=month, **lookup).first()
    if report is None:
        report = LeaderReport(kind=kind, month=month, **lookup)
    pdf = pades_sign(
        render(report),
        field_name="NetralLaporanBulanan",
        reason="Laporan bulanan netralitas ASN",
        location="Netral",
    )
    old = report.file.name if report.pk and report.file else ""
    with transaction.atomic():
        report.sha256 = hashlib.sha256(pdf).hexdigest()
        report.size = len(pdf)
        report.file.save(f"{kind.lower()}-{month:%Y-%m}.pdf", ContentFile(pdf), save=False)
        report.save()
    if old and old != report.file.name:
        report.file.storage.delete(old)
    return report


def build_month(month: dt.date) -> list[LeaderReport]:
    """Every agency with pledges or cases in the rollups, and every province with data."""
    from netral.analytics.models import CaseAgencyRollup
    from netral.registry.models import Instansi, Region

    agency_ids = set(PledgeRollup.objects.values_list("instansi_id", flat=True).distinct())
    agency_ids |= {
        int(s[2:])
        for s in CaseAgencyRollup.objects.filter(slice__startswith="i:", at_ppk=True)
        .values_list("slice", flat=True)
        .distinct()
    }
    provinces = set(PledgeRollup.objects.values_list("province_kode", flat=True).distinct())
    provinces |= set(ReportRollup.objects.filter(slice="").values_list("geo", flat=True).distinct())
    built = [
        build(kind=LeaderReport.Kind.INSTANSI, target=i, month=month)
        for i in Instansi.objects.filter(pk__in=agency_ids).order_by("pk")
    ]
    built += [
        build(kind=LeaderReport.Kind.PROVINSI, target=r, month=month)
        for r in Region.objects.filter(kode__in=provinces, level=Region.Level.PROVINSI).order_by(
            "kode"
        )
    ]
    return built


def send(report: LeaderReport) -> int:
    """E-mail the PDF to each subscriber still allowed to read it; returns the count."""
    from django.conf import settings
    from django.core.mail import EmailMessage, get_connection

    lookup = (
        {"instansi_id": report.instansi_id}
        if report.kind == LeaderReport.Kind.INSTANSI
        else {"region_id": report.region_id}
    )
    subs = LeaderReportSubscription.objects.filter(kind=report.kind, **lookup).select_related(
        "user"
    )
    name = report.instansi.nama if report.instansi else report.region.nama if report.region else ""
    messages = []
    with report.file.open("rb") as fh:
        pdf = fh.read()
    for sub in subs:
        user = sub.user
        if not (user.is_active and user.email and may_read(user, report)):
            continue
        msg = EmailMessage(
            f"Laporan bulanan netralitas ASN {name} {bulan(report.month)}",
            "Terlampir laporan bulanan netralitas ASN dari Netral. Laporan ini juga dapat "
            "diunduh di menu Dasbor > Laporan bulanan.",
            settings.DEFAULT_FROM_EMAIL,
            [user.email],
        )
        msg.attach(f"laporan-netralitas-{report.month:%Y-%m}.pdf", pdf, "application/pdf")
        messages.append(msg)
    if messages:
        get_connection().send_messages(messages)
    LeaderReport.objects.filter(pk=report.pk).update(sent_at=timezone.now())
    return len(messages)
