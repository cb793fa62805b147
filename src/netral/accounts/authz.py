"""The one authorization module: every permission and every scoped read goes through it.

Two questions only:

* ``has_perm(user, perm)``: does any of the user's role assignments grant ``perm``?
* ``scope_q(user, perm, ...)``: a ``Q`` that restricts a queryset to the rows the user
  may see for ``perm``, given where the model keeps its agency, unit path, region code
  and employee. A role whose scope the model cannot express contributes nothing, so
  the result **fails closed** (house style §3): no matching assignment → no rows.

Selectors in each app call ``scope_q`` with their own field paths, e.g.
``scope_q(user, Perm.REGISTRY_VIEW, instansi="instansi_id", unit_path="unit_path",
region="instansi__region__kode", pegawai="id")``.
"""

from __future__ import annotations

from functools import reduce
from operator import or_
from typing import TYPE_CHECKING, Any

from django.db.models import Q

from netral.accounts.roles import ROLE_PERMS, STAFF_ROLES, Perm, Role

if TYPE_CHECKING:
    from netral.accounts.models import RoleAssignment

NOTHING = Q(pk__in=[])


def assignments(user: Any) -> list[RoleAssignment]:
    """The user's role assignments, cached on the user object for the request."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    cached = getattr(user, "_netral_assignments", None)
    if cached is None:
        cached = list(user.role_assignments.select_related("unit", "instansi", "region"))
        user._netral_assignments = cached
    return cached


def roles(user: Any) -> set[str]:
    return {a.role for a in assignments(user)}


def _grants(assignment: RoleAssignment, perm: str) -> bool:
    return perm in ROLE_PERMS.get(assignment.role, frozenset()) or perm in (
        assignment.extra_perms or []
    )


def has_perm(user: Any, perm: str) -> bool:
    return any(_grants(a, perm) for a in assignments(user))


def requires_two_factor(user: Any) -> bool:
    """Every staff role must use TOTP; employees may opt in (issue #2 §4)."""
    return bool(roles(user) & STAFF_ROLES) or bool(getattr(user, "is_superuser", False))


def region_q(field: str, code: str) -> Q:
    """Rows whose region code is ``code`` or lies below it (``21`` covers ``21.02``)."""
    return Q(**{field: code}) | Q(**{f"{field}__startswith": f"{code}."})


def scope_q(
    user: Any,
    perm: str,
    *,
    instansi: str | None = None,
    unit_path: str | None = None,
    region: str | None = None,
    pegawai: str | None = None,
) -> Q:
    """Build the visibility filter for ``perm``; see the module docstring."""
    parts: list[Q] = []
    for a in assignments(user):
        if not _grants(a, perm):
            continue
        if a.role == Role.SYSADMIN:
            return Q()
        if a.role in (Role.HR_ADMIN, Role.PPK, Role.INSPEKTORAT):
            if instansi:
                parts.append(Q(**{instansi: a.instansi_id}))
        elif a.role == Role.OPD_ADMIN:
            if unit_path and a.unit is not None:
                parts.append(Q(**{f"{unit_path}__startswith": a.unit.path}))
        elif a.role in (Role.BAWASLU, Role.SATGAS, Role.KASN_BKN):
            if a.region_id is None:
                return Q()  # national scope
            if region:
                parts.append(region_q(region, a.region_id))
        elif a.role == Role.EMPLOYEE and pegawai and user.pegawai_id:
            parts.append(Q(**{pegawai: user.pegawai_id}))
    return reduce(or_, parts) if parts else NOTHING


def pegawai_scope_q(user: Any, perm: str = Perm.REGISTRY_VIEW, *, prefix: str = "") -> Q:
    """Visibility of employees (``Pegawai``), optionally through a relation ``prefix``."""
    p = f"{prefix}__" if prefix else ""
    return scope_q(
        user,
        perm,
        instansi=f"{p}instansi_id",
        unit_path=f"{p}unit_path",
        region=f"{p}instansi__region__kode",
        pegawai=f"{p}id" if prefix else "id",
    )


def unit_scope_q(user: Any, perm: str = Perm.REGISTRY_VIEW) -> Q:
    return scope_q(
        user, perm, instansi="instansi_id", unit_path="path", region="instansi__region__kode"
    )


def instansi_scope_q(user: Any, perm: str = Perm.REGISTRY_VIEW) -> Q:
    """Agencies the user works within. An OPD admin sees their own agency."""
    q = scope_q(user, perm, instansi="id", region="region__kode")
    opd_ids = [
        a.unit.instansi_id
        for a in assignments(user)
        if a.role == Role.OPD_ADMIN and a.unit is not None and _grants(a, perm)
    ]
    if opd_ids:
        q = (q | Q(id__in=opd_ids)) if q != NOTHING else Q(id__in=opd_ids)
    return q
