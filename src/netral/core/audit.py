"""The single audit log entry point (house style §5).

``record(actor=..., action=..., target=..., data=...)`` writes one append-only
``AuditEntry``. Action names are dotted and registered once with a translatable label
via ``register``; recording an unregistered action is a programming error.
The request's IP and user agent come from ``netral.core.middleware`` unless the caller
passes ``anonymous=True`` (public reporting must not store the reporter's IP).
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.functional import Promise

from netral.core.middleware import current_request_meta
from netral.core.models import AuditEntry

_ACTIONS: dict[str, Promise | str] = {}


def register(action: str, label: Promise | str) -> str:
    """Register an action name with its label; returns the name for use as a constant."""
    _ACTIONS[action] = label
    return action


_TARGET_URLS: dict[str, tuple[str, str]] = {}


def register_target_url(model_label: str, url_name: str, lookup: str = "pk") -> None:
    """How the audit log links an entry to its object (issue 11 item 14): the URL name
    that takes the object's ``lookup`` (its pk, or e.g. a public UUID)."""
    _TARGET_URLS[model_label] = (url_name, lookup)


def target_urls() -> dict[str, tuple[str, str]]:
    return dict(_TARGET_URLS)


def label_for(action: str) -> Promise | str:
    return _ACTIONS.get(action, action)


def registered_actions() -> dict[str, Promise | str]:
    return dict(sorted(_ACTIONS.items()))


def record(
    *,
    actor: Any,
    action: str,
    target: models.Model | None = None,
    data: dict[str, Any] | None = None,
    org_id: int | None = None,
    anonymous: bool = False,
) -> AuditEntry:
    """Append one audit entry. Call inside the service's transaction."""
    if action not in _ACTIONS:
        raise ValueError(f"Unregistered audit action {action!r}; call audit.register first.")
    meta = {} if anonymous else current_request_meta()
    user = actor if getattr(actor, "is_authenticated", False) else None
    if org_id is None and target is not None:
        org_id = getattr(target, "audit_org_id", None)
    return AuditEntry.objects.create(
        actor=user,
        actor_label=(user.get_username() if user else ("anonim" if anonymous else "sistem"))[:200],
        action=action,
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        target_repr=str(target)[:300] if target is not None else "",
        org_id=org_id,
        ip=meta.get("ip"),
        user_agent=(meta.get("user_agent") or "")[:300],
        data=data or {},
    )
