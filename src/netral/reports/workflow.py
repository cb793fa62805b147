"""The report state machine (house style §4): received → triaged.

The cases app adds the later steps (registration, study, recommendation; shared/domain.md
§3.2–7). One entry point, ``transition``; the change is a conditional UPDATE so two
handlers cannot both move the same report, and the timeline event and audit entry are
written in the same transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from netral.accounts import authz
from netral.accounts.roles import Perm
from netral.core import audit
from netral.reports.errors import InvalidTransition, ReportError
from netral.reports.models import Report, ReportEvent

Status = Report.Status

TRANSITIONED = audit.register("reports.status.changed", _("Status laporan diubah"))


@dataclass(frozen=True)
class Transition:
    source: str
    target: str
    perm: str
    # Shown to the reporter on the public timeline.
    public_text: Any


TRANSITIONS: dict[tuple[str, str], Transition] = {
    (Status.RECEIVED, Status.TRIAGED): Transition(
        Status.RECEIVED,
        Status.TRIAGED,
        Perm.REPORT_HANDLE,
        _("Laporan Anda telah ditelaah awal oleh petugas."),
    ),
}


def allowed_targets(*, report: Report, user: Any) -> list[str]:
    return [
        t.target
        for (src, _tgt), t in TRANSITIONS.items()
        if src == report.status and authz.has_perm(user, t.perm)
    ]


@transaction.atomic
def transition(*, report: Report, to: str, actor: Any, note: str = "") -> Report:
    """Move ``report`` to ``to``. Raises ``InvalidTransition`` (code ``invalid_transition``,
    ``not_allowed`` or ``stale_state``) instead of changing anything.

    Perbawaslu 7/2022: the initial study (*kajian awal*) of formal and material
    requirements precedes registration; see shared/domain.md §3.2."""
    rule = TRANSITIONS.get((report.status, to))
    if rule is None:
        raise InvalidTransition(ReportError.INVALID_TRANSITION)
    if not authz.has_perm(actor, rule.perm):
        raise InvalidTransition(ReportError.NOT_ALLOWED)
    changed = Report.objects.filter(pk=report.pk, status=rule.source).update(
        status=rule.target, updated_at=timezone.now()
    )
    if changed != 1:
        # Another handler got there first.
        raise InvalidTransition(ReportError.STALE_STATE)
    old = report.status
    report.status = rule.target
    ReportEvent.objects.create(
        report=report,
        kind=ReportEvent.Kind.STATUS,
        status=rule.target,
        is_public=True,
        text=str(rule.public_text),
        actor=actor,
    )
    if note:
        ReportEvent.objects.create(
            report=report, kind=ReportEvent.Kind.NOTE, text=note, actor=actor
        )
    audit.record(
        actor=actor,
        action=TRANSITIONED,
        target=report,
        data={"old": old, "new": rule.target},
    )
    return report
