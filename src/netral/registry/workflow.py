"""The import-job state machine (house style §4), on the core engine.

VALIDATING → VALID | INVALID (background preview), VALID → APPLYING (the owner confirms;
the conditional UPDATE means a double submit cannot import twice), APPLYING → APPLIED |
INVALID (validated again inside the write transaction); VALIDATING or APPLYING → FAILED
when the background step crashes.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from netral.core import audit
from netral.core.errors import CoreError
from netral.core.workflow import Transition, TransitionContext, Workflow
from netral.registry.models import ImportJob

Status = ImportJob.Status

IMPORT_JOB_CHANGED = audit.register("registry.import.status", _("Status impor pegawai diubah"))


def _is_owner(job: ImportJob, ctx: TransitionContext) -> CoreError | None:
    actor = ctx.actor
    return None if actor is not None and job.owner_id == actor.pk else CoreError.NOT_ALLOWED


TRANSITIONS: tuple[Transition, ...] = (
    Transition(name="valid", source=(Status.VALIDATING,), target=Status.VALID, system=True),
    Transition(
        name="invalid",
        source=(Status.VALIDATING, Status.APPLYING),
        target=Status.INVALID,
        system=True,
    ),
    Transition(
        name="confirm",
        source=(Status.VALID,),
        target=Status.APPLYING,
        guard=_is_owner,
        label=_("Impor sekarang"),
    ),
    Transition(name="applied", source=(Status.APPLYING,), target=Status.APPLIED, system=True),
    Transition(
        name="fail",
        source=(Status.VALIDATING, Status.APPLYING),
        target=Status.FAILED,
        system=True,
    ),
)

WORKFLOW = Workflow(
    name="registry.import",
    model=ImportJob,
    transitions=TRANSITIONS,
    audit_action=IMPORT_JOB_CHANGED,
)
