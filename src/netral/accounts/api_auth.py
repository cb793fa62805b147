"""API authentication and the permission classes endpoints declare.

Authentication: ``Authorization: Bearer ntr_<prefix>_<secret>`` tokens for integrations,
browser sessions only after 2FA. Permissions: every endpoint names ``AllowPublic``, ``ApiAccess`` (the
integration API: ``api.use`` reads and writes, ``api.read`` only reads) or
``require(perm)`` in ``permission_classes``; the default is ``api.permissions.DenyAll``.
Domain apps import these from here, never from the ``api`` app (issue 8).
"""

from __future__ import annotations

import hmac
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import authentication, exceptions
from rest_framework.authentication import SessionAuthentication
from rest_framework.permissions import SAFE_METHODS, BasePermission

from netral.accounts import authz
from netral.accounts.models import ApiToken
from netral.accounts.roles import Perm


class ApiTokenAuthentication(authentication.BaseAuthentication):
    keywords = ("bearer", "token")

    def authenticate(self, request: Any) -> tuple[Any, ApiToken] | None:
        header = authentication.get_authorization_header(request).decode("latin-1").split()
        if not header or header[0].lower() not in self.keywords:
            return None
        if len(header) != 2 or not header[1].startswith("ntr_") or header[1].count("_") < 2:
            raise exceptions.AuthenticationFailed(_("Format token tidak valid."))
        _ntr, prefix, secret = header[1].split("_", 2)
        token = (
            ApiToken.objects.select_related("user")
            .filter(prefix=prefix, revoked_at__isnull=True)
            .first()
        )
        if token is None or not hmac.compare_digest(token.key_hash, ApiToken.hash_secret(secret)):
            raise exceptions.AuthenticationFailed(_("Token tidak valid atau sudah dicabut."))
        if not token.user.is_active:
            raise exceptions.AuthenticationFailed(_("Akun tidak aktif."))
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
        return token.user, token

    def authenticate_header(self, request: Any) -> str:
        return 'Bearer realm="api"'


class VerifiedSessionAuthentication(SessionAuthentication):
    """Session authentication for the browser, but only once two-factor authentication is
    done: ``/api/`` is outside ``RequireTwoFactorMiddleware``, so a staff session that
    passed the password step only must not reach the API through its cookie."""

    def authenticate(self, request: Any) -> tuple[Any, None] | None:
        result = super().authenticate(request)
        if result is None:
            return None
        user = result[0]
        if authz.requires_two_factor(user) and not _is_verified(user):
            return None
        return result


def _is_verified(user: Any) -> bool:
    is_verified = getattr(user, "is_verified", None)
    return bool(is_verified and is_verified())


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


def may_use_api(user: Any) -> bool:
    """Whether ``user`` may hold an API token at all (read-only or full)."""
    return authz.has_perm(user, Perm.API_USE) or authz.has_perm(user, Perm.API_READ)


class ApiAccess(BasePermission):
    """The integration API: ``api.use`` for every method, ``api.read`` for safe methods
    only (GET, HEAD, OPTIONS). What the caller may then see or change is still decided by
    the endpoint's own permission and the selectors' scope (docs/security.md,
    "Integration API access per role")."""

    message = gettext_lazy("Peran Anda hanya boleh membaca lewat API; langkah ini tidak diizinkan.")

    def has_permission(self, request: Any, view: Any) -> bool:
        user = request.user
        if not (user and user.is_authenticated):
            return False
        if authz.has_perm(user, Perm.API_USE):
            return True
        return request.method in SAFE_METHODS and authz.has_perm(user, Perm.API_READ)
