"""View decorators for permission checks (house style §3: a view declares what it needs).

Views are closed by default (``LoginRequiredMiddleware``); every view then declares its
check, and ``accounts/tests/test_url_walk.py`` fails on any view that declares none:

* ``perm_required(*perms)``: a logged-in user holding one of ``perms`` (else 403);
* ``scoped_by(selector)``: any logged-in user; the named selector decides which rows they
  reach and answers 404 for the rest (own jobs, campaigns in scope, the own dashboard);
* ``django.contrib.auth.decorators.login_not_required``: public (``/lapor/…``,
  ``/verifikasi/…``, login), and only for routes on the walk test's public list.

DRF views declare ``permission_classes`` instead.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.http.response import HttpResponseBase

from netral.accounts import authz

View = Callable[..., HttpResponseBase]
# The attribute a view's declared check is recorded in (read by the URL walk test).
CHECK_ATTR = "netral_check"


def perm_required(*perms: str) -> Callable[[View], View]:
    """Require a logged-in user holding one of ``perms``: anonymous users go to the login
    page, users without the permission get 403. Row-level scope stays with the selectors."""
    if not perms:
        raise ValueError("perm_required needs at least one permission")

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            if not any(authz.has_perm(request.user, perm) for perm in perms):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        result = login_required(wrapped)
        setattr(result, CHECK_ATTR, "perm:" + "|".join(perms))
        return result

    return decorator


def scoped_by(selector: str) -> Callable[[View], View]:
    """Any logged-in user; ``selector`` (named for the reader) scopes what they reach."""

    def decorator(view: View) -> View:
        result = login_required(view)
        setattr(result, CHECK_ATTR, f"scope:{selector}")
        return result

    return decorator
