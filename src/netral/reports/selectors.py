"""Report reads (house style §3): scoped to the handler's region or agency, failing closed.

A report is visible to a handler when the place of the event lies in the handler's
region, or when one of the reported people works for an agency in the handler's scope.
Missing and out-of-scope reports give the same 404.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from netral.accounts import authz
from netral.accounts.roles import Perm
from netral.core.models import AuditEntry
from netral.registry.models import Instansi, Region, UnitKerja
from netral.reports.models import (
    DeadlineRule,
    ElectionType,
    Evidence,
    Message,
    Report,
    ReportedPerson,
    ReportEvent,
    ViolationType,
)
from netral.reports.services import EVIDENCE_ORIGINAL, IDENTITY_VIEWED


def reports_visible_to(*, user: Any, perm: str = Perm.REPORT_HANDLE) -> QuerySet[Report]:
    by_place = authz.scope_q(user, perm, region="region_kode")
    person_q = authz.scope_q(
        user,
        perm,
        instansi="instansi_id",
        unit_path="unit__path",
        region="instansi__region__kode",
    )
    by_person = Q(pk__in=ReportedPerson.objects.filter(person_q).values("report_id"))
    if by_place == authz.NOTHING and person_q == authz.NOTHING:
        return Report.objects.none()
    return Report.objects.filter(by_place | by_person)


def inbox(*, user: Any, status: str = "", kind: str = "", q: str = "") -> QuerySet[Report]:
    """The handler inbox, newest first, with counts for the list (no N+1 queries)."""
    qs = reports_visible_to(user=user).select_related("event_region", "violation_type")
    if status:
        qs = qs.filter(status=status)
    if kind:
        qs = qs.filter(kind=kind)
    if q.strip():
        qs = qs.filter(
            Q(intake_number__icontains=q.strip())
            | Q(pk__in=ReportedPerson.objects.filter(nama__icontains=q.strip()).values("report_id"))
        )
    return qs.annotate(
        n_persons=Count("persons", distinct=True),
        n_evidence=Count("evidence", distinct=True),
        n_unread=Count(
            "messages",
            filter=Q(
                messages__direction=Message.Direction.FROM_REPORTER,
                messages__read_at__isnull=True,
            ),
            distinct=True,
        ),
    ).order_by("-received_at", "-id")


def report_get_for_user(*, user: Any, public_id: Any) -> Report:
    try:
        return (
            reports_visible_to(user=user)
            .select_related("event_region", "violation_type", "created_by")
            .get(public_id=public_id)
        )
    except (Report.DoesNotExist, ValueError, TypeError, ValidationError):
        raise Http404 from None


def report_persons(*, report: Report) -> list[ReportedPerson]:
    return list(report.persons.select_related("instansi", "unit", "pegawai", "pegawai__unit"))


def identity_access_log(*, report: Report) -> QuerySet[AuditEntry]:
    """Who opened the reporter's identity or an original evidence file (which may name
    them), when and why (shown to every handler in scope)."""
    return AuditEntry.objects.filter(
        action__in=[IDENTITY_VIEWED, EVIDENCE_ORIGINAL],
        target_type="reports.report",
        target_id=str(report.pk),
    ).select_related("actor")


def handler_timeline(*, report: Report) -> QuerySet[ReportEvent]:
    return report.events.select_related("actor").order_by("at", "id")


def public_timeline(*, report: Report) -> QuerySet[ReportEvent]:
    return report.events.filter(is_public=True).order_by("at", "id")


def thread(*, report: Report) -> QuerySet[Message]:
    return report.messages.select_related("author").order_by("at", "id")


def active_violation_types() -> QuerySet[ViolationType]:
    """Types of the active catalogue (at most one is active: ``catalogue_one_active``).

    A lazy queryset: building the public form costs no query, and a catalogue change is
    seen by the next request without any cache to invalidate."""
    return ViolationType.objects.filter(version__is_active=True).order_by("order", "code")


# --- Public look-ups: names of agencies, units and regions only, never employees ----------


def public_instansi() -> QuerySet[Instansi]:
    return Instansi.objects.order_by("nama")


def public_unit_search(*, instansi_id: Any, q: str, limit: int = 30) -> QuerySet[UnitKerja]:
    qs = (
        UnitKerja.objects.filter(instansi_id=instansi_id)
        if instansi_id
        else UnitKerja.objects.none()
    )
    for word in q.split()[:5]:
        qs = qs.filter(full_name__icontains=word)
    return qs.only("id", "full_name", "nama").order_by("path")[:limit]


def public_region_search(*, q: str, limit: int = 30) -> QuerySet[Region]:
    qs = Region.objects.filter(
        level__in=[Region.Level.KABKOTA, Region.Level.KECAMATAN]
    ).select_related("parent")
    q = q.strip()
    if not q:
        return qs.filter(kode__startswith="21").order_by("kode")[:limit]
    for word in q.split()[:4]:
        qs = qs.filter(Q(nama__icontains=word) | Q(parent__nama__icontains=word))
    return qs.order_by("level", "nama")[:limit]


def public_deadlines() -> dict[str, list[DeadlineRule]]:
    """Statutory time limits per step for the public front door, keyed by rule kind
    (``REPORT_WINDOW``, ``FOLLOW_UP``, ...), Pemilu before Pilkada. Public data: no scope."""
    steps: dict[str, list[DeadlineRule]] = {}
    rules = DeadlineRule.objects.exclude(election_type=ElectionType.TIDAK_TAHU)
    for rule in rules.order_by("kind", "election_type"):
        steps.setdefault(rule.kind, []).append(rule)
    return steps


# --- reads behind the pages (views do no ORM calls of their own: CONTRIBUTING.md) ---------


def report_by_public_id(*, public_id: Any) -> Report:
    """A report by its public id, for the reporter's own pages (the caller has already
    checked the receipt code or the just-filed cookie), or 404."""
    return get_object_or_404(Report, public_id=public_id)


def report_by_public_id_or_none(*, public_id: Any) -> Report | None:
    return Report.objects.filter(public_id=public_id).first()


def report_evidence(*, report: Report) -> QuerySet[Evidence]:
    return report.evidence.all()


def report_person_get(*, report: Report, pk: int | None) -> ReportedPerson:
    """One reported person of ``report``, or 404."""
    return get_object_or_404(report.persons, pk=pk or 0)


def evidence_get(*, report: Report, public_id: Any) -> Evidence:
    """One evidence item of ``report`` (already scoped to the user), or 404."""
    return get_object_or_404(Evidence, report=report, public_id=public_id)


def reports_by_numbers(*, user: Any, numbers: list[str]) -> list[Report]:
    """The reports with these intake numbers that the user handles (others left out)."""
    return list(reports_visible_to(user=user).filter(intake_number__in=numbers))
