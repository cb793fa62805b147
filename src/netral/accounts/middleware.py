"""Staff must finish two-factor authentication before using anything but the 2FA pages."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

from netral.accounts import authz

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
