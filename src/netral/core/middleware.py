"""Request-scoped context for audit entries (IP, user agent)."""

from __future__ import annotations

import contextvars
from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse

_request_meta: contextvars.ContextVar[dict[str, Any] | None] = contextvars.ContextVar(
    "netral_request_meta", default=None
)


def client_ip(request: HttpRequest) -> str | None:
    # REMOTE_ADDR only: X-Forwarded-For is client-controlled unless a trusted proxy
    # rewrites it, and that proxy should then set REMOTE_ADDR via its own module.
    return request.META.get("REMOTE_ADDR") or None


def current_request_meta() -> dict[str, Any]:
    return _request_meta.get() or {}


class RequestContextMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = _request_meta.set(
            {"ip": client_ip(request), "user_agent": request.META.get("HTTP_USER_AGENT", "")}
        )
        try:
            return self.get_response(request)
        finally:
            _request_meta.reset(token)


class NoStoreForStaffMiddleware:
    """``Cache-Control: no-store`` on every response to a signed-in user (issue 9,
    defect 10): staff pages show reporters' reports, employees' data and audit trails,
    which must not stay in a shared computer's browser cache or a proxy. Responses that
    set their own Cache-Control (e.g. static files) keep it; anonymous public pages are
    unaffected (the report form sets its own ``never_cache``)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not response.has_header("Cache-Control"):
            response["Cache-Control"] = "no-store"
        return response
