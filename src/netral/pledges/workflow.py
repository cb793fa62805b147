"""Campaign and stage state machines (house style §4).

Campaign: DRAFT → ACTIVE → CLOSED. Stage: PLANNED → OPEN, opened by an administrator,
on its date, or automatically when the previous stage's signed share reaches the
stage's threshold (shared/domain.md §4: heads of OPD sign first, then the rest *secara
berjenjang*). Every change is a conditional UPDATE checked to touch exactly one row,
then audited in the same transaction; an illegal move raises ``InvalidTransition``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from netral.core import audit
from netral.pledges.errors import InvalidTransition, PledgeError
from netral.pledges.models import Campaign, Stage

CAMPAIGN_ACTIVATED = audit.register("pledges.campaign.activated", _("Kampanye ikrar dimulai"))
CAMPAIGN_CLOSED = audit.register("pledges.campaign.closed", _("Kampanye ikrar ditutup"))
STAGE_OPENED = audit.register("pledges.stage.opened", _("Tahap penandatanganan dibuka"))


@dataclass(frozen=True)
class CampaignMove:
    source: str
    target: str
    action: str
    error: PledgeError


CAMPAIGN_TRANSITIONS: dict[str, CampaignMove] = {
    Campaign.Status.ACTIVE: CampaignMove(
        Campaign.Status.DRAFT,
        Campaign.Status.ACTIVE,
        CAMPAIGN_ACTIVATED,
        PledgeError.CAMPAIGN_NOT_DRAFT,
    ),
    Campaign.Status.CLOSED: CampaignMove(
        Campaign.Status.ACTIVE,
        Campaign.Status.CLOSED,
        CAMPAIGN_CLOSED,
        PledgeError.CAMPAIGN_NOT_ACTIVE,
    ),
}


def campaign_transition(*, campaign: Campaign, to: str, actor: Any) -> Campaign:
    """Move a campaign to ``to``. Activating needs at least one stage (guard) and then
    opens every stage already due. PLEDGE_MANAGE is checked by the caller's selector."""
    move = CAMPAIGN_TRANSITIONS.get(to)
    if move is None:
        raise InvalidTransition(PledgeError.STALE_STATE)
    with transaction.atomic():
        if to == Campaign.Status.ACTIVE and not campaign.stages.exists():
            raise InvalidTransition(PledgeError.CAMPAIGN_HAS_NO_STAGES)
        updated = Campaign.objects.filter(pk=campaign.pk, status=move.source).update(
            status=move.target, updated_at=timezone.now()
        )
        if updated != 1:
            raise InvalidTransition(move.error)
        campaign.status = move.target
        audit.record(
            actor=actor, action=move.action, target=campaign, data={"from": move.source, "to": to}
        )
    if to == Campaign.Status.ACTIVE:
        stages_open_due(campaign_id=campaign.pk)
    return campaign


def stage_open(*, stage: Stage, actor: Any, reason: str = "manual") -> bool:
    """Open a planned stage of an active campaign. Returns False when another process
    opened it first (the conditional UPDATE touched nothing); that is not an error for
    the automatic paths, which call this concurrently."""
    with transaction.atomic():
        if not Campaign.objects.filter(
            pk=stage.campaign_id, status=Campaign.Status.ACTIVE
        ).exists():
            raise InvalidTransition(PledgeError.CAMPAIGN_NOT_ACTIVE)
        now = timezone.now()
        updated = Stage.objects.filter(pk=stage.pk, status=Stage.Status.PLANNED).update(
            status=Stage.Status.OPEN, opened_at=now, updated_at=now
        )
        if updated != 1:
            return False
        stage.status, stage.opened_at = Stage.Status.OPEN, now
        audit.record(
            actor=actor,
            action=STAGE_OPENED,
            target=stage,
            data={"order": stage.order, "reason": reason},
        )
    return True


def stage_open_manual(*, stage: Stage, actor: Any) -> Stage:
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
    """
    from netral.pledges.models import LedgerHead
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
            head = LedgerHead.objects.filter(pk=1).values_list("seq", flat=True).first() or 0
            signed, total = stage_signed_share(stages[previous])
            needed = -(-stage.threshold_percent * total // 100)  # ceil
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
