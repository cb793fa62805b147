"""``GET /api/v1/stats``: the public, suppressed statistics as JSON (same tables as
``/statistik/``; see ``netral.analytics.public``)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from netral.accounts.api_auth import AllowPublic
from netral.analytics import public
from netral.core.api_responses import error_responses


class CellSerializer(serializers.Serializer[Any]):
    nilai = serializers.IntegerField(allow_null=True, help_text="Jumlah; null bila disembunyikan.")
    tampil = serializers.CharField(help_text='Angka, "<N" atau "*".')


class RowSerializer(CellSerializer):
    kode = serializers.CharField()
    # The JSON key is ``label``; DRF's metaclass moves declared fields into
    # ``_declared_fields``, so it never shadows ``Field.label`` (the stubs cannot model it).
    label = serializers.CharField()  # type: ignore[assignment]


class TableSerializer(serializers.Serializer[Any]):
    kode = serializers.CharField()
    judul = serializers.CharField()
    total = CellSerializer()
    baris = RowSerializer(many=True)


class StatsSerializer(serializers.Serializer[Any]):
    tahun = serializers.IntegerField(allow_null=True)
    tahun_tersedia = serializers.ListField(child=serializers.IntegerField())
    ambang = serializers.IntegerField()
    data_sampai = serializers.DateField(help_text="Laporan yang diterima sebelum tanggal ini.")
    tabel = TableSerializer(many=True)


class StatsApi(APIView):
    permission_classes = [AllowPublic]
    authentication_classes: list[Any] = []
    throttle_scope = None

    @extend_schema(
        operation_id="stats_get",
        summary="Statistik publik (agregat, sel kecil disembunyikan)",
        parameters=[
            OpenApiParameter("tahun", int, description="Tahun; bawaan: tahun terbaru."),
            OpenApiParameter(
                "provinsi", str, description="Kode provinsi untuk tabel kabupaten/kota."
            ),
        ],
        responses={200: StatsSerializer, **error_responses(400, 429)},
    )
    def get(self, request: Any) -> Response:
        years = public.years()
        raw = request.query_params.get("tahun", "")
        # A malformed year is a 400, not silently the latest year (issue 9, defect 4).
        if raw and not (raw.isascii() and raw.isdigit() and len(raw) == 4):
            raise exceptions.ValidationError({"tahun": [_("Tahun harus empat angka.")]})
        year = int(raw) if raw and int(raw) in years else (years[0] if years else None)
        tables = public.tables_for(year, request.query_params.get("provinsi", "")) if year else []
        return Response(
            {
                "tahun": year,
                "tahun_tersedia": years,
                "ambang": public.threshold(),
                "data_sampai": public.published_until(),
                "tabel": [t.as_json() for t in tables],
            }
        )
