"""What the analytics count about each case, computed the same way for the rollups
(``rollups.case_refresh_month``) and for the live reads of small scopes
(``selectors``: sub-district officers), so both give the same figures.

Definitions (shared/domain.md §3):

* *recommended*: the recommending body's recommendation reached the PPK
  (``recommendation_number`` set by the ``recommend`` step);
* *decided* / *executed*: the PPK's decree (``decided_on``) / the sanction carried out
  (``executed_on``);
* *overdue*: the case is open and its current stage was marked overdue by the daily
  sweep (``CaseStage.overdue_at``), i.e. as of the last sweep;
* PPK follow-up (``DeadlineRule.Kind.PPK_FOLLOWUP`` stages), as
  ``cases.selectors.ppk_compliance``: *followed* completed by the due date, *late*
  completed after it, *ignored* still open and marked overdue by the sweep;
* stage duration: days from the stage's start to its completion (local date).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from netral.cases.models import TERMINAL_STATES, Case, CaseStage, CaseSubject
from netral.reports.models import DeadlineRule

CHUNK = 2000
MAX_DAYS = 366


@dataclass
class CaseFact:
    pk: int
    month: dt.date
    region_kode: str
    instansi_id: int | None
    violation_type_id: int | None
    election_type: str
    status: str
    body: bool
    at_ppk: bool
    recommended: bool
    decided: bool
    executed: bool
    overdue: bool = False
    ppk_received: bool = False
    ppk_followed: bool = False
    ppk_late: bool = False
    ppk_ignored: bool = False
    sanctions: list[int] = field(default_factory=list)
    # (stage status, days) of each completed stage
    stages: list[tuple[str, int]] = field(default_factory=list)


def _local_date(value: dt.datetime) -> dt.date:
    return timezone.localtime(value).date()


def case_facts(cases: QuerySet[Case]) -> Iterator[CaseFact]:
    """The facts of every case in ``cases`` (merged cases are left out: their reports
    count in the case they were merged into), read in chunks."""
    rows = (
        cases.exclude(status="merged")
        .order_by("pk")
        .values_list(
            "pk",
            "created_at",
            "region_kode",
            "instansi_id",
            "violation_type_id",
            "election_type",
            "status",
            "forwarded_to",
            "ppk_received_on",
            "recommendation_number",
            "decided_on",
            "executed_on",
        )
    )
    batch: list[CaseFact] = []
    for r in rows.iterator(chunk_size=CHUNK):
        batch.append(
            CaseFact(
                pk=r[0],
                month=_local_date(r[1]).replace(day=1),
                region_kode=r[2] or "",
                instansi_id=r[3],
                violation_type_id=r[4],
                election_type=r[5],
                status=r[6],
                body=r[7] == Case.ForwardedTo.BODY,
                at_ppk=r[8] is not None,
                recommended=bool(r[9]),
                decided=r[10] is not None,
                executed=r[11] is not None,
            )
        )
        if len(batch) >= CHUNK:
            yield from _complete(batch)
            batch = []
    if batch:
        yield from _complete(batch)


def _complete(batch: list[CaseFact]) -> list[CaseFact]:
    by_pk = {f.pk: f for f in batch}
    stages = CaseStage.objects.filter(case_id__in=list(by_pk)).values_list(
        "case_id", "status", "rule", "started_on", "due_on", "completed_at", "overdue_at"
    )
    for case_id, status, rule, started, due, completed, overdue_at in stages:
        fact = by_pk[case_id]
        if completed is not None:
            done = _local_date(completed)
            fact.stages.append((status, max(0, min(MAX_DAYS, (done - started).days))))
        elif overdue_at is not None and fact.status not in TERMINAL_STATES:
            fact.overdue = True
        if rule == DeadlineRule.Kind.PPK_FOLLOWUP:
            fact.ppk_received = True
            if completed is not None:
                # Same comparison as cases.selectors.ppk_compliance (completed_at__date).
                if _completed_date(completed) <= due:
                    fact.ppk_followed = True
                else:
                    fact.ppk_late = True
            elif overdue_at is not None:
                fact.ppk_ignored = True
    subjects = CaseSubject.objects.filter(
        case_id__in=list(by_pk), decided_sanction__isnull=False
    ).values_list("case_id", "decided_sanction_id")
    for case_id, sanction_id in subjects:
        by_pk[case_id].sanctions.append(sanction_id)
    return batch


def _completed_date(value: dt.datetime) -> dt.date:
    # ``completed_at__date`` is evaluated in the current time zone (USE_TZ).
    return timezone.localtime(value).date()


def slices_of(fact: CaseFact) -> list[tuple[str, str]]:
    """(slice, geo) pairs a case is counted in: national (geo = province), its province
    and kabupaten/kota (geo = kabupaten/kota) and its agency (geo = kabupaten/kota)."""
    from netral.analytics.rollups import kab_of, province_of

    code = fact.region_kode
    kab, prov = kab_of(code), province_of(code)
    out = [("", prov), (prov, kab)]
    if kab != prov:
        out.append((kab, kab))
    if fact.instansi_id is not None:
        out.append((f"i:{fact.instansi_id}", kab))
    return out


def aggregate(
    facts: Any, slice_geo: Any = slices_of
) -> dict[str, dict[tuple[Any, ...], list[int]]]:
    """Sum facts into the four rollup shapes, keyed by their dimension tuples (the rows
    ``rollups.case_refresh_month`` writes, or a live read aggregates)."""
    cases: dict[tuple[Any, ...], list[int]] = {}
    agency: dict[tuple[Any, ...], list[int]] = {}
    sanctions: dict[tuple[Any, ...], list[int]] = {}
    stages: dict[tuple[Any, ...], list[int]] = {}

    def add(
        target: dict[tuple[Any, ...], list[int]], key: tuple[Any, ...], values: list[int]
    ) -> None:
        row = target.get(key)
        if row is None:
            target[key] = list(values)
        else:
            for i, v in enumerate(values):
                row[i] += v

    for f in facts:
        for s, geo in slice_geo(f):
            add(
                cases,
                (s, geo, f.violation_type_id, f.election_type, f.status, f.body, f.at_ppk, f.month),
                [1, int(f.recommended), int(f.decided), int(f.executed), int(f.overdue)],
            )
            add(
                agency,
                (s, f.instansi_id, f.body, f.at_ppk, f.month),
                [
                    1,
                    int(f.overdue),
                    int(f.ppk_received),
                    int(f.ppk_followed),
                    int(f.ppk_late),
                    int(f.ppk_ignored),
                ],
            )
            for sanction_id in f.sanctions:
                add(
                    sanctions,
                    (
                        s,
                        geo,
                        f.violation_type_id,
                        f.election_type,
                        f.body,
                        f.at_ppk,
                        f.month,
                        sanction_id,
                    ),
                    [1],
                )
            for status, days in f.stages:
                add(stages, (s, f.body, f.at_ppk, f.month, status, days), [1])
    return {"cases": cases, "agency": agency, "sanctions": sanctions, "stages": stages}
