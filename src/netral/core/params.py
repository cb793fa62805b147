"""Typed query parameters (issue 9, defect 4): every value a view reads from the query
string goes through a form or one of these parsers, and a bad value is a 400 with a
message in the user's language naming the parameter — never a 500.

``BadParameter`` is Django's ``BadRequest``, so the 400 handler (core.errors_views) shows
its message on the site's error page. ``NulGuardMiddleware`` refuses a NUL byte in any
parameter for the whole site first: PostgreSQL cannot hold one in text, so a NUL reaching
a query was the commonest 500 of the attack run.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.core.exceptions import BadRequest
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone
from django.utils.translation import gettext as _

MAX_ID = 2**31 - 1  # the largest id any table of ours holds (PostgreSQL integer)
TEXT_MAX = 200


class BadParameter(BadRequest):
    def __init__(self, name: str, message: str) -> None:
        self.name = name
        self.message = message
        super().__init__(message)


def _raw(request: HttpRequest, name: str, data: Any = None) -> str:
    return ((request.GET if data is None else data).get(name) or "").strip()


def int_param(
    request: HttpRequest,
    name: str,
    *,
    minimum: int = 1,
    maximum: int = MAX_ID,
    data: Any = None,
) -> int | None:
    """An optional whole number (ids, years) from the query string, or from ``data``
    (e.g. ``request.POST``); None when absent or empty."""
    raw = _raw(request, name, data)
    if not raw:
        return None
    if not (raw.isascii() and raw.lstrip("-").isdigit()) or len(raw) > 12:
        raise BadParameter(
            name, _("Parameter “%(name)s” harus berupa bilangan bulat.") % {"name": name}
        )
    value = int(raw)
    if not minimum <= value <= maximum:
        raise BadParameter(
            name,
            _("Parameter “%(name)s” harus antara %(min)s dan %(max)s.")
            % {"name": name, "min": minimum, "max": maximum},
        )
    return value


def date_param(
    request: HttpRequest,
    name: str,
    *,
    earliest: dt.date = dt.date(2000, 1, 1),
    latest_years_ahead: int = 10,
) -> dt.date | None:
    """An optional ISO date (YYYY-MM-DD) within a sane range (9999-12-31 overflowed the
    audit page's end-of-day arithmetic)."""
    raw = _raw(request, name)
    if not raw:
        return None
    try:
        value = dt.date.fromisoformat(raw) if len(raw) == 10 else None
    except ValueError:
        value = None
    if value is None:
        raise BadParameter(
            name,
            _("Parameter “%(name)s” harus berupa tanggal TTTT-BB-HH.") % {"name": name},
        )
    today = timezone.localdate()
    latest = dt.date(today.year + latest_years_ahead, 12, 31)
    if not earliest <= value <= latest:
        raise BadParameter(
            name,
            _("Tanggal “%(name)s” harus antara %(min)s dan %(max)s.")
            % {"name": name, "min": earliest.isoformat(), "max": latest.isoformat()},
        )
    return value


def text_param(request: HttpRequest, name: str, *, max_length: int = TEXT_MAX) -> str:
    """A search text: printable, at most ``max_length`` characters."""
    raw = _raw(request, name)
    if len(raw) > max_length:
        raise BadParameter(
            name,
            _("Parameter “%(name)s” paling panjang %(n)s karakter.")
            % {"name": name, "n": max_length},
        )
    return raw


def _has_control(value: str) -> bool:
    return any(ord(ch) < 32 and ch not in "\t\r\n" for ch in value)


class NulGuardMiddleware:
    """Refuse control characters (NUL first) in any query or form parameter name or
    value with a 400, before any view or database sees them."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        from netral.core.errors_views import bad_request

        for key, values in request.GET.lists():
            if _has_control(key) or any(_has_control(v) for v in values):
                error = BadParameter(
                    key,
                    _("Parameter “%(name)s” berisi karakter kendali yang tidak diizinkan.")
                    % {"name": key.replace("\x00", "")[:40]},
                )
                if request.path.startswith("/api/"):
                    body = {"error": {"code": "invalid", "message": error.message}}
                    return JsonResponse(body, status=400)
                return bad_request(request, error)
        return self.get_response(request)
