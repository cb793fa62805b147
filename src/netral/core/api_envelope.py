"""The API error envelope as an OpenAPI component (rendered by ``api.errors``)."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers


class ErrorBody(serializers.Serializer[Any]):
    code = serializers.CharField()
    message = serializers.CharField()
    # The JSON key is ``fields``. DRF's metaclass moves declared fields into
    # ``_declared_fields``, so this never shadows ``Serializer.fields`` at run time; the
    # stubs cannot model that metaclass step.
    fields = serializers.DictField(  # type: ignore[assignment]
        child=serializers.ListField(child=serializers.CharField()), required=False
    )
    details = serializers.DictField(required=False)


class ErrorEnvelope(serializers.Serializer[Any]):
    """Every API error (OpenAPI component)."""

    error = ErrorBody()
