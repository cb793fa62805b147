"""API error envelope: ``{"error": {"code": ..., "message": ..., "fields": {...}}}``.

A refused business operation (``core.errors.DomainError``: a workflow step without its
role, fields or documents, a stale state, a sanction not offered) comes back the same way
with its stable code and its sentence in the user's language, at the error's
``http_status`` (409 for a refused transition); the missing field names become
``fields`` entries and any other detail (missing documents, the step) ``details``."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_handler

# The envelope's schema lives in core so that domain apps can name it in their OpenAPI
# declarations without importing the api app (api/tests/test_layout.py).
from netral.core.api_envelope import ErrorBody, ErrorEnvelope  # noqa: E402, F401
from netral.core.errors import DomainError


def domain_error_response(exc: DomainError) -> Response:
    body: dict[str, Any] = {"code": exc.code_value, "message": exc.message}
    params = dict(exc.params)
    missing = params.pop("fields", None)
    if isinstance(missing, dict):  # form errors: each field with its own messages
        body["fields"] = {
            str(name): [str(m) for m in (msgs if isinstance(msgs, (list, tuple)) else [msgs])]
            for name, msgs in missing.items()
        }
    elif missing:  # a workflow step's required fields: names only
        body["fields"] = {str(name): [_("Wajib diisi untuk langkah ini.")] for name in missing}
    if params:
        body["details"] = {
            k: v if isinstance(v, (list, int)) else str(v) for k, v in params.items()
        }
    return Response({"error": body}, status=exc.http_status)


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, DomainError):
        return domain_error_response(exc)
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(
            exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        )
    # Convert Django's own errors here (DRF would too) so they carry DRF's stable codes.
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    response = drf_handler(exc, context)
    if response is None:
        return None
    code = getattr(exc, "default_code", "error")
    if isinstance(exc, exceptions.ValidationError):
        body = {"code": "invalid", "message": _("Data tidak valid."), "fields": response.data}
    else:
        detail = (
            response.data.get("detail", "") if isinstance(response.data, dict) else response.data
        )
        body = {"code": getattr(getattr(exc, "detail", None), "code", code), "message": str(detail)}
    if response.status_code == status.HTTP_429_TOO_MANY_REQUESTS:
        body["code"] = "throttled"
    response.data = {"error": body}
    return response
