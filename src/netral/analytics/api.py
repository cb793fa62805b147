"""``GET /api/v1/stats``: the public, suppressed statistics as JSON (same tables as
``/statistik/``; see ``netral.analytics.public``)."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from netral.accounts.api_auth import AllowPublic
from netral.analytics import public


class CellSerializer(serializers.Serializer):
    nilai = serializers.IntegerField(allow_null=True, help_text="Jumlah; null bila disembunyikan.")
    tampil = serializers.CharField(help_text='Angka, "<N" atau "*".')


class RowSerializer(CellSerializer):
    kode = serializers.CharField()
    label = serializers.CharField()


class TableSerializer(serializers.Serializer):
    kode = serializers.CharField()
    judul = serializers.CharField()
    total = CellSerializer()
    baris = RowSerializer(many=True)


class StatsSerializer(serializers.Serializer):
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
        responses=StatsSerializer,
    )
    def get(self, request: Any) -> Response:
        years = public.years()
        raw = request.query_params.get("tahun", "")
        year = int(raw) if raw.isdigit() and int(raw) in years else (years[0] if years else None)
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
