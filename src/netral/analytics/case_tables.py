"""Case sections of the staff dashboard (issue 13 item 1): the funnel report → case →
recommendation → sanction, cases per stage, overdue stages, the PPK's follow-up of
recommendations, sanctions by level and type, and the median time per stage.

Where the figures come from (``case_reading``):

* a user whose case scope is a whole region down to kabupaten/kota level (Bawaslu,
  Satgas, the recommending body), or one agency (PPK, BKPSDM, Inspektorat), reads one
  slice of the case rollups (``models.CaseRollup``), narrowed with the same flags the
  cases visibility rule uses (``cases.selectors``: forwarded to the body; reached the
  PPK);
* anyone else, a sub-district officer for instance, or a filter the slices cannot
  express (an agency within a region), reads live: ``cases.selectors.cases_visible_to``
  with the filters, summed by ``case_facts`` exactly as the rollups are built.

A user with several assignments reads the broadest one (fails closed: never more than
any one assignment shows).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet, Sum
from django.utils.translation import gettext as _

from netral.accounts import authz
from netral.accounts.roles import Perm, Role
from netral.analytics.case_facts import aggregate, case_facts
from netral.analytics.models import CaseAgencyRollup, CaseRollup, SanctionRollup, StageRollup
from netral.analytics.rollups import kab_of
from netral.analytics.selectors import Filters, Row, Table

REGION_ROLES = (Role.BAWASLU, Role.SATGAS, Role.KASN_BKN)
AGENCY_ROLES = (Role.HR_ADMIN, Role.PPK, Role.INSPEKTORAT)

KINDS: dict[str, tuple[Any, list[str], list[str]]] = {
    # kind: (model, dimension fields in key order, measure fields)
    "cases": (
        CaseRollup,
        ["slice", "geo", "violation_type_id", "election_type", "status", "body", "at_ppk", "month"],
        ["n", "recommended", "decided", "executed", "overdue"],
    ),
    "agency": (
        CaseAgencyRollup,
        ["slice", "instansi_id", "body", "at_ppk", "month"],
        ["n", "overdue", "ppk_received", "ppk_followed", "ppk_late", "ppk_ignored"],
    ),
    "sanctions": (
        SanctionRollup,
        [
            "slice",
            "geo",
            "violation_type_id",
            "election_type",
            "body",
            "at_ppk",
            "month",
            "sanction_type_id",
        ],
        ["n"],
    ),  # fmt: skip
    "stages": (
        StageRollup,
        ["slice", "body", "at_ppk", "month", "status", "days"],
        ["n"],
    ),
}


def _depth(code: str) -> int:
    return code.count(".") + 1 if code else 0


def _covers(scope: str, code: str) -> bool:
    return scope == "" or code == scope or code.startswith(scope + ".")


@dataclass
class CaseReading:
    """How one user's case figures are read: ``slice`` of the rollups with the flag
    filters, or ``live`` through the cases selectors."""

    live: bool = False
    slice: str = ""
    body_only: bool = False
    ppk_only: bool = False


def case_reading(*, user: Any, filters: Filters) -> CaseReading | None:
    """None when the user sees no case at all (fails closed)."""
    view: list[str] = []
    body: list[str] = []
    agencies: list[int] = []
    for a in authz.assignments(user):
        if a.role in REGION_ROLES:
            code = a.region_id or ""
            if Perm.CASE_VIEW in _perms(a):
                view.append(code)
            elif Perm.CASE_VIEW_FORWARDED in _perms(a):
                body.append(code)
        elif a.role in AGENCY_ROLES and Perm.CASE_VIEW_AGENCY in _perms(a) and a.instansi_id:
            agencies.append(a.instansi_id)
    if not (view or body or agencies):
        return None
    if any(_depth(c) > 2 for c in view + body):
        return CaseReading(live=True)
    wanted = filters.region
    if wanted and _depth(wanted) > 2:
        return CaseReading(live=True)
    if filters.instansi_id:
        if filters.instansi_id in agencies and not wanted:
            return CaseReading(slice=f"i:{filters.instansi_id}", ppk_only=True)
        return CaseReading(live=True)
    for codes, body_only in ((view, False), (body, True)):
        for code in sorted(codes, key=_depth):
            if wanted and _covers(code, wanted):
                return CaseReading(slice=wanted, body_only=body_only)
        if codes and not wanted:
            return CaseReading(slice=sorted(codes, key=_depth)[0], body_only=body_only)
    if agencies and not wanted:
        return CaseReading(slice=f"i:{agencies[0]}", ppk_only=True)
    # A region filter outside the regional scopes (or for an agency role): live.
    return CaseReading(live=True)


def _perms(assignment: Any) -> frozenset[str]:
    from netral.accounts.roles import ROLE_PERMS

    return ROLE_PERMS.get(assignment.role, frozenset()) | frozenset(assignment.extra_perms or [])


# --- sources: rollup rows or live facts ------------------------------------------------------


class RollupSource:
    def __init__(self, reading: CaseReading, filters: Filters) -> None:
        self.reading, self.filters = reading, filters

    def group(self, kind: str, by: list[str]) -> dict[tuple[Any, ...], dict[str, int]]:
        model, dims, measures = KINDS[kind]
        qs: QuerySet[Any] = model.objects.filter(slice=self.reading.slice)
        if self.reading.body_only:
            qs = qs.filter(body=True)
        if self.reading.ppk_only:
            qs = qs.filter(at_ppk=True)
        f = self.filters
        if f.month_from:
            qs = qs.filter(month__gte=f.month_from)
        if f.month_to:
            qs = qs.filter(month__lte=f.month_to)
        if "violation_type_id" in dims and f.violation_type_id:
            qs = qs.filter(violation_type_id=f.violation_type_id)
        if "election_type" in dims and f.election_type:
            qs = qs.filter(election_type=f.election_type)
        rows = qs.values(*by).annotate(**{f"s_{m}": Sum(m) for m in measures}).order_by()
        return {tuple(r[b] for b in by): {m: int(r[f"s_{m}"] or 0) for m in measures} for r in rows}

    def filtered_out(self, kind: str) -> bool:
        """Tables without the violation-type/election dimensions are not shown filtered."""
        dims = KINDS[kind][1]
        f = self.filters
        return bool(
            (f.violation_type_id and "violation_type_id" not in dims)
            or (f.election_type and "election_type" not in dims)
        )


class LiveSource:
    def __init__(self, user: Any, filters: Filters) -> None:
        from netral.cases.selectors import cases_visible_to

        qs = cases_visible_to(user=user)
        f = filters
        if f.region:
            qs = qs.filter(authz.region_q("region_kode", f.region))
        if f.instansi_id:
            qs = qs.filter(instansi_id=f.instansi_id)
        if f.violation_type_id:
            qs = qs.filter(violation_type_id=f.violation_type_id)
        if f.election_type:
            qs = qs.filter(election_type=f.election_type)
        facts = [
            fact
            for fact in case_facts(qs)
            if (not f.month_from or fact.month >= f.month_from)
            and (not f.month_to or fact.month <= f.month_to)
        ]
        self.shapes = aggregate(facts, slice_geo=lambda fact: [("", kab_of(fact.region_kode))])

    def group(self, kind: str, by: list[str]) -> dict[tuple[Any, ...], dict[str, int]]:
        _model, dims, measures = KINDS[kind]
        out: dict[tuple[Any, ...], dict[str, int]] = {}
        idx = [dims.index(b) for b in by]
        for key, values in self.shapes[kind].items():
            k = tuple(key[i] for i in idx)
            row = out.setdefault(k, dict.fromkeys(measures, 0))
            for m, v in zip(measures, values, strict=True):
                row[m] += v
        return out

    def filtered_out(self, kind: str) -> bool:
        return False


# --- tables ----------------------------------------------------------------------------------


def _median(hist: dict[int, int]) -> float | None:
    total = sum(hist.values())
    if not total:
        return None
    lo_rank, hi_rank = (total - 1) // 2, total // 2
    seen, lo, hi = 0, None, None
    for days in sorted(hist):
        nxt = seen + hist[days]
        if lo is None and lo_rank < nxt:
            lo = days
        if hi is None and hi_rank < nxt:
            hi = days
            break
        seen = nxt
    assert lo is not None and hi is not None
    return (lo + hi) / 2


def case_tables(
    *, user: Any, filters: Filters, reports_total: int | None = None, live: bool = False
) -> list[Table]:
    """The case sections for ``user`` (``live=True`` forces the live read: tests compare
    it with the rollups)."""
    reading = case_reading(user=user, filters=filters)
    if reading is None:
        return []
    src: RollupSource | LiveSource = (
        LiveSource(user, filters) if (live or reading.live) else RollupSource(reading, filters)
    )
    return tables_from(src, reports_total=reports_total)


def tables_from(src: RollupSource | LiveSource, *, reports_total: int | None = None) -> list[Table]:
    """The case tables of one source (also used by the leaders' monthly report)."""
    from netral.cases.models import CaseStatus
    from netral.registry.models import Instansi, Region
    from netral.reports.models import SanctionType, ViolationType

    status_labels = dict(CaseStatus.choices)
    by_status = src.group("cases", ["status"])
    totals = dict.fromkeys(KINDS["cases"][2], 0)
    for row in by_status.values():
        for m, v in row.items():
            totals[m] += v
    tables: list[Table] = []

    funnel = Table(
        "perkara_alur",
        _("Alur penanganan: laporan, perkara, rekomendasi, sanksi"),
        [_("Tahap"), _("Jumlah")],
    )
    if reports_total is not None:
        funnel.rows.append(Row("laporan", _("Laporan dan temuan masuk"), reports_total))
    funnel.rows += [
        Row("perkara", _("Perkara ditangani"), totals["n"]),
        Row("rekomendasi", _("Rekomendasi sanksi sampai ke PPK"), totals["recommended"]),
        Row("ditetapkan", _("Sanksi ditetapkan PPK"), totals["decided"]),
        Row("dilaksanakan", _("Sanksi dilaksanakan"), totals["executed"]),
    ]
    if totals["n"]:
        tables.append(funnel)

    order = list(status_labels)
    stage = Table("perkara_tahap", _("Perkara per tahap penanganan"), [_("Tahap"), _("Jumlah")])
    stage.rows = [
        Row(s, str(status_labels.get(s, s)), v["n"])
        for (s,), v in sorted(
            by_status.items(), key=lambda kv: order.index(kv[0][0]) if kv[0][0] in order else 99
        )
        if v["n"]
    ]
    tables.append(stage)

    overdue = Table(
        "perkara_lewat_tenggat",
        _("Tahap yang melewati tenggat (ditandai penyisiran harian)"),
        [_("Tahap"), _("Jumlah perkara")],
    )
    overdue.rows = [
        Row(r.key, r.label, by_status[(r.key,)]["overdue"])
        for r in stage.rows
        if by_status[(r.key,)]["overdue"]
    ]
    tables.append(overdue)

    geo_rows = src.group("cases", ["geo"])
    names = dict(
        Region.objects.filter(kode__in=[g for (g,) in geo_rows]).values_list("kode", "nama")
    )
    geo = Table("perkara_wilayah", _("Perkara per wilayah"), [_("Wilayah"), _("Jumlah")])
    geo.rows = sorted(
        (Row(g, names.get(g, g), v["n"]) for (g,), v in geo_rows.items() if v["n"]),
        key=lambda r: (-r.value, r.label),
    )
    tables.append(geo)

    if not src.filtered_out("agency"):
        agency_rows = src.group("agency", ["instansi_id"])
        inames = dict(
            Instansi.objects.filter(pk__in=[i for (i,) in agency_rows if i]).values_list(
                "pk", "nama"
            )
        )
        ppk = Table(
            "perkara_kepatuhan_ppk",
            _("Tindak lanjut rekomendasi oleh PPK"),
            [_("Instansi"), _("Diterima"), _("Tepat waktu"), _("Terlambat"), _("Diabaikan")],
        )
        ppk.rows = sorted(
            (
                Row(
                    i,
                    inames.get(i, _("Tidak diketahui")),
                    v["ppk_received"],
                    cells=[v["ppk_received"], v["ppk_followed"], v["ppk_late"], v["ppk_ignored"]],
                )
                for (i,), v in agency_rows.items()
                if v["ppk_received"]
            ),
            key=lambda r: (-(r.cells or [0, 0, 0, 0])[3], -r.value, r.label),
        )
        tables.append(ppk)

    sanctions = src.group("sanctions", ["sanction_type_id"])
    types = SanctionType.objects.in_bulk([s for (s,) in sanctions])
    level_labels = dict(ViolationType.Level.choices)
    by_level: dict[str, int] = {}
    for (sid,), counts in sanctions.items():
        st = types.get(sid)
        if st is None:
            continue
        if st.is_moral:
            key = "MORAL"
        elif st.employment == SanctionType.Employment.NON_ASN:
            key = "NON_ASN"
        else:
            key = st.level or "LAIN"
        by_level[key] = by_level.get(key, 0) + counts["n"]
    labels = {
        **{
            k: str(_("Hukuman disiplin %(level)s") % {"level": str(v).lower()})
            for k, v in level_labels.items()
        },
        "MORAL": _("Sanksi moral (PP 42/2004)"),
        "NON_ASN": _("Sanksi kontrak non-ASN"),
        "LAIN": _("Lainnya"),
    }
    level = Table("sanksi_tingkat", _("Sanksi ditetapkan per tingkat"), [_("Tingkat"), _("Jumlah")])
    level.rows = [
        Row(k, labels[k], by_level[k])
        for k in [*level_labels, "MORAL", "NON_ASN", "LAIN"]
        if by_level.get(k)
    ]
    tables.append(level)
    kinds = Table(
        "sanksi_jenis", _("Sanksi ditetapkan per jenis"), [_("Jenis sanksi"), _("Jumlah")]
    )
    kinds.rows = sorted(
        (Row(sid, types[sid].name, v["n"]) for (sid,), v in sanctions.items() if sid in types),
        key=lambda r: (-r.value, r.label),
    )
    tables.append(kinds)

    if not src.filtered_out("stages"):
        hist: dict[str, dict[int, int]] = {}
        for (s, days), counts in src.group("stages", ["status", "days"]).items():
            hist.setdefault(s, {})[days] = counts["n"]
        durations = Table(
            "perkara_durasi",
            _("Median lama tiap tahap (hari)"),
            [_("Tahap"), _("Median (hari)"), _("Tahap selesai")],
        )
        for s in order:
            if s in hist:
                med = _median(hist[s])
                durations.rows.append(
                    Row(
                        s,
                        str(status_labels[s]),
                        round(med or 0),
                        cells=[med, sum(hist[s].values())],
                    )
                )
        tables.append(durations)
    return [t for t in tables if t.rows]
