"""The report state machine (house style §4): received → triaged, on the core engine.

The cases app adds the later steps (registration, study, recommendation; shared/domain.md
§3.2–7). This module only declares the table; ``netral.core.workflow`` does the
conditional UPDATE (two handlers cannot both move the same report), the one-row check, and
writes the timeline event and audit entry in the same transaction.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from netral.accounts import authz
from netral.accounts.models import User
from netral.accounts.roles import Perm
from netral.core import audit
from netral.core.workflow import Transition, TransitionContext, Workflow
from netral.reports.errors import InvalidTransition, ReportError
from netral.reports.models import Report, ReportEvent

Status = Report.Status

TRANSITIONED = audit.register("reports.status.changed", _("Status laporan diubah"))

TRANSITIONS: tuple[Transition, ...] = (
    Transition(
        name="triage",
        source=(Status.RECEIVED,),
        target=Status.TRIAGED,
        permission=Perm.REPORT_HANDLE,
        # Shown to the reporter on the public timeline.
        public_text=_("Laporan Anda telah ditelaah awal oleh petugas."),
        label=_("Telaah awal selesai"),
    ),
)


def _permitted(actor: User | None, t: Transition, obj: object) -> bool:
    return t.permission is not None and authz.has_perm(actor, t.permission)


def _write_event(report: Report, ctx: TransitionContext) -> None:
    ReportEvent.objects.create(
        report=report,
        kind=ReportEvent.Kind.STATUS,
        status=ctx.transition.target,
        is_public=True,
        text=str(ctx.transition.public_text),
        actor=ctx.actor,
    )
    if ctx.note:
        ReportEvent.objects.create(
            report=report, kind=ReportEvent.Kind.NOTE, text=ctx.note, actor=ctx.actor
        )


WORKFLOW = Workflow(
    name="reports",
    model=Report,
    transitions=TRANSITIONS,
    permission_check=_permitted,
    audit_action=TRANSITIONED,
    write_event=_write_event,
    error_class=InvalidTransition,
    error_codes=ReportError,
)


def allowed_targets(*, report: Report, user: User) -> list[str]:
    return [t.target for t in WORKFLOW.available(report, user)]


def transition(*, report: Report, to: str, actor: User, note: str = "") -> Report:
    """Move ``report`` to ``to``. Raises ``InvalidTransition`` (code ``invalid_transition``,
    ``not_allowed`` or ``stale_state``) instead of changing anything.

    Perbawaslu 7/2022: the initial study (*kajian awal*) of formal and material
    requirements precedes registration; see shared/domain.md §3.2."""
    result: Report = WORKFLOW.apply(report, to, actor=actor, note=note)
    return result
