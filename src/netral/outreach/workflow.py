"""Circular states (house style §4): DRAFT → PUBLISHED → WITHDRAWN.

Publishing puts the circular on every addressee's page and e-mails them after commit;
withdrawing (*dicabut*) keeps the acknowledgements already given but takes no new ones.
Every change is the engine's conditional UPDATE, audited in the same transaction.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext_lazy as _

from netral.core import audit
from netral.core.tasks import enqueue_on_commit
from netral.core.workflow import Transition, TransitionContext, Workflow
from netral.outreach.errors import InvalidTransition, OutreachError
from netral.outreach.models import Circular, Event

if TYPE_CHECKING:
    from netral.accounts.models import User

CIRCULAR_PUBLISHED = audit.register("outreach.circular.published", _("Edaran diterbitkan"))
CIRCULAR_WITHDRAWN = audit.register("outreach.circular.withdrawn", _("Edaran dicabut"))


def _has_content(circular: Circular, ctx: TransitionContext) -> OutreachError | None:
    if not (circular.isi.strip() or circular.berkas):
        return OutreachError.NO_CONTENT
    from netral.outreach import selectors

    if not selectors.circular_addressees(circular).exists():
        return OutreachError.EMPTY_AUDIENCE
    return None


def _updates(circular: Circular, ctx: TransitionContext) -> dict[str, Any]:
    return {"published_at": ctx.now} if ctx.transition.name == "publish" else {}


# OUTREACH_MANAGE is checked by the caller's selector (circular_get_for_user with that
# permission), which also scopes the circular to the actor's agency.
CIRCULAR_TRANSITIONS: tuple[Transition, ...] = (
    Transition(
        name="publish",
        source=(Circular.Status.DRAFT,),
        target=Circular.Status.PUBLISHED,
        guard=_has_content,
        audit_action=CIRCULAR_PUBLISHED,
        label=_("Terbitkan"),
    ),
    Transition(
        name="withdraw",
        source=(Circular.Status.PUBLISHED,),
        target=Circular.Status.WITHDRAWN,
        audit_action=CIRCULAR_WITHDRAWN,
        label=_("Cabut edaran"),
    ),
)

CIRCULAR_WORKFLOW = Workflow(
    name="outreach.circular",
    model=Circular,
    transitions=CIRCULAR_TRANSITIONS,
    updates=_updates,
    error_class=InvalidTransition,
    error_codes=OutreachError,
)


def circular_transition(
    *, circular: Circular, name: str, actor: User | None, notify: bool = True
) -> Circular:
    """Publish or withdraw ``circular``. Publishing e-mails every addressee with an
    address once the transaction commits (``outreach.tasks.send_circular``); the demo
    seed passes ``notify=False`` so that no mail leaves for made-up addresses."""
    CIRCULAR_WORKFLOW.apply(circular, name, actor=actor)
    if name == "publish" and notify:
        enqueue_on_commit("netral.outreach.tasks.send_circular", circular_id=circular.pk)
    return circular


# --- events: DRAFT → PUBLISHED → CLOSED, or CANCELLED before it is held ---------------------

EVENT_PUBLISHED = audit.register("outreach.event.published", _("Kegiatan sosialisasi diumumkan"))
EVENT_CLOSED = audit.register("outreach.event.closed", _("Daftar hadir kegiatan ditutup"))
EVENT_CANCELLED = audit.register("outreach.event.cancelled", _("Kegiatan sosialisasi dibatalkan"))


def _has_invitees(event: Event, ctx: TransitionContext) -> OutreachError | None:
    from netral.outreach import selectors

    return None if selectors.event_invitees(event).exists() else OutreachError.EMPTY_AUDIENCE


EVENT_TRANSITIONS: tuple[Transition, ...] = (
    Transition(
        name="publish",
        source=(Event.Status.DRAFT,),
        target=Event.Status.PUBLISHED,
        guard=_has_invitees,
        audit_action=EVENT_PUBLISHED,
        label=_("Umumkan dan undang"),
    ),
    Transition(
        name="close",
        source=(Event.Status.PUBLISHED,),
        target=Event.Status.CLOSED,
        audit_action=EVENT_CLOSED,
        label=_("Tutup daftar hadir"),
    ),
    Transition(
        name="cancel",
        source=(Event.Status.DRAFT, Event.Status.PUBLISHED),
        target=Event.Status.CANCELLED,
        audit_action=EVENT_CANCELLED,
        label=_("Batalkan kegiatan"),
    ),
)

EVENT_WORKFLOW = Workflow(
    name="outreach.event",
    model=Event,
    transitions=EVENT_TRANSITIONS,
    error_class=InvalidTransition,
    error_codes=OutreachError,
)


def event_transition(*, event: Event, name: str, actor: User | None, notify: bool = True) -> Event:
    """Announce, close or cancel ``event``. Announcing e-mails the invitation to every
    invitee with an address after commit (``outreach.tasks.send_event_invitation``)."""
    EVENT_WORKFLOW.apply(event, name, actor=actor)
    if name == "publish" and notify:
        enqueue_on_commit("netral.outreach.tasks.send_event_invitation", event_id=event.pk)
    return event
