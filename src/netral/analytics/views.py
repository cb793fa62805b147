"""Dashboard and public statistics views (thin adapters: parse, select, render)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from netral.accounts.decorators import scoped_by
from netral.accounts.http import AuthedRequest
from netral.analytics import case_tables, charts, exports, public, selectors


def _cache_key(request: AuthedRequest, filters: selectors.Filters) -> str | None:
    """Key of the rollup-built tables for this scope and these filters, or None when a
    part is read live (OPD unit scope, sub-district officers, filters the slices cannot
    express). The key holds the user's exact assignments, the filters, the language and
    the rollups' refresh stamps, so it changes whenever the figures can."""
    import hashlib

    from netral.accounts import authz
    from netral.analytics.selectors import _deep_report_scope, _unit_scoped_only

    user = request.user
    reading = case_tables.case_reading(user=user, filters=filters)
    if (
        _unit_scoped_only(user)
        or _deep_report_scope(user)
        or (reading is not None and reading.live)
    ):
        return None
    scope = sorted(
        (a.role, a.instansi_id or 0, a.unit_id or 0, a.region_id or "", tuple(a.extra_perms or []))
        for a in authz.assignments(user)
    )
    stamps = selectors.rollup_stamps()
    params = sorted((k, v) for k, v in request.GET.items() if k != "ekspor")
    raw = repr((scope, params, stamps, translation.get_language()))
    return "analytics:dash:" + hashlib.sha256(raw.encode()).hexdigest()


def _dashboard_tables(request: AuthedRequest) -> tuple[selectors.Filters, str | None, list[Any]]:
    from django.core.cache import cache

    filters = selectors.Filters.parse(request.GET)
    key = _cache_key(request, filters)
    cached = cache.get(key) if key else None
    if cached is None:
        cached = _rollup_tables(request, filters)
        if key:
            cache.set(key, cached, 3600)
    slice_, tables = cached
    screening = selectors.screening_tables(user=request.user, filters=filters)
    return filters, slice_, tables + screening


def _rollup_tables(
    request: AuthedRequest, filters: selectors.Filters
) -> tuple[str | None, list[Any]]:
    tables = selectors.pledge_tables(user=request.user, filters=filters)
    slice_, report_tables = selectors.report_tables(user=request.user, filters=filters)
    reports_total = (
        sum(r.value for t in report_tables if t.key == "laporan_jenis" for r in t.rows)
        if slice_ is not None
        else None
    )
    cases = case_tables.case_tables(user=request.user, filters=filters, reports_total=reports_total)
    return slice_, tables + report_tables + cases


@scoped_by("selectors.may_view_dashboard, then the scoped table selectors")
@require_GET
def dashboard(request: AuthedRequest) -> HttpResponse:
    """Staff dashboard: pledge completion and report intake within the user's scope."""
    if not selectors.may_view_dashboard(request.user):
        raise PermissionDenied
    filters, slice_, tables = _dashboard_tables(request)
    key = _cache_key(request, filters)
    if key and tables and tables[-1:] and any(t.key.startswith("penyaringan") for t in tables):
        key = None  # the screening backlog is read live: never cache its markup
    fmt = request.GET.get("ekspor", "")
    if fmt in ("csv", "xlsx"):
        return _export(tables, fmt)
    return render(
        request,
        "analytics/dashboard.html",
        {
            "filters": filters,
            "slice": slice_,
            "sections": [(t, charts.bar_chart(t)) for t in tables],
            # Read only when the filter form is rendered, not when its fragment is cached.
            "choices": SimpleLazyObject(
                lambda: selectors.filter_choices(
                    user=request.user, region=filters.region, instansi_id=filters.instansi_id
                )
            ),
            "query": request.GET.urlencode(),
            "leader_reports": _may_see_leader_reports(request.user),
            "fragment_key": key,
        },
    )


def _rows(table: selectors.Table) -> list[list[object]]:
    if table.rows and table.rows[0].cells is not None:
        return [[r.label, *(r.cells or [])] for r in table.rows]
    if table.ratio:
        return [[r.label, r.value, r.total, r.percent] for r in table.rows]
    return [[r.label, r.value] for r in table.rows]


def _export(tables: list[selectors.Table], fmt: str) -> HttpResponse:
    stamp = timezone.localdate().isoformat()
    if fmt == "xlsx":
        body = exports.xlsx_bytes([(t.title, t.columns, _rows(t)) for t in tables])
        ctype, ext = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"
    else:
        rows = [[t.title, *row] for t in tables for row in _rows(t)]
        header = [_("Tabel"), _("Baris"), _("Nilai"), _("Jumlah"), _("Persen")]
        body, ctype, ext = exports.csv_bytes(header, rows), "text/csv; charset=utf-8", "csv"
    response = HttpResponse(body, content_type=ctype)
    response["Content-Disposition"] = f'attachment; filename="dasbor-netral-{stamp}.{ext}"'
    return response


def _year(request: HttpRequest) -> tuple[list[int], int | None]:
    years = public.years()
    raw = request.GET.get("tahun", "")
    year = int(raw) if raw.isdigit() and int(raw) in years else (years[0] if years else None)
    return years, year


@login_not_required
@require_GET
def statistik(request: HttpRequest) -> HttpResponse:
    """Public statistics (no account): suppressed aggregate tables only."""
    years, year = _year(request)
    province = request.GET.get("provinsi", "")
    tables = public.tables_for(year, province) if year else []
    stamp = selectors.public_refreshed_at()

    return render(
        request,
        "analytics/statistik.html",
        {
            "years": years,
            "year": year,
            "province": province,
            "provinces": selectors.provinces(),
            "tables": tables,
            "threshold": public.threshold(),
            "until": public.published_until(),
            "dictionary": public.DICTIONARY,
            # Rendered tables are cached per year, province and rollup refresh.
            "stamp": f"{stamp}:{public.published_until()}:{public.threshold()}",
        },
    )


@login_not_required
@require_GET
def open_data(request: HttpRequest) -> HttpResponse:
    """The published tables of every year as one long CSV (the data dictionary is at
    ``/statistik/kamus-data.csv`` and on the page)."""
    k = public.threshold()
    rows = []
    for year in public.years():
        for table in public.tables_for(year):
            for r in table.rows:
                rows.append([year, table.key, r.key, r.label, r.cell.value, r.cell.display, k])
            rows.append(
                [year, table.key, "total", _("Jumlah"), table.total.value, table.total.display, k]
            )
    header = [name for name, _d in public.DICTIONARY]
    response = HttpResponse(exports.csv_bytes(header, rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="statistik-netral.csv"'
    return response


@login_not_required
@require_GET
def data_dictionary(request: HttpRequest) -> HttpResponse:
    body = exports.csv_bytes(
        [_("kolom"), _("keterangan")], [[n, str(d)] for n, d in public.DICTIONARY]
    )
    response = HttpResponse(body, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="kamus-data-statistik-netral.csv"'
    return response


def _may_see_leader_reports(user: object) -> bool:
    from netral.analytics import reports_pdf

    return bool(reports_pdf.targets_for(user))


@scoped_by("reports_pdf.targets_for / reports_pdf.may_read")
@require_http_methods(["GET", "POST"])
def leader_reports(request: AuthedRequest) -> HttpResponse:
    """The leaders' monthly reports the user may read, and their e-mail subscriptions."""
    from netral.analytics import reports_pdf, services

    if not _may_see_leader_reports(request.user):
        raise PermissionDenied
    if request.method == "POST":
        ok = services.leader_report_subscribe(
            user=request.user,
            kind=request.POST.get("jenis", ""),
            target_id=request.POST.get("sasaran", ""),
            on=request.POST.get("langganan") == "1",
        )
        if ok:
            messages.success(request, _("Langganan laporan bulanan disimpan."))
        else:
            messages.error(request, _("Laporan itu di luar lingkup tugas Anda."))
        return redirect("analytics:leader_reports")
    subs = selectors.leader_subscriptions(user=request.user)
    targets = [
        (kind, target, (kind, target.pk) in subs)
        for kind, target in reports_pdf.targets_for(request.user)
    ]
    return render(
        request,
        "analytics/leader_reports.html",
        {
            "reports": reports_pdf.reports_for(request.user),
            "targets": targets,
            "bulan": reports_pdf.bulan,
        },
    )


@scoped_by("reports_pdf.may_read")
@require_GET
def leader_report_download(request: AuthedRequest, pk: int) -> HttpResponse:
    from netral.analytics import reports_pdf, services

    report = selectors.leader_report_get(pk=pk)
    if report is None or not reports_pdf.may_read(request.user, report):
        raise Http404
    services.leader_report_downloaded(user=request.user, report=report)
    with report.file.open("rb") as fh:
        body = fh.read()
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="laporan-netralitas-{report.month:%Y-%m}.pdf"'
    )
    return response


def _is_sysadmin(user: object) -> bool:
    from netral.accounts import authz
    from netral.accounts.roles import Role

    return Role.SYSADMIN in authz.roles(user)


@scoped_by("system administrators only (_is_sysadmin)")
@require_http_methods(["GET", "POST"])
def rollups_admin(request: AuthedRequest) -> HttpResponse:
    """The rollups' refresh state, and a full rebuild in the background with progress."""
    from netral.analytics import services
    from netral.core import idempotency
    from netral.core.selectors import recent_jobs

    if not _is_sysadmin(request.user):
        raise PermissionDenied
    if request.method == "POST":
        job = services.rollup_rebuild_start(
            actor=request.user, idempotency_key=idempotency.posted_key(request.POST)
        )
        return redirect("analytics:rollup_job", pk=job.pk)
    return render(
        request,
        "analytics/rollups.html",
        {
            "states": selectors.rollup_states(),
            "jobs": recent_jobs(kind=services.JOB_KIND),
        },
    )


@scoped_by("system administrators only (_is_sysadmin)")
@require_GET
def rollup_job(request: AuthedRequest, pk: int) -> HttpResponse:
    """Progress of one rebuild (htmx polls the bar; the page reloads when it ends)."""
    from netral.analytics import services
    from netral.core.models import JobProgress
    from netral.core.selectors import job_of_kind

    if not _is_sysadmin(request.user):
        raise PermissionDenied
    job = job_of_kind(pk=pk, kind=services.JOB_KIND)
    running = job.status in (JobProgress.Status.PENDING, JobProgress.Status.RUNNING)
    if request.headers.get("HX-Request"):
        if not running:
            response = HttpResponse(status=204)
            response["HX-Refresh"] = "true"
            return response
        return render(request, "analytics/_rollup_progress.html", {"job": job})
    return render(request, "analytics/rollup_job.html", {"job": job, "running": running})
