"""Dashboard reads (house style §3), scoped through ``accounts.authz`` and failing closed.

Pledge figures: ``PledgeRollup`` rows filtered with ``authz.scope_q`` on the agency and
its region, the same rule as ``pledges.selectors`` (an OPD admin's unit scope cannot be
expressed on agency-level rows, so it contributes nothing). Report figures: exactly one
*slice* of ``ReportRollup`` (see its docstring), chosen among the slices the user's
``REPORT_HANDLE`` assignments cover, so the counts equal what ``reports_visible_to``
would let the user open.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum

from netral.accounts import authz
from netral.accounts.roles import ROLE_PERMS, Perm, Role
from netral.analytics.models import PledgeRollup, ReportAgencyRollup, ReportRollup
from netral.pledges.models import Election
from netral.registry.models import Instansi, Pegawai, Region, UnitKerja
from netral.reports.models import ElectionType, Report, ViolationType

DASHBOARD_PERMS = (
    Perm.PLEDGE_PROGRESS,
    Perm.REPORT_HANDLE,
    Perm.CASE_VIEW,
    Perm.CASE_VIEW_FORWARDED,
    Perm.CASE_VIEW_AGENCY,
)


def may_view_dashboard(user: Any) -> bool:
    return any(authz.has_perm(user, p) for p in DASHBOARD_PERMS)


def report_slices_for(user: Any) -> list[str]:
    """Slices the user may read: "" (national) or a province / kabupaten code."""
    slices: list[str] = []
    for a in authz.assignments(user):
        if Perm.REPORT_HANDLE not in ROLE_PERMS.get(a.role, frozenset()):
            continue
        if a.role not in (Role.BAWASLU, Role.SATGAS, Role.KASN_BKN):
            continue
        code = a.region_id or ""
        # Below kabupaten level the rollup has no slice: fail closed.
        if code.count(".") <= 1 and code not in slices:
            slices.append(code)
    return sorted(slices, key=lambda c: (c.count(".") if c else -1, c))


def _covers(slice_: str, code: str) -> bool:
    return slice_ == "" or code == slice_ or code.startswith(slice_ + ".")


@dataclass
class Filters:
    """Parsed dashboard filters (all optional)."""

    region: str = ""
    instansi_id: int | None = None
    # Unit (and its sub-units) for the pledge figures, read live within the user's scope.
    unit_id: int | None = None
    election_id: int | None = None
    election_type: str = ""
    violation_type_id: int | None = None
    jenis_pegawai: str = ""
    month_from: dt.date | None = None
    month_to: dt.date | None = None

    @classmethod
    def parse(cls, params: Any) -> Filters:
        def as_int(name: str) -> int | None:
            raw = (params.get(name) or "").strip()
            # ids are 64-bit: a longer number cannot name a row (and overflows the driver)
            return int(raw) if raw.isdigit() and len(raw) <= 18 else None

        def as_month(name: str) -> dt.date | None:
            raw = (params.get(name) or "").strip()
            try:
                year, month = raw.split("-")
                return dt.date(int(year), int(month), 1)
            except ValueError:
                return None

        et = params.get("pemilihan_jenis") or ""
        jenis = params.get("jenis_pegawai") or ""
        return cls(
            region=(params.get("wilayah") or "").strip()[:13],
            instansi_id=as_int("instansi"),
            unit_id=as_int("unit"),
            election_id=as_int("pemilihan"),
            election_type=et if et in ElectionType.values else "",
            violation_type_id=as_int("pelanggaran"),
            jenis_pegawai=jenis if jenis in Pegawai.Jenis.values else "",
            month_from=as_month("dari"),
            month_to=as_month("sampai"),
        )


@dataclass
class Row:
    key: Any
    label: str
    value: int
    total: int | None = None
    # Several figures per row (shown instead of value/total; ``value`` drives the chart).
    cells: list[Any] | None = None

    @property
    def percent(self) -> float | None:
        if self.total is None:
            return None
        return round(self.value * 100 / self.total, 1) if self.total else 0.0


@dataclass
class Table:
    key: str
    title: str
    columns: list[str]
    rows: list[Row] = field(default_factory=list)
    # Pledge tables show "signed of total"; report tables a count.
    ratio: bool = False

    @property
    def max_value(self) -> int:
        return max((r.total if self.ratio else r.value) or 0 for r in self.rows) if self.rows else 0


# --- pledges -----------------------------------------------------------------------------


def pledge_rows(*, user: Any, filters: Filters) -> QuerySet[PledgeRollup]:
    scope = authz.scope_q(user, Perm.PLEDGE_PROGRESS, instansi="instansi_id", region="region_kode")
    if scope == authz.NOTHING:
        return PledgeRollup.objects.none()
    qs = PledgeRollup.objects.filter(scope)
    if filters.election_id:
        qs = qs.filter(election_id=filters.election_id)
    if filters.instansi_id:
        qs = qs.filter(instansi_id=filters.instansi_id)
    if filters.region:
        qs = qs.filter(authz.region_q("region_kode", filters.region))
    if filters.jenis_pegawai:
        qs = qs.filter(jenis_pegawai=filters.jenis_pegawai)
    return qs


def _unit_scoped_only(user: Any) -> bool:
    """Whether every pledge-progress assignment of the user is an OPD admin's unit
    scope, which agency-level rollup rows cannot express."""
    grants = [
        a for a in authz.assignments(user) if Perm.PLEDGE_PROGRESS in ROLE_PERMS.get(a.role, ())
    ]
    return bool(grants) and all(a.role == Role.OPD_ADMIN for a in grants)


def _single_agency(user: Any) -> int | None:
    """The one agency of a user whose pledge scope is exactly one agency (BKPSDM, PPK)."""
    grants = [
        a for a in authz.assignments(user) if Perm.PLEDGE_PROGRESS in ROLE_PERMS.get(a.role, ())
    ]
    ids = {a.instansi_id for a in grants if a.role in (Role.HR_ADMIN, Role.PPK)}
    if grants and len(ids) == 1 and all(a.role in (Role.HR_ADMIN, Role.PPK) for a in grants):
        return ids.pop()
    return None


def pledge_tables_live(*, user: Any, filters: Filters) -> list[Table]:
    """An OPD admin's pledge figures, read live through ``pledges.selectors`` (the
    campaigns of their agency) and ``authz.pegawai_scope_q`` (their unit and below):
    small, one unit's employees. Same definitions as ``rollups.pledge_refresh_campaign``
    (stage 0: every active employee; signed: a live signature)."""
    from django.utils.translation import gettext as _

    from netral.pledges.selectors import (
        campaign_progress,
        campaigns_visible_to,
        live_signature_exists,
    )

    campaigns = campaigns_visible_to(user=user)
    if filters.election_id:
        campaigns = campaigns.filter(election_id=filters.election_id)
    if filters.instansi_id:
        campaigns = campaigns.filter(instansi_id=filters.instansi_id)
    scope = authz.pegawai_scope_q(user, Perm.PLEDGE_PROGRESS)
    unit_path = ""
    if filters.unit_id:
        unit = (
            UnitKerja.objects.filter(authz.unit_scope_q(user, Perm.PLEDGE_PROGRESS))
            .filter(pk=filters.unit_id)
            .first()
        )
        if unit is None:
            return []
        unit_path = unit.path
        campaigns = campaigns.filter(instansi_id=unit.instansi_id)
    # OPD admins: their units; agency-wide users: the agency's OPDs (top-level units).
    top_level = not _unit_scoped_only(user)
    labels = dict(Pegawai.Jenis.choices)
    jenis: dict[str, list[int]] = {}
    units: dict[int, list[int]] = {}
    stages: dict[int, list[int]] = {}
    for campaign in campaigns:
        people = Pegawai.objects.filter(scope, instansi_id=campaign.instansi_id, is_active=True)
        if unit_path:
            people = people.filter(unit_path__startswith=unit_path)
        if filters.jenis_pegawai:
            people = people.filter(jenis_pegawai=filters.jenis_pegawai)
        signed_q = Q(live_signature_exists(campaign_id=campaign.pk))
        for r in (
            people.values("jenis_pegawai", "unit_id", "unit_path")
            .annotate(t=Count("pk"), s=Count("pk", filter=signed_q))
            .order_by()
        ):
            unit_key = int(r["unit_path"].strip("/").split("/")[0]) if top_level else r["unit_id"]
            for cell in (
                jenis.setdefault(r["jenis_pegawai"], [0, 0]),
                units.setdefault(unit_key, [0, 0]),
            ):
                cell[0] += r["s"]
                cell[1] += r["t"]
        if unit_path:
            continue  # the stage shares of campaign_progress cover the whole scope
        for sp in campaign_progress(campaign=campaign, user=user).stages:
            cell = stages.setdefault(sp.stage.order, [0, 0])
            cell[0] += sp.overall.signed
            cell[1] += sp.overall.total
    t_jenis = Table(
        "ikrar_jenis",
        _("Penandatanganan pakta per jenis pegawai"),
        [_("Jenis pegawai"), _("Sudah"), _("Jumlah pegawai"), _("Persen")],
        ratio=True,
    )
    t_jenis.rows = [Row(k, str(labels.get(k, k)), v[0], v[1]) for k, v in sorted(jenis.items())]
    t_stage = Table(
        "ikrar_tahap",
        _("Penandatanganan pakta per tahap"),
        [_("Tahap"), _("Sudah"), _("Jumlah sasaran"), _("Persen")],
        ratio=True,
    )
    t_stage.rows = [
        Row(o, _("Tahap %(n)s") % {"n": o}, v[0], v[1]) for o, v in sorted(stages.items())
    ]
    names = dict(UnitKerja.objects.filter(pk__in=list(units)).values_list("pk", "nama"))
    t_unit = Table(
        "ikrar_unit",
        _("Penandatanganan pakta per unit kerja"),
        [_("Unit kerja"), _("Sudah"), _("Jumlah pegawai"), _("Persen")],
        ratio=True,
    )
    t_unit.rows = sorted(
        (Row(k, names.get(k, "?"), v[0], v[1]) for k, v in units.items()),
        key=lambda r: (r.percent or 0, r.label),
    )
    return [t for t in (t_jenis, t_stage, t_unit) if t.rows]


def pledge_tables(*, user: Any, filters: Filters) -> list[Table]:

    if _unit_scoped_only(user) or filters.unit_id:
        return pledge_tables_live(user=user, filters=filters)
    if _single_agency(user) is not None:
        # One agency: the rollup tables plus its OPDs, read live (one agency's staff).
        live = [t for t in pledge_tables_live(user=user, filters=filters) if t.key == "ikrar_unit"]
        return _pledge_tables_rollup(user=user, filters=filters) + live
    return _pledge_tables_rollup(user=user, filters=filters)


def _pledge_tables_rollup(*, user: Any, filters: Filters) -> list[Table]:
    from django.utils.translation import gettext as _

    base = pledge_rows(user=user, filters=filters)
    whole = base.filter(stage_order=0)
    by_agency = list(
        whole.values("instansi_id")
        .annotate(t=Sum("total"), s=Sum("signed"))
        .order_by("instansi_id")
    )
    names = dict(
        Instansi.objects.filter(pk__in=[r["instansi_id"] for r in by_agency]).values_list(
            "pk", "nama"
        )
    )
    agency = Table(
        "ikrar_instansi",
        _("Penandatanganan pakta per instansi"),
        [_("Instansi"), _("Sudah"), _("Jumlah pegawai"), _("Persen")],
        ratio=True,
    )
    agency.rows = sorted(
        (
            Row(r["instansi_id"], names.get(r["instansi_id"], "?"), r["s"], r["t"])
            for r in by_agency
        ),
        key=lambda r: (r.percent or 0, r.label),
    )
    labels = dict(Pegawai.Jenis.choices)
    jenis = Table(
        "ikrar_jenis",
        _("Penandatanganan pakta per jenis pegawai"),
        [_("Jenis pegawai"), _("Sudah"), _("Jumlah pegawai"), _("Persen")],
        ratio=True,
    )
    jenis.rows = [
        Row(
            r["jenis_pegawai"],
            str(labels.get(r["jenis_pegawai"], r["jenis_pegawai"])),
            r["s"],
            r["t"],
        )
        for r in whole.values("jenis_pegawai")
        .annotate(t=Sum("total"), s=Sum("signed"))
        .order_by("jenis_pegawai")
    ]
    stage = Table(
        "ikrar_tahap",
        _("Penandatanganan pakta per tahap"),
        [_("Tahap"), _("Sudah"), _("Jumlah sasaran"), _("Persen")],
        ratio=True,
    )
    stage.rows = [
        Row(r["stage_order"], _("Tahap %(n)s") % {"n": r["stage_order"]}, r["s"], r["t"])
        for r in base.filter(stage_order__gt=0)
        .values("stage_order")
        .annotate(t=Sum("total"), s=Sum("signed"))
        .order_by("stage_order")
    ]
    return [t for t in (jenis, stage, agency) if t.rows]


# --- reports -----------------------------------------------------------------------------


def report_slice(*, user: Any, filters: Filters) -> str | None:
    """The one slice the dashboard reads: the filtered region when the user's scope
    covers it (and the rollup has it), otherwise the user's broadest slice."""
    slices = report_slices_for(user)
    if not slices:
        return None
    wanted = filters.region
    if wanted and wanted.count(".") <= 1 and any(_covers(s, wanted) for s in slices):
        return wanted
    return slices[0]


def _report_rows(*, slice_: str, filters: Filters) -> QuerySet[ReportRollup]:
    qs = ReportRollup.objects.filter(slice=slice_)
    if filters.violation_type_id:
        qs = qs.filter(violation_type_id=filters.violation_type_id)
    if filters.election_type:
        qs = qs.filter(election_type=filters.election_type)
    if filters.month_from:
        qs = qs.filter(month__gte=filters.month_from)
    if filters.month_to:
        qs = qs.filter(month__lte=filters.month_to)
    return qs


def _deep_report_scope(user: Any) -> bool:
    """A report handler scoped below kabupaten/kota (a sub-district officer): no rollup
    slice matches, the figures are read live (small)."""
    return any(
        a.role in (Role.BAWASLU, Role.SATGAS, Role.KASN_BKN)
        and Perm.REPORT_HANDLE in ROLE_PERMS.get(a.role, frozenset())
        and (a.region_id or "").count(".") >= 2
        for a in authz.assignments(user)
    )


def _live_report_grouping(*, user: Any, filters: Filters) -> Any:
    """Group ``reports.selectors.reports_visible_to`` like the rollup columns (month of
    receipt in local time, kabupaten/kota of the event place)."""
    from netral.analytics.rollups import _month_bounds, kab_of
    from netral.reports.selectors import reports_visible_to

    qs = reports_visible_to(user=user)
    if filters.region:
        qs = qs.filter(authz.region_q("region_kode", filters.region))
    if filters.violation_type_id:
        qs = qs.filter(violation_type_id=filters.violation_type_id)
    if filters.election_type:
        qs = qs.filter(election_type=filters.election_type)
    if filters.month_from:
        qs = qs.filter(received_at__gte=_month_bounds(filters.month_from)[0])
    if filters.month_to:
        qs = qs.filter(received_at__lt=_month_bounds(filters.month_to)[1])
    from netral.analytics.rollups import month_start

    facts = list(
        qs.values_list("received_at", "region_kode", "violation_type_id", "status", "kind")
    )
    index = {"violation_type_id": 2, "status": 3, "kind": 4}

    def grouped(field_name: str) -> list[tuple[Any, int]]:
        counts: dict[Any, int] = {}
        for f in facts:
            if field_name == "month":
                key: Any = month_start(f[0])
            elif field_name == "geo":
                key = kab_of(f[1])
            else:
                key = f[index[field_name]]
            counts[key] = counts.get(key, 0) + 1
        return sorted(counts.items(), key=lambda kv: (kv[0] is None, str(kv[0])))

    return grouped


def report_tables(*, user: Any, filters: Filters) -> tuple[str | None, list[Table]]:
    from django.utils.translation import gettext as _

    slice_ = report_slice(user=user, filters=filters)
    live = slice_ is None and _deep_report_scope(user)
    if slice_ is None and not live:
        return None, []
    if live:
        grouped = _live_report_grouping(user=user, filters=filters)
        slice_ = ""
    else:
        qs = _report_rows(slice_=slice_ or "", filters=filters)

        def grouped(field_name: str) -> list[tuple[Any, int]]:
            return [
                (r[field_name], r["n"])
                for r in qs.values(field_name).annotate(n=Sum("n")).order_by(field_name)
            ]

    month = Table("laporan_bulan", _("Laporan masuk per bulan"), [_("Bulan"), _("Jumlah")])
    month.rows = [Row(m, f"{m:%m/%Y}", n) for m, n in grouped("month")]
    geo_rows = grouped("geo")
    region_names = dict(
        Region.objects.filter(kode__in=[g for g, _n in geo_rows]).values_list("kode", "nama")
    )
    geo = Table("laporan_wilayah", _("Laporan per wilayah kejadian"), [_("Wilayah"), _("Jumlah")])
    geo.rows = sorted(
        (Row(g, region_names.get(g, g), n) for g, n in geo_rows), key=lambda r: (-r.value, r.label)
    )
    vt_rows = grouped("violation_type_id")
    vt_names = dict(
        ViolationType.objects.filter(pk__in=[v for v, _n in vt_rows if v]).values_list(
            "pk", "title"
        )
    )
    vt = Table(
        "laporan_pelanggaran", _("Jenis pelanggaran teratas"), [_("Jenis pelanggaran"), _("Jumlah")]
    )
    vt.rows = sorted(
        (
            Row(v, vt_names.get(v, _("Belum ditentukan")) if v else _("Belum ditentukan"), n)
            for v, n in vt_rows
        ),
        key=lambda r: (-r.value, r.label),
    )[:10]
    status_labels = dict(Report.Status.choices)
    status = Table("laporan_tahap", _("Laporan per tahap penanganan"), [_("Tahap"), _("Jumlah")])
    status.rows = [Row(s, str(status_labels.get(s, s)), n) for s, n in grouped("status")]
    kind_labels = dict(Report.Kind.choices)
    kind = Table("laporan_jenis", _("Laporan per jenis"), [_("Jenis"), _("Jumlah")])
    kind.rows = [Row(k, str(kind_labels.get(k, k)), n) for k, n in grouped("kind")]
    agency_qs = ReportAgencyRollup.objects.filter(slice=slice_)
    if filters.month_from:
        agency_qs = agency_qs.filter(month__gte=filters.month_from)
    if filters.month_to:
        agency_qs = agency_qs.filter(month__lte=filters.month_to)
    tables = [month, geo, vt, status, kind]
    # The agency table has no violation-type or election dimension: shown unfiltered only.
    if not (filters.violation_type_id or filters.election_type or live):
        agency_rows = list(
            agency_qs.values("instansi_id").annotate(n=Sum("n")).order_by("instansi_id")
        )
        inames = dict(
            Instansi.objects.filter(
                pk__in=[r["instansi_id"] for r in agency_rows if r["instansi_id"]]
            ).values_list("pk", "nama")
        )
        agency = Table(
            "laporan_instansi", _("Laporan per instansi terlapor"), [_("Instansi"), _("Jumlah")]
        )
        agency.rows = sorted(
            (
                Row(
                    r["instansi_id"],
                    inames.get(r["instansi_id"] or 0, _("Tidak diketahui")),
                    r["n"],
                )
                for r in agency_rows
            ),
            key=lambda r: (-r.value, r.label),
        )[:15]
        tables.append(agency)
    return slice_, [t for t in tables if t.rows]


# --- screening ---------------------------------------------------------------------------


def screening_tables(*, user: Any, filters: Filters) -> list[Table]:
    """Flags and review backlog, read live through ``screening.selectors`` (small:
    flagged posts only; the screening app scopes them to the reviewer's region)."""
    from django.utils.translation import gettext as _

    if not authz.has_perm(user, Perm.SCREENING_REVIEW):
        return []
    from netral.screening.models import Post
    from netral.screening.selectors import posts_visible_to

    qs = posts_visible_to(user=user).exclude(status=Post.Status.CLEAR)
    if filters.region:
        qs = qs.filter(authz.region_q("region_kode", filters.region))
    labels = dict(Post.Status.choices)
    table = Table(
        "penyaringan_status",
        _("Penyaringan media sosial: tanda dan antrean telaah"),
        [_("Status"), _("Jumlah")],
    )
    table.rows = [
        Row(r["status"], str(labels.get(r["status"], r["status"])), r["n"])
        for r in qs.values("status").annotate(n=Count("pk")).order_by("status")
    ]
    return [table] if table.rows else []


# --- filter choices -----------------------------------------------------------------------


LONG_LIST = 100


def province_of_code(code: str) -> str:
    return code.split(".")[0] if code else ""


def filter_choices(
    *, user: Any, region: str = "", instansi_id: int | None = None
) -> dict[str, Any]:
    """Options for the filter form, limited to the user's scope."""
    slices = report_slices_for(user)
    regions = Region.objects.none()
    if slices:
        q = Q()
        for s in slices:
            q |= Q(level__lte=2) if s == "" else (Q(kode=s) | Q(kode__startswith=s + ".", level=2))
        regions = Region.objects.filter(q, level__lte=2).order_by("kode")
    elif authz.has_perm(user, Perm.PLEDGE_PROGRESS):
        codes = set(
            pledge_rows(user=user, filters=Filters())
            .values_list("region_kode", flat=True)
            .distinct()
        )
        regions = Region.objects.filter(kode__in=codes).order_by("kode")
    agencies = Instansi.objects.filter(
        pk__in=pledge_rows(user=user, filters=Filters()).values("instansi_id")
    ).order_by("nama")
    # A national scope has hundreds of places and agencies: offer the provinces (and the
    # kabupaten/kota of the chosen one), and the agencies of the chosen region or the
    # national and provincial ones, so the page stays small.
    if regions.count() > LONG_LIST:
        regions = regions.filter(
            Q(level=Region.Level.PROVINSI) | Q(parent_id=province_of_code(region))
        )
    if agencies.count() > LONG_LIST:
        agencies = (
            agencies.filter(authz.region_q("region__kode", region))
            if region
            else agencies.filter(Q(region__isnull=True) | Q(region__level=Region.Level.PROVINSI))
        )
    agency_for_units = instansi_id or _single_agency(user)
    units = UnitKerja.objects.none()
    if agency_for_units or _unit_scoped_only(user):
        units = UnitKerja.objects.filter(authz.unit_scope_q(user, Perm.PLEDGE_PROGRESS))
        if agency_for_units:
            units = units.filter(instansi_id=agency_for_units)
        units = units.order_by("path")[:300]
    return {
        "regions": regions,
        "agencies": agencies,
        "units": units,
        "elections": Election.objects.order_by("-voting_day"),
        "election_types": ElectionType.choices,
        "violation_types": ViolationType.objects.filter(version__is_active=True).order_by(
            "order", "code"
        ),
        "jenis_pegawai": Pegawai.Jenis.choices,
    }


# --- reads behind the pages (views do no ORM calls of their own: CONTRIBUTING.md) ---------


def rollup_stamps() -> list[tuple[str, Any]]:
    """Each rollup's source and refresh time (part of the dashboard's cache key)."""
    from netral.analytics.models import RollupState

    return sorted(RollupState.objects.values_list("source", "refreshed_at"))


def rollup_states() -> QuerySet[Any]:
    from netral.analytics.models import RollupState

    return RollupState.objects.order_by("source")


def public_refreshed_at() -> dt.datetime | None:
    """When the public statistics' sources (reports, cases) were last refreshed."""
    from netral.analytics.models import RollupState

    stamp: dt.datetime | None = (
        RollupState.objects.filter(source__in=["reports", "cases"])
        .order_by("-refreshed_at")
        .values_list("refreshed_at", flat=True)
        .first()
    )
    return stamp


def provinces() -> QuerySet[Region]:
    return Region.objects.filter(level=Region.Level.PROVINSI).order_by("nama")


def leader_subscriptions(*, user: Any) -> set[tuple[str, Any]]:
    """The user's monthly leader-report subscriptions, as (kind, agency or region id)."""
    from netral.analytics.models import LeaderReportSubscription

    return {
        (s.kind, s.instansi_id or s.region_id)
        for s in LeaderReportSubscription.objects.filter(user=user)
    }


def leader_report_get(*, pk: int) -> Any:
    """One leader report with its agency and region, or ``None`` (the caller checks
    ``reports_pdf.may_read`` and answers 404 for both)."""
    from netral.analytics.models import LeaderReport

    return LeaderReport.objects.select_related("instansi", "region").filter(pk=pk).first()
