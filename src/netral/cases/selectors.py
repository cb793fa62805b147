"""Scoped reads of cases (house style §3): every lookup filters by the user's roles and
scope first and fails closed; a case the user may not see is a 404 like a missing one.

Who sees what (shared/domain.md §1, §3):

* Bawaslu and Satgas (``cases.view``): every case of their region and below;
* the recommending body (``cases.view_forwarded``): cases forwarded to it, by region;
* PPK, BKPSDM and Inspektorat (``cases.view_agency``): cases of their agency once they
  reached the PPK (recommendation, or forwarding of a non-ASN case).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import reduce
from operator import or_
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Count, F, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from netral.accounts import authz
from netral.accounts.roles import Perm, Role
from netral.cases.letter_models import CaseLetter
from netral.cases.models import (
    Case,
    CaseAlert,
    CaseDocument,
    CaseEvent,
    CaseStage,
    CaseStatus,
    CaseSubject,
)
from netral.core import calendar
from netral.registry.models import Instansi
from netral.reports.models import AllowedSanction, DeadlineRule, Report, SanctionType, ViolationType


def _visibility_q(user: Any) -> Q | None:
    parts: list[Q] = []
    region = authz.scope_q(user, Perm.CASE_VIEW, region="region_kode")
    if region != authz.NOTHING:
        parts.append(region)
    body = authz.scope_q(user, Perm.CASE_VIEW_FORWARDED, region="region_kode")
    if body != authz.NOTHING:
        parts.append(body & Q(forwarded_to=Case.ForwardedTo.BODY))
    agency = authz.scope_q(user, Perm.CASE_VIEW_AGENCY, instansi="instansi_id")
    if agency != authz.NOTHING:
        parts.append(agency & Q(ppk_received_on__isnull=False))
    return reduce(or_, parts) if parts else None


def instansi_choices(*, user: Any) -> QuerySet[Instansi]:
    """The agencies a queue can be filtered by: those in the user's scope (their own
    agency; the agencies of their region and below), read from the registry rather than
    from the cases, so the filter costs the same with a million cases."""
    parts: list[Q] = []
    for perm in (Perm.CASE_VIEW, Perm.CASE_VIEW_FORWARDED):
        q = authz.scope_q(user, perm, region="region__kode")
        if q != authz.NOTHING:
            parts.append(q)
    agency = authz.scope_q(user, Perm.CASE_VIEW_AGENCY, instansi="pk")
    if agency != authz.NOTHING:
        parts.append(agency)
    if not parts:
        return Instansi.objects.none()
    return Instansi.objects.filter(reduce(or_, parts)).order_by("nama")


def cases_visible_to(*, user: Any) -> QuerySet[Case]:
    """Every case ``user`` may see (see module docstring); none for anyone else."""
    q = _visibility_q(user)
    if q is None:
        return Case.objects.none()
    return Case.objects.filter(q)


def case_visible(*, user: Any, case: Case) -> bool:
    """Whether ``case`` (in its current state) is visible to ``user``; cached per request
    on the user object by (case, state, forwarding) since those decide visibility."""
    key = (case.pk, case.status, case.forwarded_to, case.ppk_received_on, case.instansi_id)
    cache = getattr(user, "_netral_case_visible", None)
    if cache is None:
        cache = {}
        try:
            user._netral_case_visible = cache
        except AttributeError:  # AnonymousUser-like objects without a __dict__
            pass
    if key not in cache:
        cache[key] = cases_visible_to(user=user).filter(pk=case.pk).exists()
    return bool(cache[key])


def case_get_for_user(*, user: Any, public_id: Any) -> Case:
    """One case by its public id, or 404 (missing and not visible look the same)."""
    try:
        return (
            cases_visible_to(user=user)
            .select_related(
                "region", "instansi", "violation_type", "recommending_body", "assigned_to"
            )
            .get(public_id=public_id)
        )
    except (Case.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


def waiting_states(*, user: Any) -> list[str]:
    """The states whose next step belongs to one of the user's roles (the work queue)."""
    from netral.cases.workflow import RESPONSIBLE, TRANSITIONS

    mine = authz.roles(user)
    states = {s for s, role in RESPONSIBLE.items() if role in mine}
    # Satgas verifies too (BKN SBT flow): its queue is the intake of its region.
    for t in TRANSITIONS:
        if t.permission and authz.has_perm(user, t.permission) and not t.roles:
            states.update(t.source)
    return sorted(states)


def queue(
    *,
    user: Any,
    status: str = "",
    overdue: bool = False,
    instansi_id: Any = None,
    violation_type_id: Any = None,
    election_type: str = "",
    today: dt.date | None = None,
) -> QuerySet[Case]:
    """Cases waiting on ``user``, soonest due first, with the queue filters (issue 10
    item 6). Served by the ``case_queue_*`` indexes."""
    return case_search(
        user=user,
        queue_only=True,
        status=status,
        overdue=overdue,
        instansi_id=instansi_id,
        violation_type_id=violation_type_id,
        election_type=election_type,
        today=today,
    )


def case_search(
    *,
    user: Any,
    queue_only: bool = False,
    status: str = "",
    overdue: bool = False,
    instansi_id: Any = None,
    violation_type_id: Any = None,
    election_type: str = "",
    today: dt.date | None = None,
) -> QuerySet[Case]:
    """Cases ``user`` may see (``queue_only``: those waiting on one of their roles), with
    the queue filters, soonest due first (the queue pages and the API list)."""
    qs = cases_visible_to(user=user)
    if queue_only:
        states = waiting_states(user=user)
        if status:
            states = [s for s in states if s == status]
        qs = qs.filter(status__in=states)
    elif status:
        qs = qs.filter(status=status)
    if overdue:
        qs = qs.filter(stage_due_on__lt=today or timezone.localdate())
    if instansi_id:
        qs = qs.filter(instansi_id=instansi_id)
    if violation_type_id:
        qs = qs.filter(violation_type_id=violation_type_id)
    if election_type:
        qs = qs.filter(election_type=election_type)
    return qs.select_related("instansi", "violation_type").order_by(
        F("stage_due_on").asc(nulls_last=True), "id"
    )


def working_rules() -> frozenset[tuple[str, str]]:
    """(rule kind, election track) pairs that count working days (one query, for lists)."""
    return frozenset(
        DeadlineRule.objects.filter(working_days=True).values_list("kind", "election_type")
    )


def days_left(
    case: Case,
    *,
    today: dt.date | None = None,
    working: frozenset[tuple[str, str]] | None = None,
    cal: calendar.WorkingCalendar | None = None,
) -> int | None:
    """Days from today to the stage's due date (negative when overdue), counted the way
    the rule counts on the case's own election track (Pemilu working days, Pilkada
    calendar days: the same rule kind differs per track). ``working``: see
    ``working_rules`` and ``cal``: see ``list_calendar``, passed by lists to save queries
    per row."""
    from netral.cases.workflow import election_of

    if case.stage_due_on is None:
        return None
    rules = working_rules() if working is None else working
    today = today or timezone.localdate()
    counts_working = (case.stage_rule, election_of(case)) in rules
    if cal is not None and cal.first_year <= min(today, case.stage_due_on).year:
        if max(today, case.stage_due_on).year <= cal.last_year:
            return cal.days_left(today, case.stage_due_on, working=counts_working)
    return calendar.days_left(today, case.stage_due_on, working=counts_working)


def list_calendar(cases: list[Case], today: dt.date) -> calendar.WorkingCalendar:
    """One working calendar covering today and every due date of a page of cases (one
    holiday query per page instead of one per row)."""
    dues = [c.stage_due_on for c in cases if c.stage_due_on is not None]
    return calendar.WorkingCalendar.around(today, *dues)


def timeline(*, case: Case) -> QuerySet[CaseEvent]:
    return case.events.select_related("actor").order_by("at", "id")


def public_timeline_for_report(*, report: Report) -> QuerySet[CaseEvent]:
    """What the reporter may read about the case their report is in: status steps with a
    public text, never notes, names or documents."""
    return (
        CaseEvent.objects.filter(case__case_reports__report=report, kind=CaseEvent.Kind.STATUS)
        .exclude(public_text="")
        .order_by("at", "id")
    )


def open_alerts(*, user: Any) -> QuerySet[CaseAlert]:
    """Unresolved overdue notices and escalations addressed to the user's roles."""
    return (
        CaseAlert.objects.filter(
            resolved_at__isnull=True,
            role__in=authz.roles(user),
            case__in=cases_visible_to(user=user),
        )
        .select_related("case", "stage")
        .order_by("-at")
    )


def employment_of(jenis_pegawai: str) -> str:
    """Registry type → the sanction table: CPNS follow PNS (PP 94/2021)."""
    if jenis_pegawai in ("PNS", "CPNS"):
        return SanctionType.Employment.PNS
    if jenis_pegawai == "PPPK":
        return SanctionType.Employment.PPPK
    return SanctionType.Employment.NON_ASN


def sanctions_offered(
    *, violation_type: ViolationType | None, jenis_pegawai: str
) -> QuerySet[SanctionType]:
    """Sanctions that may be imposed on this employee type for this violation: PNS/CPNS
    the PP 94/2021 levels (or PP 42/2004 moral sanctions for ethics), PPPK the PP 49/2018
    discipline, non-ASN the contract (shared/domain.md §2, §4). Data: AllowedSanction."""
    if violation_type is None:
        return SanctionType.objects.none()
    ids = AllowedSanction.objects.filter(violation_type=violation_type).values("sanction_type_id")
    return SanctionType.objects.filter(
        pk__in=ids, employment=employment_of(jenis_pegawai)
    ).order_by("order", "code")


def active_violation_types() -> QuerySet[ViolationType]:
    return ViolationType.objects.filter(version__is_active=True).order_by("order", "code")


@dataclass(frozen=True)
class ComplianceRow:
    instansi: Instansi
    received: int
    followed: int
    late: int
    ignored: int


def ppk_compliance(*, user: Any, today: dt.date | None = None) -> list[ComplianceRow]:
    """Per agency: recommendations received by the PPK, followed within the deadline,
    followed late, and ignored (still open past the deadline) (issue 10 item 4)."""
    today = today or timezone.localdate()
    visible = cases_visible_to(user=user)
    stages = CaseStage.objects.filter(rule=DeadlineRule.Kind.PPK_FOLLOWUP, case__in=visible).values(
        "case__instansi_id"
    )
    done = Q(completed_at__isnull=False)
    rows = stages.annotate(
        received=Count("id"),
        followed=Count("id", filter=done & Q(completed_at__date__lte=F("due_on"))),
        late=Count("id", filter=done & Q(completed_at__date__gt=F("due_on"))),
        ignored=Count("id", filter=Q(completed_at__isnull=True, due_on__lt=today)),
    )
    agencies = Instansi.objects.in_bulk(
        [r["case__instansi_id"] for r in rows if r["case__instansi_id"]]
    )
    return [
        ComplianceRow(
            instansi=agencies[r["case__instansi_id"]],
            received=r["received"],
            followed=r["followed"],
            late=r["late"],
            ignored=r["ignored"],
        )
        for r in rows
        if r["case__instansi_id"] in agencies
    ]


def employee_cases(*, user: Any, pegawai_id: Any) -> QuerySet[Case]:
    """Cases about one employee that the user may see (employee record page)."""
    return (
        cases_visible_to(user=user)
        .filter(subjects__pegawai_id=pegawai_id)
        .exclude(status=CaseStatus.MERGED)
        .distinct()
    )


# --- work queues (the queue page and bulk assignment; issue 10 item 6) -------------------

# Roles whose queue is theirs to work (and so to assign within).
ASSIGNING_ROLES = (Role.BAWASLU, Role.SATGAS, Role.KASN_BKN, Role.PPK, Role.HR_ADMIN)


def colleagues(user: Any) -> QuerySet[Any]:
    """Officers who share one of ``user``'s queue roles with the same scope: the people a
    case in this queue may be assigned to (the user included)."""
    parts = Q(pk__in=[])
    for a in authz.assignments(user):
        if a.role not in ASSIGNING_ROLES:
            continue
        parts |= Q(role=a.role, region_id=a.region_id, instansi_id=a.instansi_id)
    from netral.accounts.models import RoleAssignment

    ids = RoleAssignment.objects.filter(parts).values("user_id")
    return get_user_model().objects.filter(pk__in=ids, is_active=True).order_by("nama", "username")


# The Inspektorat takes no step of its own (internal supervision, shared/domain.md §1):
# its queue is its agency's cases at the PPK and execution stages, where it watches the
# deadlines the PPK and BKPSDM must keep.
WATCHED_STATES: dict[str, tuple[str, ...]] = {
    Role.INSPEKTORAT: (
        CaseStatus.RECOMMENDED,
        CaseStatus.AGENCY,
        CaseStatus.APPEAL,
        CaseStatus.DECIDED,
    ),
}


def queue_states(user: Any) -> list[str]:
    states = set(waiting_states(user=user))
    for role in authz.roles(user):
        states.update(WATCHED_STATES.get(role, ()))
    return sorted(states)


def queue_cases(*, user: Any, today: dt.date, f: dict[str, Any] | None = None) -> QuerySet[Case]:
    """``selectors.queue`` plus the watched states (above) and the officer filter."""
    f = f or {}
    states = queue_states(user)
    if f.get("tahap"):
        states = [s for s in states if s == f["tahap"]]
    qs = cases_visible_to(user=user).filter(status__in=states)
    if f.get("lewat"):
        qs = qs.filter(stage_due_on__lt=today)
    if f.get("instansi"):
        qs = qs.filter(instansi_id=f["instansi"].pk)
    if f.get("pelanggaran"):
        qs = qs.filter(violation_type_id=f["pelanggaran"].pk)
    if f.get("pemilihan"):
        qs = qs.filter(election_type=f["pemilihan"])
    return qs.select_related("instansi", "violation_type", "assigned_to").order_by(
        F("stage_due_on").asc(nulls_last=True), "id"
    )


def queue_page(
    *, user: Any, today: dt.date, f: dict[str, Any], limit: int, mine: bool = False
) -> list[Case]:
    """The first ``limit`` cases of the user's queue (only those assigned to the user
    when ``mine``), with their subjects."""
    qs = queue_cases(user=user, today=today, f=f)
    if mine:
        qs = qs.filter(assigned_to=user)
    return list(qs.prefetch_related("subjects")[:limit])


def queue_cases_by_ids(*, user: Any, today: dt.date, public_ids: list[str]) -> list[Case]:
    """The cases among ``public_ids`` that are in the user's queue (others are ignored)."""
    return list(queue_cases(user=user, today=today).filter(public_id__in=public_ids))


# --- reads behind the case page (views do no ORM calls of their own: CONTRIBUTING.md) -----


def case_subjects(*, case: Case) -> QuerySet[CaseSubject]:
    return case.subjects.select_related("pegawai", "recommended_sanction", "decided_sanction")


def queue_subject_names(*, case: Case) -> list[str]:
    """The reported persons' names on a queue card, from the queue's prefetch (no query)."""
    return [f"{s.nama} ({_('diblokir')})" if s.is_blocked else s.nama for s in case.subjects.all()]


def case_documents(*, case: Case) -> QuerySet[CaseDocument]:
    return case.documents.all()


def case_document_get(*, case: Case, public_id: Any) -> CaseDocument | None:
    """One document of ``case`` (already scoped to the user), or ``None``."""
    return case.documents.filter(public_id=public_id).first()


def case_letters(*, case: Case) -> QuerySet[CaseLetter]:
    return case.letters.select_related("document", "scan", "office").order_by("created_at")


def case_letter_get(*, case: Case, public_id: Any) -> CaseLetter:
    """One letter of ``case`` (already scoped to the user), or 404."""
    letter = CaseLetter.objects.filter(case=case, public_id=public_id).first()
    if letter is None:
        raise Http404
    return letter
