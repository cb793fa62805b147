"""Building the rollup tables (``analytics.models``) from the owning apps' selectors.

Partitions: one pledge campaign, one calendar month of reports (by receipt time in the
installation's time zone). ``*_refresh_partition`` deletes and re-inserts one partition
in one transaction, so running it twice, or concurrently with a full rebuild, gives the
same rows. ``refresh`` finds the partitions touched since the last watermark (ledger
sequence for signatures and voids, ``updated_at`` for employees and reports) and
rebuilds only those; ``rebuild_all`` rebuilds everything with progress.

Quirk: ``Report.updated_at`` is stamped at statement time, before commit; the refresh
rereads a safety margin (``MARGIN``) behind its watermark so a slow transaction that
commits late is still picked up (rereading is harmless: partitions are idempotent).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterable
from typing import Any

from django.db import transaction
from django.db.models import Count, Max, Q
from django.utils import timezone

from netral.analytics.models import (
    CaseAgencyRollup,
    CaseRollup,
    PledgeRollup,
    ReportAgencyRollup,
    ReportRollup,
    RollupState,
    SanctionRollup,
    StageRollup,
)
from netral.pledges.models import Campaign, LedgerEntry, Signature
from netral.pledges.selectors import live_signature_exists, stage_audience_q
from netral.registry.models import Pegawai
from netral.reports.models import Report, ReportedPerson

MARGIN = dt.timedelta(minutes=10)
Progress = Callable[[int, int], None]


def kab_of(code: str | None) -> str:
    """Kabupaten/kota part of a Kemendagri code ("21.02.01" → "21.02"; "21" → "21")."""
    return ".".join((code or "").split(".")[:2])


def province_of(code: str | None) -> str:
    return (code or "").split(".")[0]


# --- pledges -----------------------------------------------------------------------------


@transaction.atomic
def pledge_refresh_campaign(campaign_id: int) -> int:
    """Rebuild the rows of one campaign: stage 0 over every active employee of the
    agency, then each stage over its audience (``pledges.selectors.stage_audience_q``);
    signed = a live signature in the campaign (``live_signature_exists``)."""
    PledgeRollup.objects.filter(campaign_id=campaign_id).delete()
    campaign = Campaign.objects.select_related("instansi").filter(pk=campaign_id).first()
    if campaign is None:
        return 0
    region = campaign.instansi.region_id or ""
    signed_q = Q(live_signature_exists(campaign_id=campaign.pk))
    audiences: list[tuple[int, Q]] = [(0, Q(instansi_id=campaign.instansi_id, is_active=True))]
    for stage in campaign.stages.select_related("unit", "campaign").order_by("order"):
        audiences.append((stage.order, stage_audience_q(stage, instansi_id=campaign.instansi_id)))
    rows = []
    for order, audience in audiences:
        counts = (
            Pegawai.objects.filter(audience)
            .values("jenis_pegawai")
            .annotate(total=Count("pk"), signed=Count("pk", filter=signed_q))
            .order_by()
        )
        rows += [
            PledgeRollup(
                campaign_id=campaign.pk,
                election_id=campaign.election_id,
                instansi_id=campaign.instansi_id,
                region_kode=region,
                province_kode=province_of(region),
                stage_order=order,
                jenis_pegawai=c["jenis_pegawai"],
                total=c["total"],
                signed=c["signed"],
            )
            for c in counts
        ]
    PledgeRollup.objects.bulk_create(rows)
    return len(rows)


# --- reports -----------------------------------------------------------------------------


def month_start(value: dt.datetime) -> dt.date:
    local = timezone.localtime(value)
    return local.date().replace(day=1)


def _month_bounds(month: dt.date) -> tuple[dt.datetime, dt.datetime]:
    tz = timezone.get_current_timezone()
    start = dt.datetime(month.year, month.month, 1, tzinfo=tz)
    nxt = dt.datetime(month.year + month.month // 12, month.month % 12 + 1, 1, tzinfo=tz)
    return start, nxt


def report_slices(event_kode: str, person_regions: Iterable[str]) -> set[str]:
    """The slices a report belongs to: national, the event's province and kabupaten,
    and those of every reported person's agency (reports selector, ``by_person``)."""
    slices = {"", province_of(event_kode), kab_of(event_kode)}
    for code in person_regions:
        if code:
            slices |= {province_of(code), kab_of(code)}
    return slices


def geo_for(slice_: str, event_kode: str) -> str:
    return province_of(event_kode) if slice_ == "" else kab_of(event_kode)


@transaction.atomic
def report_refresh_month(month: dt.date) -> int:
    """Rebuild every slice of one month of reports (see ``ReportRollup``)."""
    start, end = _month_bounds(month)
    ReportRollup.objects.filter(month=month).delete()
    ReportAgencyRollup.objects.filter(month=month).delete()
    reports = Report.objects.filter(received_at__gte=start, received_at__lt=end)
    persons: dict[int, list[tuple[int | None, str]]] = {}
    for report_id, instansi_id, region in (
        ReportedPerson.objects.filter(report__in=reports)
        .order_by("report_id", "id")
        .values_list("report_id", "instansi_id", "instansi__region_id")
        .iterator(chunk_size=5000)
    ):
        persons.setdefault(report_id, []).append((instansi_id, region or ""))
    cells: Counter[tuple[Any, ...]] = Counter()
    agency: Counter[tuple[str, int | None]] = Counter()
    for pk, code, vt, kind, status, et in reports.values_list(
        "pk", "region_kode", "violation_type_id", "kind", "status", "election_type"
    ).iterator(chunk_size=5000):
        people = persons.get(pk, [])
        first_agency = next((i for i, _r in people if i is not None), None)
        for s in report_slices(code, (r for _i, r in people)):
            cells[(s, geo_for(s, code), vt, kind, status, et)] += 1
            agency[(s, first_agency)] += 1
    ReportRollup.objects.bulk_create(
        [
            ReportRollup(
                slice=s,
                geo=g,
                violation_type_id=vt,
                kind=kind,
                status=status,
                election_type=et,
                month=month,
                n=n,
            )
            for (s, g, vt, kind, status, et), n in cells.items()
        ],
        batch_size=5000,
    )
    ReportAgencyRollup.objects.bulk_create(
        [
            ReportAgencyRollup(slice=s, instansi_id=i, month=month, n=n)
            for (s, i), n in agency.items()
        ],
        batch_size=5000,
    )
    return len(cells)


def report_months() -> list[dt.date]:
    first = Report.objects.order_by("received_at").values_list("received_at", flat=True).first()
    last = Report.objects.order_by("-received_at").values_list("received_at", flat=True).first()
    if first is None or last is None:
        return []
    months, m, stop = [], month_start(first), month_start(last)
    while m <= stop:
        months.append(m)
        m = dt.date(m.year + m.month // 12, m.month % 12 + 1, 1)
    return months


# --- cases ---------------------------------------------------------------------------------

CASE_MODELS = (CaseRollup, CaseAgencyRollup, SanctionRollup, StageRollup)


@transaction.atomic
def case_refresh_month(month: dt.date) -> int:
    """Rebuild every slice of the cases opened in one month (``case_facts``)."""
    from netral.analytics.case_facts import aggregate, case_facts
    from netral.cases.models import Case

    start, end = _month_bounds(month)
    for model in CASE_MODELS:
        model.objects.filter(month=month).delete()
    shapes = aggregate(case_facts(Case.objects.filter(created_at__gte=start, created_at__lt=end)))
    CaseRollup.objects.bulk_create(
        [
            CaseRollup(
                slice=s, geo=g, violation_type_id=vt, election_type=et, status=st, body=b,
                at_ppk=p, month=m, n=v[0], recommended=v[1], decided=v[2], executed=v[3],
                overdue=v[4],
            )
            for (s, g, vt, et, st, b, p, m), v in shapes["cases"].items()
        ],
        batch_size=5000,
    )  # fmt: skip
    CaseAgencyRollup.objects.bulk_create(
        [
            CaseAgencyRollup(
                slice=s, instansi_id=i, body=b, at_ppk=p, month=m, n=v[0], overdue=v[1],
                ppk_received=v[2], ppk_followed=v[3], ppk_late=v[4], ppk_ignored=v[5],
            )
            for (s, i, b, p, m), v in shapes["agency"].items()
        ],
        batch_size=5000,
    )  # fmt: skip
    SanctionRollup.objects.bulk_create(
        [
            SanctionRollup(
                slice=s, geo=g, violation_type_id=vt, election_type=et, body=b, at_ppk=p,
                month=m, sanction_type_id=st, n=v[0],
            )
            for (s, g, vt, et, b, p, m, st), v in shapes["sanctions"].items()
        ],
        batch_size=5000,
    )  # fmt: skip
    StageRollup.objects.bulk_create(
        [
            StageRollup(slice=s, body=b, at_ppk=p, month=m, status=st, days=d, n=v[0])
            for (s, b, p, m, st, d), v in shapes["stages"].items()
        ],
        batch_size=5000,
    )
    return len(shapes["cases"])


def case_months() -> list[dt.date]:
    from netral.cases.models import Case

    first = Case.objects.order_by("created_at").values_list("created_at", flat=True).first()
    last = Case.objects.order_by("-created_at").values_list("created_at", flat=True).first()
    if first is None or last is None:
        return []
    months, m, stop = [], month_start(first), month_start(last)
    while m <= stop:
        months.append(m)
        m = dt.date(m.year + m.month // 12, m.month % 12 + 1, 1)
    return months


def cases_touched_months(since: dt.datetime) -> set[dt.date]:
    """Months of the cases changed since ``since``: the case row, one of its stages
    (completed, or marked overdue by the sweep, which updates the stage only) or one of
    its subjects (sanction decided)."""
    from netral.cases.models import Case, CaseStage, CaseSubject

    touched = Case.objects.filter(
        Q(updated_at__gte=since)
        | Q(pk__in=CaseStage.objects.filter(
            Q(completed_at__gte=since) | Q(overdue_at__gte=since)
        ).values("case_id"))
        | Q(pk__in=CaseSubject.objects.filter(updated_at__gte=since).values("case_id"))
    )  # fmt: skip
    return {month_start(at) for at in touched.values_list("created_at", flat=True).distinct()}


# --- whole rebuild and incremental refresh -------------------------------------------------


def _state(source: str) -> RollupState:
    state, _created = RollupState.objects.get_or_create(source=source)
    return state


def rebuild_all(progress: Progress | None = None) -> dict[str, int]:
    """Rebuild every partition (``manage.py analytics_rebuild``, the rebuild task).
    Watermarks are taken before reading, so writes made during the rebuild are picked up
    by the next ``refresh``."""
    now = timezone.now()
    seq = LedgerEntry.objects.aggregate(m=Max("seq"))["m"] or 0
    campaigns = list(Campaign.objects.order_by("pk").values_list("pk", flat=True))
    months = report_months()
    c_months = case_months()
    total, done = len(campaigns) + len(months) + len(c_months), 0
    stale_campaigns = PledgeRollup.objects.exclude(campaign_id__in=campaigns)
    stale_campaigns.delete()
    ReportRollup.objects.exclude(month__in=months).delete()
    ReportAgencyRollup.objects.exclude(month__in=months).delete()
    for model in CASE_MODELS:
        model.objects.exclude(month__in=c_months).delete()
    for pk in campaigns:
        pledge_refresh_campaign(pk)
        done += 1
        if progress:
            progress(done, total)
    for month in months:
        report_refresh_month(month)
        done += 1
        if progress:
            progress(done, total)
    for month in c_months:
        case_refresh_month(month)
        done += 1
        if progress:
            progress(done, total)
    RollupState.objects.update_or_create(
        source="pledges", defaults={"ledger_seq": seq, "watermark": now, "refreshed_at": now}
    )
    for source in ("reports", "cases"):
        RollupState.objects.update_or_create(
            source=source, defaults={"watermark": now, "refreshed_at": now}
        )
    return {"campaigns": len(campaigns), "months": len(months), "case_months": len(c_months)}


def refresh() -> dict[str, int]:
    """Rebuild only the partitions changed since the last refresh (idempotent; run it
    from the scheduler every minute: ``manage.py analytics_refresh``)."""
    now = timezone.now()
    pledges, reports = _state("pledges"), _state("reports")
    seq = LedgerEntry.objects.aggregate(m=Max("seq"))["m"] or 0
    since = (pledges.watermark or dt.datetime.min.replace(tzinfo=dt.UTC)) - MARGIN
    # Issue 15: ledger ids come from a sequence shared by agencies that no longer wait
    # for each other, so a lower id can commit after a higher one; the row's own
    # timestamps (with MARGIN) catch those.
    changed = set(
        Signature.objects.filter(
            Q(entry_id__gt=pledges.ledger_seq)
            | Q(void_entry_id__gt=pledges.ledger_seq)
            | Q(updated_at__gte=since)
        ).values_list("campaign_id", flat=True)
    )
    changed |= set(Campaign.objects.filter(updated_at__gte=since).values_list("pk", flat=True))
    agencies = Pegawai.objects.filter(updated_at__gte=since).values("instansi_id")
    changed |= set(Campaign.objects.filter(instansi_id__in=agencies).values_list("pk", flat=True))
    if pledges.watermark is None:
        changed |= set(Campaign.objects.values_list("pk", flat=True))
    for pk in sorted(changed):
        pledge_refresh_campaign(pk)
    r_since = (reports.watermark or dt.datetime.min.replace(tzinfo=dt.UTC)) - MARGIN
    # A confirmed registry match (triage) changes the slices of a report without
    # touching the report row itself.
    touched = Report.objects.filter(
        Q(updated_at__gte=r_since)
        | Q(pk__in=ReportedPerson.objects.filter(updated_at__gte=r_since).values("report_id"))
    )
    months = {month_start(at) for at in touched.values_list("received_at", flat=True).distinct()}
    for month in sorted(months):
        report_refresh_month(month)
    RollupState.objects.filter(source="pledges").update(
        ledger_seq=seq, watermark=now, refreshed_at=now
    )
    RollupState.objects.filter(source="reports").update(watermark=now, refreshed_at=now)
    cases = _state("cases")
    c_since = (cases.watermark or dt.datetime.min.replace(tzinfo=dt.UTC)) - MARGIN
    c_months = case_months() if cases.watermark is None else sorted(cases_touched_months(c_since))
    for month in c_months:
        case_refresh_month(month)
    RollupState.objects.filter(source="cases").update(watermark=now, refreshed_at=now)
    return {"campaigns": len(changed), "months": len(months), "case_months": len(c_months)}
