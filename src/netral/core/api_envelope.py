"""The API error envelope as an OpenAPI component (rendered by ``api.errors``)."""

from __future__ import annotations

from rest_framework import serializers


class ErrorBody(serializers.Serializer):
    code = serializers.CharField()
    message = serializers.CharField()
    fields = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()), required=False
    )
    details = serializers.DictField(required=False)


class ErrorEnvelope(serializers.Serializer):
    """Every API error (OpenAPI component)."""

    error = ErrorBody()
