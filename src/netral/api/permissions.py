"""API permission default: DenyAll, so an endpoint must declare what it needs
(``accounts.api_auth.AllowPublic`` or ``require(perm)``, re-exported here)."""

from __future__ import annotations

from typing import Any

from rest_framework.permissions import BasePermission

from netral.accounts.api_auth import AllowPublic, require

__all__ = ["AllowPublic", "DenyAll", "require"]


class DenyAll(BasePermission):
    def has_permission(self, request: Any, view: Any) -> bool:
        return False
