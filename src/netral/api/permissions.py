"""API permission classes. The default is DenyAll: an endpoint must declare what it needs."""

from __future__ import annotations

from typing import Any

from rest_framework.permissions import BasePermission

from netral.accounts import authz


class DenyAll(BasePermission):
    def has_permission(self, request: Any, view: Any) -> bool:
        return False


class AllowPublic(BasePermission):
    """Explicit opt-in for public endpoints (verification, public report intake)."""

    def has_permission(self, request: Any, view: Any) -> bool:
        return True


def require(perm: str) -> type[BasePermission]:
    """Permission class granting access to authenticated users holding ``perm``."""

    class _Require(BasePermission):
        def has_permission(self, request: Any, view: Any) -> bool:
            return bool(
                request.user
                and request.user.is_authenticated
                and authz.has_perm(request.user, perm)
            )

    _Require.__name__ = f"Require_{perm.replace('.', '_')}"
    return _Require
