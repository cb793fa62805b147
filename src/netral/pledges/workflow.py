"""Campaign and stage state machines (house style §4).

Campaign: DRAFT → ACTIVE → CLOSED. Signature: LIVE → VOID (``services.signature_void``
appends the VOID ledger entry, the transition writes it to the row). Stage: PLANNED → OPEN, opened by an administrator,
on its date, or automatically when the previous stage's signed share reaches the
stage's threshold (shared/domain.md §4: heads of OPD sign first, then the rest *secara
berjenjang*). Every change is a conditional UPDATE checked to touch exactly one row,
then audited in the same transaction; an illegal move raises ``InvalidTransition``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from netral.accounts.models import User
from netral.core import audit
from netral.core.errors import CoreError
from netral.core.workflow import Transition, TransitionContext, Workflow
from netral.pledges.errors import InvalidTransition, PledgeError
from netral.pledges.models import Campaign, Signature, Stage

CAMPAIGN_ACTIVATED = audit.register("pledges.campaign.activated", _("Kampanye ikrar dimulai"))
CAMPAIGN_CLOSED = audit.register("pledges.campaign.closed", _("Kampanye ikrar ditutup"))
CAMPAIGN_REOPENED = audit.register("pledges.campaign.reopened", _("Kampanye ikrar dibuka kembali"))
STAGE_OPENED = audit.register("pledges.stage.opened", _("Tahap penandatanganan dibuka"))
SIGNATURE_VOIDED = audit.register("pledges.signature.voided", _("Tanda tangan pakta dibatalkan"))


def _has_stages(campaign: Campaign, ctx: TransitionContext) -> PledgeError | None:
    return None if campaign.stages.exists() else PledgeError.CAMPAIGN_HAS_NO_STAGES


# PLEDGE_MANAGE is checked by the caller's selector (campaigns_managed_by), which also
# scopes the campaign to the actor's units.
CAMPAIGN_TRANSITIONS: tuple[Transition, ...] = (
    Transition(
        name="activate",
        source=(Campaign.Status.DRAFT,),
        target=Campaign.Status.ACTIVE,
        guard=_has_stages,
        audit_action=CAMPAIGN_ACTIVATED,
        label=_("Mulai kampanye"),
    ),
    Transition(
        name="close",
        source=(Campaign.Status.ACTIVE,),
        target=Campaign.Status.CLOSED,
        audit_action=CAMPAIGN_CLOSED,
        label=_("Tutup kampanye"),
    ),
    # Issue 11 item 6: a campaign closed by mistake (or too early) is reopened by the
    # agency's HR admin, with a reason in the audit entry.
    Transition(
        name="reopen",
        source=(Campaign.Status.CLOSED,),
        target=Campaign.Status.ACTIVE,
        required_fields=("reason",),
        audit_action=CAMPAIGN_REOPENED,
        label=_("Buka kembali kampanye"),
    ),
)

# The error a refused move reports when the campaign is not in the move's source state.
_NOT_IN_SOURCE = {
    Campaign.Status.ACTIVE: PledgeError.CAMPAIGN_NOT_DRAFT,
    Campaign.Status.CLOSED: PledgeError.CAMPAIGN_NOT_ACTIVE,
}

CAMPAIGN_WORKFLOW = Workflow(
    name="pledges.campaign",
    model=Campaign,
    transitions=CAMPAIGN_TRANSITIONS,
    error_class=InvalidTransition,
    error_codes=PledgeError,
)


def _campaign_active(stage: Stage, ctx: TransitionContext) -> PledgeError | None:
    active = Campaign.objects.filter(pk=stage.campaign_id, status=Campaign.Status.ACTIVE)
    return None if active.exists() else PledgeError.CAMPAIGN_NOT_ACTIVE


def _stage_updates(stage: Stage, ctx: TransitionContext) -> dict[str, Any]:
    return {"opened_at": ctx.now}


STAGE_TRANSITIONS: tuple[Transition, ...] = (
    # Opened by an administrator, on its date, or at the previous stage's threshold
    # (``stages_open_due``); the reason goes to the audit entry.
    Transition(
        name="open",
        source=(Stage.Status.PLANNED,),
        target=Stage.Status.OPEN,
        guard=_campaign_active,
        audit_action=STAGE_OPENED,
        label=_("Buka tahap"),
    ),
)

STAGE_WORKFLOW = Workflow(
    name="pledges.stage",
    model=Stage,
    transitions=STAGE_TRANSITIONS,
    updates=_stage_updates,
    error_class=InvalidTransition,
    error_codes=PledgeError,
)

# PLEDGE_MANAGE (or the signature's scope) is checked by the caller's selector.
SIGNATURE_TRANSITIONS: tuple[Transition, ...] = (
    Transition(
        name="void",
        source=(Signature.Status.LIVE,),
        target=Signature.Status.VOID,
        required_fields=("void_entry", "reason"),
        audit_action=SIGNATURE_VOIDED,
        label=_("Batalkan tanda tangan"),
    ),
)

SIGNATURE_WORKFLOW = Workflow(
    name="pledges.signature",
    model=Signature,
    transitions=SIGNATURE_TRANSITIONS,
    error_class=InvalidTransition,
    error_codes=PledgeError,
)

_LOST = {CoreError.INVALID_TRANSITION.value, CoreError.STALE_STATE.value}


def campaign_transition(*, campaign: Campaign, to: str, actor: User) -> Campaign:
    """Move a campaign to ``to``. Activating needs at least one stage (guard) and then
    opens every stage already due. PLEDGE_MANAGE is checked by the caller's selector.
    Reopening a closed campaign is ``campaign_reopen`` (it needs a reason)."""
    if to not in _NOT_IN_SOURCE:
        raise InvalidTransition(PledgeError.STALE_STATE)
    name = "activate" if to == Campaign.Status.ACTIVE else "close"
    try:
        CAMPAIGN_WORKFLOW.apply(campaign, name, actor=actor, audit_data={"from": campaign.status})
    except InvalidTransition as exc:
        if exc.code_value in _LOST:
            raise InvalidTransition(_NOT_IN_SOURCE[Campaign.Status(to)]) from exc
        raise
    if to == Campaign.Status.ACTIVE:
        stages_open_due(campaign_id=campaign.pk)
    return campaign


def campaign_reopen(*, campaign: Campaign, actor: User, reason: str) -> Campaign:
    """Reopen a closed campaign (issue 11 item 6): signing resumes in the open stages,
    and stages whose date came meanwhile open. PLEDGE_MANAGE (HR admin of the agency)
    is checked by the caller's selector; the reason goes to the audit entry."""
    reason = " ".join(reason.split())
    try:
        CAMPAIGN_WORKFLOW.apply(
            campaign,
            "reopen",
            actor=actor,
            fields={"reason": reason},
            audit_data={"from": campaign.status, "reason": reason},
        )
    except InvalidTransition as exc:
        if exc.code_value in _LOST:
            raise InvalidTransition(PledgeError.CAMPAIGN_NOT_CLOSED) from exc
        raise
    stages_open_due(campaign_id=campaign.pk)
    return campaign


def stage_open(*, stage: Stage, actor: User | None, reason: str = "manual") -> bool:
    """Open a planned stage of an active campaign. Returns False when another process
    opened it first (the conditional UPDATE touched nothing); that is not an error for
    the automatic paths, which call this concurrently."""
    try:
        STAGE_WORKFLOW.apply(
            stage, "open", actor=actor, audit_data={"order": stage.order, "reason": reason}
        )
    except InvalidTransition as exc:
        if exc.code_value in _LOST:
            return False
        raise
    return True


def stage_open_manual(*, stage: Stage, actor: User) -> Stage:
    if not stage_open(stage=stage, actor=actor, reason="manual"):
        raise InvalidTransition(PledgeError.STAGE_ALREADY_OPEN)
    return stage


def recount_needed(*, stage: Stage, signed_seq: int) -> bool:
    """Whether a signature appended at ledger ``signed_seq`` could have brought the
    threshold ``stage`` to its threshold (see ``stages_open_due``). ``stage`` may be a
    stale copy: an older ``recount_at_seq`` is lower, so it only causes an extra count."""
    return stage.recount_at_seq is None or signed_seq >= stage.recount_at_seq


def stages_open_due(
    *,
    campaign_id: int,
    today: dt.date | None = None,
    after_signature: bool = False,
    dates_only: bool = False,
    signed_seq: int | None = None,
) -> list[Stage]:
    """Open every planned stage of an active campaign whose rule is met: its date has
    come, or the previous stage reached its threshold. Idempotent and safe to run
    concurrently (after each signature commit, and from the ``pledges_sweep`` command);
    stages are checked in order, so one opening can cascade to the next.

    Counting a large stage's audience after every signature is the expensive part, so a
    count that falls short stores on the stage the ledger ``seq`` before which the
    threshold cannot be met: the ledger head ``H`` is read *before* counting, so every
    signature the count missed has ``seq > H``, and at least ``needed - signed`` of them
    must come, each with its own ``seq``. A signature whose entry has a lower ``seq``
    (``after_signature`` with ``signed_seq``; ``pact_sign`` checks the same before it
    even schedules this) skips the count. Conservative: voids, other ledger entries and
    new employees only make the count come earlier or need more. Quirk: an audience
    that *shrinks* (employees deactivated) can make the threshold met earlier than the
    stored ``seq``; the periodic sweep, which always counts, opens the stage then.
    ``dates_only`` (page views) leaves thresholds alone.

    Issue 15: "seq" here is the position in the campaign's agency log (``LedgerEntry.
    position``; the log row's ``size`` is its head). Appends of one agency are serialised
    on that log's lock, so the argument holds per agency; other agencies' signatures
    cannot count toward this campaign.
    """
    from netral.pledges.models import LedgerLog
    from netral.pledges.selectors import stage_signed_share

    today = today or timezone.localdate()
    stages = {
        s.order: s
        for s in Stage.objects.filter(
            campaign_id=campaign_id, campaign__status=Campaign.Status.ACTIVE
        ).select_related("unit", "campaign")
    }
    planned = [s for _o, s in sorted(stages.items()) if s.status == Stage.Status.PLANNED]
    opened = []
    for stage in planned:
        stage = stages[stage.order]
        if stage.open_rule == Stage.OpenRule.DATE:
            due = stage.opens_on is not None and stage.opens_on <= today
            reason = "date"
        else:
            previous = max((o for o in stages if o < stage.order), default=None)
            if dates_only or previous is None or stages[previous].status != Stage.Status.OPEN:
                continue
            if (
                after_signature
                and signed_seq is not None
                and not recount_needed(stage=stage, signed_seq=signed_seq)
            ):
                continue
            head = (
                LedgerLog.objects.filter(instansi_id=stage.campaign.instansi_id)
                .values_list("size", flat=True)
                .first()
                or 0
            )
            signed, total = stage_signed_share(stages[previous])
            needed = -(-(stage.threshold_percent or 0) * total // 100)  # ceil
            due = total > 0 and signed >= needed
            if not due:
                recount_at = head + max(needed - signed, 1)
                Stage.objects.filter(pk=stage.pk).update(recount_at_seq=recount_at)
                stage.recount_at_seq = recount_at
            reason = "threshold"
        if due and stage_open(stage=stage, actor=None, reason=reason):
            opened.append(stage)
    return opened


def sweep(*, today: dt.date | None = None, batch: int = 500) -> int:
    """The periodic sweep: check every active campaign that still has planned stages
    (bounded batch; each opening is a conditional UPDATE, so reruns are harmless)."""
    ids = list(
        Campaign.objects.filter(status=Campaign.Status.ACTIVE, stages__status=Stage.Status.PLANNED)
        .values_list("pk", flat=True)
        .distinct()
        .order_by("pk")[:batch]
    )
    return sum(len(stages_open_due(campaign_id=pk, today=today)) for pk in ids)
