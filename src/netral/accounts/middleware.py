"""Staff must finish two-factor authentication before using anything but the 2FA pages;
the identity snapshot (``accounts.identity``) spares each request its identity queries."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.auth import SESSION_KEY
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.middleware import OTPMiddleware

from netral.accounts import authz, identity

# Paths reachable while logged in but not yet verified with TOTP.
_OPEN_PREFIXES = ("/static/", "/i18n/", "/api/", "/verifikasi/", "/lapor/")


class RequireTwoFactorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            user.is_authenticated
            and not user.is_verified()
            and authz.requires_two_factor(user)
            and not request.path.startswith(_OPEN_PREFIXES)
        ):
            allowed = {
                reverse("accounts:otp_verify"),
                reverse("accounts:otp_enrol"),
                reverse("accounts:passkey_verify_begin"),
                reverse("accounts:passkey_verify_complete"),
                reverse("accounts:logout"),
            }
            if request.path not in allowed:
                # Come back to the page asked for once verified (GET only: a POST body
                # cannot be replayed).
                target = reverse("accounts:otp_verify")
                if request.method == "GET" and request.path != reverse("accounts:home"):
                    target += f"?{urlencode({'next': request.get_full_path()})}"
                return redirect(target)
        return self.get_response(request)


class IdentityMiddleware(OTPMiddleware):
    """django-otp's middleware, reading the user's role assignments and verified device
    from the session's identity snapshot when it is current (``accounts.identity``), and
    storing a fresh snapshot after a request that had to load them, that verified a
    device, or that logged a user in (so the first page after login is served from it)."""

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = super().__call__(request)
        self._store_snapshot(request)
        return response

    def _store_snapshot(self, request: HttpRequest) -> None:
        uid = request.session.get(SESSION_KEY)
        if uid is None:
            return
        start = getattr(request, "_netral_identity", None)
        if start is not None and str(start[0].pk) == uid:
            user, tag, stale = start
            snap = request.session.get(identity.SESSION_KEY) or {}
            device = getattr(user, "otp_device", None)
            device_id = device.persistent_id if device is not None else None
            if not stale and (snap.get("device") or [None])[0] == device_id:
                return
        else:
            # Logged in during this request. The token is read before the rows, so a
            # change committing in between replaces it (accounts.identity).
            user = getattr(request, "user", None)
            if user is None or not user.is_authenticated or str(user.pk) != uid:
                return
            tag = identity.current_token(user.pk)
            user.__dict__.pop("_netral_assignments", None)
        if tag is not None:
            request.session[identity.SESSION_KEY] = identity.snapshot(
                user, tag, authz.assignments(user), getattr(user, "otp_device", None)
            )

    def _verify_user_sync(self, request: HttpRequest, user: Any) -> Any:
        if not user.is_authenticated:
            return super()._verify_user_sync(request, user)
        self._init_user_fields(user)
        tag = identity.current_token(user.pk)
        snap = request.session.get(identity.SESSION_KEY)
        persistent_id = request.session.get(DEVICE_ID_SESSION_KEY)
        device = None
        fresh = identity.valid(user, snap, tag)
        if fresh:
            user._netral_assignments = identity.assignments_from(user, snap)
            if persistent_id:
                device = identity.device_from(user, snap, persistent_id)
                fresh = device is not None
        if device is None and persistent_id:
            device = self._device_from_persistent_id(persistent_id)
        user.otp_device = self._finalize_device(request, user, device)
        request._netral_identity = (user, tag, not fresh)  # type: ignore[attr-defined]
        return user
