"""The one workflow engine (house style §4). Each app's ``workflow.py`` declares its states
(a ``TextChoices`` on the model), a table of ``Transition`` rows and one ``Workflow``; this
module does the mechanics once:

* look the transition up from the object's *current* state (by name, or by target state
  when exactly one transition leads there);
* check the actor's permission (a callable injected by the app, since ``core`` imports no
  domain app), the guard, the required fields and the required documents;
* apply the change as a conditional UPDATE (``filter(pk=…, <state>=current).update(...)``)
  and insist that exactly one row changed, so two handlers can never both move one record;
* write the app's timeline event and the audit entry in the same transaction, and run
  ``on_commit`` hooks (notifications, tasks) only once it commits.

Why not a library: django-fsm-2 declares transitions as decorated model methods (the table
ends up spread over the model) and its ``ConcurrentTransitionMixin`` guards a full
``save()``, not one column; viewflow's FSM and python-statemachine keep the table explicit
but know nothing of Django rows, so the conditional UPDATE, the one-row check, the event and
the audit entry would still be ours. A small engine keeps each table a plain literal in one
module, which is what the house style asks for.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import models, transaction
from django.utils import timezone

from netral.core import audit
from netral.core.errors import CoreError, InvalidTransition

# (obj, transition, context) -> an error code (TextChoices member or str) when the step is
# not possible now, else None.
Guard = Callable[[Any, "TransitionContext"], Any]


@dataclass(frozen=True)
class Transition:
    """One row of a transition table.

    ``permission`` is a permission code checked by the workflow's ``permission_check``;
    ``roles`` optionally narrows the step to some roles (also checked there).
    ``required_fields`` name keys that must be non-empty in ``fields`` given to ``apply``
    (falling back to the object's attribute of that name); ``required_documents`` name
    document kinds that ``documents_present(obj)`` must report. ``deadline`` is the key of
    the deadline rule that starts when the target state is entered (the app's
    ``updates`` hook computes the due date). ``public_text`` is what a reporter may read.
    """

    name: str
    source: tuple[str, ...]
    target: str
    permission: str | None = None
    roles: tuple[str, ...] = ()
    guard: Guard | None = None
    required_fields: tuple[str, ...] = ()
    required_documents: tuple[str, ...] = ()
    deadline: str | None = None
    public_text: Any = ""
    label: Any = ""
    audit_action: str | None = None
    # Internal steps (sweeps, system moves) taken by the system, never offered in the UI.
    system: bool = False

    def __post_init__(self) -> None:
        if isinstance(self.source, str):
            object.__setattr__(self, "source", (self.source,))


@dataclass
class TransitionContext:
    """What a guard and the hooks see about the step being taken."""

    actor: Any
    transition: Transition
    old_state: str
    note: str = ""
    fields: dict[str, Any] = field(default_factory=dict)
    # False when ``available`` asks before any form was filled in: a guard that a field can
    # satisfy must then let the step be offered (the form asks for that field).
    fields_known: bool = True
    now: dt.datetime = field(default_factory=timezone.now)
    # Filled by ``apply``: the column values written by the conditional UPDATE.
    updates: dict[str, Any] = field(default_factory=dict)


PermissionCheck = Callable[[Any, Transition, Any], bool]
Hook = Callable[[Any, TransitionContext], None]
UpdatesHook = Callable[[Any, TransitionContext], Mapping[str, Any]]
DocumentsPresent = Callable[[Any], Iterable[str]]


class Workflow:
    """A state machine over one model's state column. See the module docstring."""

    def __init__(
        self,
        *,
        name: str,
        model: type[models.Model],
        transitions: Sequence[Transition],
        state_field: str = "status",
        permission_check: PermissionCheck | None = None,
        audit_action: str | None = None,
        write_event: Hook | None = None,
        updates: UpdatesHook | None = None,
        documents_present: DocumentsPresent | None = None,
        after_apply: Hook | None = None,
        on_commit: Hook | None = None,
        error_class: type[InvalidTransition] = InvalidTransition,
        error_codes: type[models.TextChoices] | None = None,
    ) -> None:
        self.name = name
        self.model = model
        self.state_field = state_field
        self.transitions = tuple(transitions)
        self.permission_check = permission_check
        self.audit_action = audit_action
        self.write_event = write_event
        self.updates = updates
        self.documents_present = documents_present
        self.after_apply = after_apply
        self.on_commit = on_commit
        # An app raises its own ``InvalidTransition`` subclass, and the core codes are
        # mapped onto the app's enum where it has a member of the same value (its labels
        # may be more specific, e.g. "Status laporan sudah diubah…").
        self.error_class = error_class
        self.error_codes = error_codes
        self._validate()

    def error(self, code: Any, **params: Any) -> InvalidTransition:
        """The exception to raise for ``code`` (see ``error_class``/``error_codes``)."""
        if self.error_codes is not None:
            value = str(getattr(code, "value", code))
            if value in self.error_codes.values:
                code = self.error_codes(value)
        return self.error_class(code, **params)

    # -- the table -------------------------------------------------------------------
    @property
    def states(self) -> frozenset[str]:
        choices = getattr(self.model._meta.get_field(self.state_field), "choices", None) or ()
        return frozenset(str(value) for value, _label in choices)

    def _validate(self) -> None:
        states = self.states
        seen: set[tuple[str, str]] = set()
        for t in self.transitions:
            for state in (*t.source, t.target):
                if states and state not in states:
                    raise ValueError(f"{self.name}: {t.name}: unknown state {state!r}")
            for src in t.source:
                if (src, t.name) in seen:
                    raise ValueError(f"{self.name}: transition {t.name!r} twice from {src!r}")
                seen.add((src, t.name))
            if (t.permission or t.roles) and self.permission_check is None:
                raise ValueError(f"{self.name}: {t.name} needs a permission_check")
            if t.required_documents and self.documents_present is None:
                raise ValueError(f"{self.name}: {t.name} needs documents_present")
            if not (t.audit_action or self.audit_action):
                raise ValueError(f"{self.name}: {t.name} has no audit action")

    def outgoing(self, state: str) -> list[Transition]:
        return [t for t in self.transitions if state in t.source]

    def targets(self, state: str) -> set[str]:
        return {t.target for t in self.outgoing(state)}

    def state_of(self, obj: Any) -> str:
        return str(getattr(obj, self.state_field))

    def find(self, obj: Any, name_or_target: str) -> Transition:
        """The transition called ``name_or_target`` from ``obj``'s state, else the one
        transition leading to that target state. Raises ``InvalidTransition``."""
        state = self.state_of(obj)
        out = self.outgoing(state)
        for t in out:
            if t.name == name_or_target:
                return t
        to_target = [t for t in out if t.target == name_or_target]
        if len(to_target) == 1:
            return to_target[0]
        raise self.error(CoreError.INVALID_TRANSITION, transition=name_or_target)

    # -- checks ----------------------------------------------------------------------
    def is_permitted(self, obj: Any, t: Transition, actor: Any) -> bool:
        if not (t.permission or t.roles):
            return True
        assert self.permission_check is not None
        return bool(self.permission_check(actor, t, obj))

    def _missing_fields(self, obj: Any, t: Transition, fields: Mapping[str, Any]) -> list[str]:
        missing = []
        for name in t.required_fields:
            value = fields.get(name, getattr(obj, name, None))
            if value is None or (isinstance(value, str) and not value.strip()) or value == []:
                missing.append(name)
        return missing

    def _missing_documents(self, obj: Any, t: Transition) -> list[str]:
        if not t.required_documents:
            return []
        assert self.documents_present is not None
        present = set(self.documents_present(obj))
        return [d for d in t.required_documents if d not in present]

    def check(
        self,
        obj: Any,
        t: Transition,
        *,
        actor: Any,
        fields: Mapping[str, Any] | None = None,
        context: TransitionContext | None = None,
    ) -> None:
        """Raise ``InvalidTransition`` (with a code and params) unless ``actor`` may take
        ``t`` on ``obj`` now. Order: state, permission, fields, documents, guard."""
        fields = dict(fields or {})
        if self.state_of(obj) not in t.source:
            raise self.error(CoreError.INVALID_TRANSITION, transition=t.name)
        if not self.is_permitted(obj, t, actor):
            raise self.error(CoreError.NOT_ALLOWED, transition=t.name)
        if missing := self._missing_fields(obj, t, fields):
            raise self.error(CoreError.MISSING_FIELDS, transition=t.name, fields=missing)
        if missing := self._missing_documents(obj, t):
            raise self.error(CoreError.MISSING_DOCUMENTS, transition=t.name, documents=missing)
        if t.guard is not None:
            ctx = context or TransitionContext(
                actor=actor, transition=t, old_state=self.state_of(obj), fields=fields
            )
            error = t.guard(obj, ctx)
            if error:
                code = error if not isinstance(error, bool) else CoreError.GUARD_FAILED
                raise self.error(code, transition=t.name)

    def available(self, obj: Any, actor: Any, *, include_system: bool = False) -> list[Transition]:
        """Transitions ``actor`` may start from ``obj``'s state: permitted and guard-passing.
        Required fields and documents are not checked here (the form asks for them)."""
        result = []
        for t in self.outgoing(self.state_of(obj)):
            if t.system and not include_system:
                continue
            if not self.is_permitted(obj, t, actor):
                continue
            if t.guard is not None:
                ctx = TransitionContext(
                    actor=actor, transition=t, old_state=self.state_of(obj), fields_known=False
                )
                if t.guard(obj, ctx):
                    continue
            result.append(t)
        return result

    # -- the one write path ------------------------------------------------------------
    def apply(
        self,
        obj: Any,
        name_or_target: str,
        *,
        actor: Any,
        note: str = "",
        fields: Mapping[str, Any] | None = None,
        updates: Mapping[str, Any] | None = None,
        audit_data: Mapping[str, Any] | None = None,
    ) -> Any:
        """Take one transition on ``obj`` and return it updated in memory.

        ``updates`` are extra columns written by the same conditional UPDATE (plus those of
        the workflow's ``updates`` hook, e.g. a due date). Raises ``InvalidTransition`` with
        ``stale_state`` when another process moved the row first; nothing is written then.
        """
        with transaction.atomic():
            t = self.find(obj, name_or_target)
            old = self.state_of(obj)
            ctx = TransitionContext(
                actor=actor, transition=t, old_state=old, note=note, fields=dict(fields or {})
            )
            self.check(obj, t, actor=actor, fields=ctx.fields, context=ctx)
            values: dict[str, Any] = {self.state_field: t.target}
            if self.updates is not None:
                values.update(self.updates(obj, ctx))
            values.update(updates or {})
            field_names = {f.name for f in self.model._meta.concrete_fields}
            if "updated_at" in field_names and "updated_at" not in values:
                values["updated_at"] = ctx.now
            ctx.updates = values
            changed = self.model._default_manager.filter(
                pk=obj.pk, **{self.state_field: old}
            ).update(**values)
            if changed != 1:
                # Another worker or handler got there first; the caller reloads.
                raise self.error(CoreError.STALE_STATE, transition=t.name)
            for key, value in values.items():
                setattr(obj, key, value)
            if self.write_event is not None:
                self.write_event(obj, ctx)
            audit.record(
                actor=actor,
                action=t.audit_action or self.audit_action or "",
                target=obj,
                data={"transition": t.name, "old": old, "new": t.target, **(audit_data or {})},
            )
            if self.after_apply is not None:
                self.after_apply(obj, ctx)
            if self.on_commit is not None:
                hook = self.on_commit
                transaction.on_commit(lambda: hook(obj, ctx))
        return obj
