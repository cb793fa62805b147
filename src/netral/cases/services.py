"""Writes of the cases app (house style §2): keyword-only, atomic, audited.

State changes go through ``workflow.transition`` only; this module opens cases, adds
documents, notes and assignments, and runs the overdue sweep.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import uuid
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from netral.cases import workflow
from netral.cases.errors import CaseError
from netral.cases.models import (
    Case,
    CaseAlert,
    CaseCounter,
    CaseDocument,
    CaseEvent,
    CaseReport,
    CaseStage,
    CaseStatus,
    CaseSubject,
)
from netral.core import audit, idempotency
from netral.core.errors import DomainError
from netral.core.tasks import enqueue_on_commit
from netral.reports.models import DeadlineRule, ElectionType, Report

if TYPE_CHECKING:
    from netral.accounts.models import User

OPENED = audit.register("cases.opened", _("Perkara dibuka"))
DOCUMENT_ADDED = audit.register("cases.document.added", _("Dokumen perkara ditambahkan"))
NOTE_ADDED = audit.register("cases.note.added", _("Catatan perkara ditambahkan"))
ASSIGNED = audit.register("cases.assigned", _("Petugas perkara ditetapkan"))
OVERDUE = audit.register("cases.overdue", _("Tahap perkara lewat tenggat"))
VIEWED = audit.register("cases.viewed", _("Perkara dibuka (dibaca)"))

SWEEP_BATCH = 2000


def _next_number(year: int) -> str:
    counter, _created = CaseCounter.objects.select_for_update().get_or_create(year=year)
    CaseCounter.objects.filter(pk=counter.pk).update(last=F("last") + 1)
    counter.refresh_from_db(fields=["last"])
    return f"PRK-{year}-{counter.last:06d}"


def case_open(
    *,
    reports: Sequence[Report],
    actor: User,
    title: str = "",
    election_type: str = "",
) -> Case:
    """Open one case from one or more reports/findings about one event (shared/domain.md
    §3.1–2). An anonymous tip alone opens an *informasi awal* (no reporting window); a
    finding's initial study runs within the finding window from its discovery; a report's
    within the verification limit from receipt. The reported persons become the case's
    subjects, linked to the registry when a handler matched them."""
    if not reports:
        raise DomainError(CaseError.NO_REPORTS)
    first = reports[0]
    kinds = {r.kind for r in reports}
    status = CaseStatus.INFORMASI if kinds == {Report.Kind.INFORMASI} else CaseStatus.INITIAL_STUDY
    election = election_type or (
        first.election_type
        if first.election_type != ElectionType.TIDAK_TAHU
        else ElectionType.PEMILU
    )
    now = timezone.now()
    today = timezone.localdate(now)
    with transaction.atomic():
        case = Case(
            number=_next_number(today.year),
            status=status,
            election_type=election,
            title=(title or first.description)[:300],
            summary=first.description,
            region=first.event_region,
            region_kode=first.region_kode,
            violation_type=first.violation_type,
            discovered_on=first.discovered_on if first.kind == Report.Kind.TEMUAN else None,
            created_by=actor,
        )
        if status == CaseStatus.INITIAL_STUDY:
            if first.kind == Report.Kind.TEMUAN:
                rule, start = DeadlineRule.Kind.TEMUAN_WINDOW, first.discovered_on or today
            else:
                rule, start = DeadlineRule.Kind.INITIAL_STUDY, timezone.localdate(first.received_at)
            case.stage_rule = rule
            case.stage_due_on = workflow.due_date(kind=rule, election_type=election, start=start)
        case.full_clean(exclude=["number", "region_kode"])
        case.save()
        try:
            with transaction.atomic():
                CaseReport.objects.bulk_create([CaseReport(case=case, report=r) for r in reports])
        except IntegrityError as exc:
            raise DomainError(CaseError.REPORT_IN_CASE) from exc
        seen: set[int] = set()
        for report in reports:
            for person in report.persons.select_related("pegawai"):
                pegawai = person.pegawai
                if pegawai is not None and pegawai.pk in seen:
                    continue
                if pegawai is not None:
                    seen.add(pegawai.pk)
                    if case.instansi_id is None:
                        case.instansi_id = pegawai.instansi_id
                elif case.instansi_id is None and person.instansi_id:
                    case.instansi_id = person.instansi_id
                CaseSubject.objects.create(
                    case=case,
                    pegawai=pegawai,
                    nama=pegawai.nama if pegawai else person.nama,
                    jenis_pegawai=pegawai.jenis_pegawai if pegawai else "PNS",
                    jabatan=pegawai.jabatan if pegawai else person.jabatan,
                )
        if case.instansi_id:
            case.save(update_fields=["instansi"])
        if case.stage_due_on:
            rule_row = workflow.rule_for(kind=case.stage_rule, election_type=election)
            CaseStage.objects.create(
                case=case,
                status=status,
                rule=case.stage_rule,
                responsible_role=workflow.RESPONSIBLE[status],
                started_on=start,
                due_on=case.stage_due_on,
                working_days=rule_row.working_days,
            )
        CaseEvent.objects.create(
            case=case,
            kind=CaseEvent.Kind.STATUS,
            transition="open",
            status=status,
            public_text=str(_("Laporan Anda sedang ditelaah awal oleh pengawas.")),
            actor=actor,
        )
        audit.record(
            actor=actor,
            action=OPENED,
            target=case,
            data={"reports": [r.intake_number for r in reports], "status": status},
        )
    return case


def case_viewed(*, case: Case, actor: User) -> None:
    """Record a read of a case (it names employees and the reporter's account: UU 27/2022
    PDP access logging), from the case page and the API detail."""
    audit.record(actor=actor, action=VIEWED, target=case)


def subject_set_type(*, subject: CaseSubject, jenis_pegawai: str, actor: User) -> CaseSubject:
    """Correct an unidentified subject's employee type (it decides the track)."""
    with transaction.atomic():
        old = subject.jenis_pegawai
        subject.jenis_pegawai = jenis_pegawai
        subject.full_clean()
        subject.save(update_fields=["jenis_pegawai", "updated_at"])
        audit.record(
            actor=actor,
            action=NOTE_ADDED,
            target=subject.case,
            data={"subject": subject.pk, "old": old, "new": jenis_pegawai},
        )
    return subject


@idempotency.idempotent("cases.document", CaseDocument)
def case_document_add(
    *,
    case: Case,
    kind: str,
    content: bytes,
    filename: str,
    actor: User,
    title: str = "",
    number: str = "",
    content_type: str = "application/pdf",
    idempotency_key: uuid.UUID | None = None,
) -> CaseDocument:
    """Keep a document (a signed scan or a generated letter) with its SHA-256; the stored
    name is random so no internal path or original file name reaches a document."""
    if not content:
        raise DomainError(CaseError.BAD_DOCUMENT)
    digest = hashlib.sha256(content).hexdigest()
    suffix = ".pdf" if content_type == "application/pdf" else ""
    with transaction.atomic():
        doc = CaseDocument(
            case=case,
            kind=kind,
            title=title or str(CaseDocument.Kind(kind).label),
            number=number,
            content_type=content_type,
            size=len(content),
            sha256=digest,
            uploaded_by=actor,
        )
        doc.full_clean(exclude=["file"])
        doc.file.save(f"{doc.public_id.hex}{suffix}", ContentFile(content), save=False)
        doc.save()
        CaseEvent.objects.create(
            case=case,
            kind=CaseEvent.Kind.DOCUMENT,
            text=f"{doc.title} {number}".strip(),
            actor=actor,
            data={"document": str(doc.public_id), "sha256": digest, "original_name": ""},
        )
        audit.record(
            actor=actor,
            action=DOCUMENT_ADDED,
            target=case,
            data={"kind": kind, "sha256": digest, "size": len(content)},
        )
    del filename  # never stored: file names can carry personal data or internal paths
    return doc


@idempotency.idempotent("cases.note", CaseEvent)
def case_note_add(
    *, case: Case, text: str, actor: User, idempotency_key: uuid.UUID | None = None
) -> CaseEvent:
    """An internal note on the timeline (never shown to the reporter)."""
    with transaction.atomic():
        event = CaseEvent(case=case, kind=CaseEvent.Kind.NOTE, text=text.strip(), actor=actor)
        event.full_clean()
        event.save()
        audit.record(actor=actor, action=NOTE_ADDED, target=case, data={"length": len(text)})
    return event


def case_assign(*, case: Case, officer: User, actor: User) -> Case:
    """Assign (or reassign) the officer handling the case."""
    with transaction.atomic():
        old = case.assigned_to_id
        Case.objects.filter(pk=case.pk).update(assigned_to=officer, updated_at=timezone.now())
        case.assigned_to = officer
        CaseEvent.objects.create(
            case=case,
            kind=CaseEvent.Kind.ASSIGNED,
            text=str(officer) if officer else "",
            actor=actor,
        )
        audit.record(
            actor=actor,
            action=ASSIGNED,
            target=case,
            data={"old": old, "new": officer.pk if officer else None},
        )
    return case


# -- the overdue sweep ------------------------------------------------------------------
def _sweep_batch(*, today: dt.date, now: dt.datetime, batch: int) -> list[int]:
    """Claim up to ``batch`` open stages past their due date and record their alerts."""
    with transaction.atomic():
        ids = list(
            CaseStage.objects.filter(
                completed_at__isnull=True, overdue_at__isnull=True, due_on__lt=today
            )
            .order_by("due_on", "id")
            .values_list("id", flat=True)[:batch]
        )
        if not ids:
            return []
        # Claim with a conditional UPDATE: a concurrent sweep claims disjoint rows.
        CaseStage.objects.filter(pk__in=ids, overdue_at__isnull=True).update(
            overdue_at=now, escalated_at=now
        )
        stages = list(
            CaseStage.objects.filter(pk__in=ids, overdue_at=now).values_list(
                "id", "case_id", "responsible_role", "rule", "status"
            )
        )
        alerts: list[CaseAlert] = []
        events: list[CaseEvent] = []
        ppk_cases: list[int] = []
        for stage_id, case_id, role, rule, status in stages:
            alerts.append(
                CaseAlert(
                    case_id=case_id, stage_id=stage_id, level=CaseAlert.Level.OVERDUE, role=role
                )
            )
            boss = workflow.SUPERVISOR.get(role)
            if boss:
                alerts.append(
                    CaseAlert(
                        case_id=case_id,
                        stage_id=stage_id,
                        level=CaseAlert.Level.ESCALATION,
                        role=boss,
                    )
                )
            events.append(
                CaseEvent(
                    case_id=case_id,
                    kind=CaseEvent.Kind.OVERDUE,
                    status=status,
                    text=str(_("Tahap ini melewati tenggat.")),
                    data={"rule": rule, "role": role, "escalated_to": boss or ""},
                )
            )
            if rule == DeadlineRule.Kind.PPK_FOLLOWUP:
                ppk_cases.append(case_id)
        CaseAlert.objects.bulk_create(alerts, ignore_conflicts=True)
        CaseEvent.objects.bulk_create(events)
        if ppk_cases:
            # Peraturan BKN 1/2023: the PPK ignored the recommendation; the employees'
            # HR data is blocked until the sanction is executed (shared/domain.md §3.7).
            Case.objects.filter(pk__in=ppk_cases, ppk_flagged_at__isnull=True).update(
                ppk_flagged_at=now
            )
            CaseSubject.objects.filter(
                case_id__in=ppk_cases, pegawai__isnull=False, blocked_at__isnull=True
            ).exclude(jenis_pegawai="NON_ASN").update(blocked_at=now)
        audit.record(
            actor=None,
            action=OVERDUE,
            data={"stages": len(stages), "ppk_flagged": len(ppk_cases), "day": today.isoformat()},
        )
        claimed = [s[0] for s in stages]
        enqueue_on_commit("netral.cases.tasks.notify_overdue", claimed)
    return claimed


def sweep_overdue(*, today: dt.date | None = None, batch: int = SWEEP_BATCH) -> int:
    """Mark every stage past its due date overdue once, notify the responsible role and
    escalate to its supervisor (house style §7: bounded batches, claimed by a conditional
    UPDATE, safe to rerun). Returns the number of stages marked by this run."""
    now = timezone.now()
    today = today or timezone.localdate(now)
    total = 0
    while True:
        claimed = _sweep_batch(today=today, now=now, batch=batch)
        total += len(claimed)
        if len(claimed) < batch:
            return total


def overdue_notify(*, stage_ids: Iterable[int]) -> int:
    """E-mail each user of an alerted role how many overdue cases in their scope wait on
    them (one message per user and sweep batch). Returns the number of messages sent."""
    from django.conf import settings
    from django.core.mail import EmailMessage, get_connection

    from netral.accounts.models import RoleAssignment
    from netral.cases.selectors import cases_visible_to

    alerts = CaseAlert.objects.filter(stage_id__in=list(stage_ids)).values_list("role", "case_id")
    by_role: dict[str, set[int]] = {}
    for role, case_id in alerts:
        by_role.setdefault(role, set()).add(case_id)
    messages = []
    for role, case_ids in by_role.items():
        for assignment in RoleAssignment.objects.filter(role=role).select_related("user"):
            user = assignment.user
            if not user.email or not user.is_active:
                continue
            count = cases_visible_to(user=user).filter(pk__in=case_ids).count()
            if not count:
                continue
            body = _(
                "%(count)d perkara di lingkup Anda melewati tenggat tahapnya. "
                "Buka daftar perkara di Netral untuk menindaklanjutinya."
            ) % {"count": count}
            messages.append(
                EmailMessage(
                    str(_("Perkara lewat tenggat")),
                    str(body),
                    settings.DEFAULT_FROM_EMAIL,
                    [user.email],
                )
            )
    if messages:
        get_connection().send_messages(messages)
    return len(messages)
