"""Who the signed-in user is, kept in their session between requests (issue 15 item 1).

Every authenticated request needs the user's role assignments (``authz``) and, for staff,
the verified second-factor device (django-otp). Loading both through the ORM cost two
queries and most of a page's CPU (query compilation, not the database). The session is
read on every request anyway, so it carries a *snapshot* of both, tagged with the user's
**identity token**, a random value in the shared cache:

* a request whose snapshot carries the current token uses it and runs neither query;
* any change to one of the user's role assignments, or the deletion or un-confirming of
  one of their devices, replaces the token (signals below), so every session of that user
  reloads on its next request, on every server process;
* the token is replaced once when the change happens and again after it commits, so a
  request that read the old rows while the change was in flight cannot keep them;
* a missing token (cache restarted or evicted) validates no snapshot: fail closed.

Only scalar columns are kept. Related rows (``assignment.instansi``, ``.region``) load
when used, like any deferred field; the unit's ``path`` and agency are kept because
``authz.scope_q`` needs them on every scoped read (a unit's path never changes after it
is created, ``registry.services.unit_create``).
"""

from __future__ import annotations

import secrets
from typing import TYPE_CHECKING, Any

from django.apps import apps
from django.core.cache import cache
from django.db import router, transaction

if TYPE_CHECKING:
    from netral.accounts.models import RoleAssignment

SESSION_KEY = "_netral_identity"
_TOKEN_KEY = "netral:identity:{}"
# The token outlives any session (SESSION_COOKIE_AGE); when it expires, snapshots reload.
_TOKEN_TTL = 24 * 3600

# Columns of one assignment in the snapshot, in order.
_FIELDS = ("id", "role", "instansi_id", "unit_id", "region_id", "extra_perms")


def token(user_id: int) -> str | None:
    value = cache.get(_TOKEN_KEY.format(user_id))
    return value if isinstance(value, str) else None


def new_token(user_id: int) -> str:
    value = secrets.token_hex(8)
    cache.set(_TOKEN_KEY.format(user_id), value, _TOKEN_TTL)
    return value


def current_token(user_id: int) -> str | None:
    """The user's token, creating one if there is none. Read before the user's rows are
    loaded, so a change that commits after this read replaces it."""
    value = token(user_id)
    if value is None:
        cache.add(_TOKEN_KEY.format(user_id), secrets.token_hex(8), _TOKEN_TTL)
        value = token(user_id)
    return value


def invalidate(user_id: int | None) -> None:
    """Make every session of ``user_id`` reload its identity: now, and once more after
    the surrounding transaction commits."""
    if user_id is None:
        return
    new_token(user_id)
    transaction.on_commit(lambda: new_token(user_id))


def snapshot(user: Any, tag: str, assignments: list[RoleAssignment], device: Any) -> dict[str, Any]:
    rows = []
    for a in assignments:
        unit = [a.unit.path, a.unit.instansi_id] if a.unit is not None else None
        rows.append([getattr(a, f) for f in _FIELDS] + [unit])
    dev = None
    if device is not None and device.confirmed and device.user_id == user.pk:
        dev = [device.persistent_id, device.pk, device.name]
    return {"user": user.pk, "token": tag, "rows": rows, "device": dev}


def valid(user: Any, snap: Any, tag: str | None) -> bool:
    return (
        tag is not None
        and isinstance(snap, dict)
        and snap.get("user") == user.pk
        and snap.get("token") == tag
    )


def _partial(model: Any, data: dict[str, Any]) -> Any:
    """An instance of ``model`` holding only ``data`` (by attname); the other fields are
    deferred and load on first use, as after ``only()``."""
    names = [f.attname for f in model._meta.concrete_fields if f.attname in data]
    return model.from_db(router.db_for_read(model), names, [data[n] for n in names])


def assignments_from(user: Any, snap: dict[str, Any]) -> list[RoleAssignment]:
    from netral.accounts.models import RoleAssignment
    from netral.registry.models import UnitKerja

    out = []
    for row in snap["rows"]:
        a = _partial(RoleAssignment, {**dict(zip(_FIELDS, row, strict=False)), "user_id": user.pk})
        a.user = user
        if row[len(_FIELDS)] is not None:
            path, instansi_id = row[len(_FIELDS)]
            a.unit = _partial(
                UnitKerja, {"id": a.unit_id, "path": path, "instansi_id": instansi_id}
            )
        out.append(a)
    return out


def device_from(user: Any, snap: dict[str, Any], persistent_id: str | None) -> Any:
    """The session's verified device from the snapshot (a deferred instance: its secret
    and counters load only if used), or None when the snapshot has no device or another
    one than the session names."""
    dev = snap.get("device")
    if not dev or persistent_id is None or dev[0] != persistent_id:
        return None
    label = persistent_id.rsplit("/", 1)[0]
    return _partial(
        apps.get_model(label), {"id": dev[1], "user_id": user.pk, "name": dev[2], "confirmed": True}
    )


# --- invalidation (connected in AccountsConfig.ready) ----------------------------------------


def on_assignment_change(sender: Any, instance: Any, **kwargs: Any) -> None:
    invalidate(instance.user_id)


def on_device_save(sender: Any, instance: Any, **kwargs: Any) -> None:
    # Saving a confirmed device (every verification updates its counters) changes nothing
    # a snapshot holds; a device that is not confirmed must stop verifying sessions.
    if not instance.confirmed:
        invalidate(instance.user_id)


def on_device_delete(sender: Any, instance: Any, **kwargs: Any) -> None:
    invalidate(instance.user_id)


def connect() -> None:
    from django.db.models.signals import post_delete, post_save
    from django_otp.plugins.otp_static.models import StaticDevice
    from django_otp.plugins.otp_totp.models import TOTPDevice
    from django_otp_webauthn.models import WebAuthnCredential

    from netral.accounts.models import RoleAssignment

    post_save.connect(on_assignment_change, sender=RoleAssignment, dispatch_uid="identity-ra-s")
    post_delete.connect(on_assignment_change, sender=RoleAssignment, dispatch_uid="identity-ra-d")
    # Passkeys too (issue 9): removing one logs out every session it verified.
    for model in (TOTPDevice, StaticDevice, WebAuthnCredential):
        post_save.connect(on_device_save, sender=model, dispatch_uid=f"identity-{model.__name__}-s")
        post_delete.connect(
            on_device_delete, sender=model, dispatch_uid=f"identity-{model.__name__}-d"
        )
