"""Public verification endpoint: valid / voided / unknown, with name, unit, campaign and
date only (data minimisation, UU 27/2022; shared/domain.md §2)."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from netral.api.permissions import AllowPublic
from netral.pledges.views import verify_lookup


class VerifyOutput(serializers.Serializer):
    status = serializers.ChoiceField(choices=["valid", "voided", "invalid", "unknown"])
    nama = serializers.CharField(required=False)
    unit = serializers.CharField(required=False)
    campaign = serializers.CharField(required=False)
    date = serializers.DateField(required=False)


class VerifyApi(APIView):
    authentication_classes: list[Any] = []
    permission_classes = [AllowPublic]

    @extend_schema(responses={200: VerifyOutput, 404: VerifyOutput}, operation_id="pledges_verify")
    def get(self, request: Any, code: str) -> Response:
        status, sig = verify_lookup(request, code)
        if status == "throttled":
            return Response(
                {"error": {"code": "throttled", "message": "Terlalu banyak permintaan."}},
                status=429,
            )
        if status == "invalid":
            return Response(VerifyOutput({"status": "invalid"}).data)
        if sig is None:
            return Response(VerifyOutput({"status": "unknown"}).data, status=404)
        from django.utils import timezone

        data = {
            "status": status,
            "nama": sig.nama,
            "unit": sig.unit_name,
            "campaign": sig.campaign.nama,
            "date": timezone.localtime(sig.signed_at).date(),
        }
        return Response(VerifyOutput(data).data)
