"""Views are closed by default (issue 8 item 3): walking the whole URL configuration, every
view either declares a permission check (``perm_required``, ``scoped_by``, DRF permission
classes, the admin site's own) or is public, and public views are only those on the list
below. A new public route must be added here on purpose, in review."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.urls import URLPattern, URLResolver, get_resolver

from netral.accounts.decorators import CHECK_ATTR

# Route prefixes that may be reached without logging in (CONTRIBUTING.md, "Views").
PUBLIC_PREFIXES = (
    "lapor/",  # the public report form and the reporter's status check
    "verifikasi/",  # anyone may verify a pledge receipt
    "statistik/",  # public statistics (issue 12)
    "masuk/",  # login (the 2FA step below it is scoped to the half-logged-in user)
    "keluar/",
    "healthz",
    "i18n/setlang/",
    "api/v1/openapi.json",  # the API schema is public by design (clients generate code from it)
)
PUBLIC_EXACT = ("",)  # the public front door (issue 13), when it lands


def _walk(patterns: list[Any], prefix: str = "", ns: str = "") -> Iterator[tuple[str, str, Any]]:
    for p in patterns:
        if isinstance(p, URLResolver):
            yield from _walk(p.url_patterns, prefix + str(p.pattern), p.namespace or ns)
        elif isinstance(p, URLPattern):
            yield prefix + str(p.pattern), ns, p.callback


def _is_public_route(route: str) -> bool:
    return route in PUBLIC_EXACT or route.startswith(PUBLIC_PREFIXES)


def test_every_view_declares_its_check_or_is_on_the_public_list():
    problems = []
    for route, ns, view in _walk(get_resolver().url_patterns):
        if ns == "admin":
            continue  # the admin site checks is_staff and model permissions itself
        drf = getattr(view, "cls", None)
        if drf is not None:
            perms = getattr(drf, "permission_classes", None)
            if not perms:
                problems.append(f"{route}: DRF view without permission_classes")
            continue
        public = not getattr(view, "login_required", True)
        if public:
            if not _is_public_route(route):
                problems.append(f"{route}: login_not_required but not on the public list")
        elif not getattr(view, CHECK_ATTR, None):
            problems.append(f"{route}: no perm_required/scoped_by on {view.__module__}")
    assert problems == []


def test_login_is_required_by_default():
    from django.conf import settings

    mw = settings.MIDDLEWARE
    assert "django.contrib.auth.middleware.LoginRequiredMiddleware" in mw
    assert mw.index("django.contrib.auth.middleware.LoginRequiredMiddleware") > mw.index(
        "django.contrib.auth.middleware.AuthenticationMiddleware"
    )
