"""Registry endpoints of the integration API (issue #2 item 7).

One endpoint per operation with separate input and output serializers (house style §6).
Reads go through the same scoped selectors as the pages (house style §3), so a token
sees exactly what its user sees in the browser; a detail read is audit-logged like the
page (UU 27/2022 PDP access logging).
"""

from __future__ import annotations

from typing import Any

from django.http import Http404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, serializers
from rest_framework.generics import GenericAPIView
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import UserRateThrottle

from netral.accounts.api_auth import ApiAccess, require
from netral.accounts.roles import Perm
from netral.core.api_responses import error_responses
from netral.registry import selectors, services
from netral.registry.models import Pegawai

# --- Input ----------------------------------------------------------------------------


class PegawaiSearchIn(serializers.Serializer):
    q = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=100,
        help_text=_("NIP atau NIK (awalan), atau kata dari nama."),
    )
    unit = serializers.IntegerField(
        required=False, help_text=_("Id unit kerja; sub-unitnya ikut disertakan.")
    )
    # Empty means "any", as in the page's filter form (and as documented in the schema).
    jenis = serializers.ChoiceField(choices=Pegawai.Jenis.choices, required=False, allow_blank=True)


# --- Output ---------------------------------------------------------------------------


class InstansiOut(serializers.Serializer):
    id = serializers.IntegerField()
    kode = serializers.CharField()
    nama = serializers.CharField()


class UnitOut(serializers.Serializer):
    id = serializers.IntegerField()
    kode = serializers.CharField()
    nama = serializers.CharField()
    nama_lengkap = serializers.CharField(source="full_name")


class AtasanOut(serializers.Serializer):
    id = serializers.IntegerField()
    nama = serializers.CharField()
    nip = serializers.CharField(allow_null=True)


class AkunMedsosOut(serializers.Serializer):
    platform = serializers.CharField()
    handle = serializers.CharField()


class PegawaiListOut(serializers.Serializer):
    id = serializers.IntegerField()
    nip = serializers.CharField(allow_null=True)
    nik = serializers.CharField(allow_null=True)
    nama = serializers.CharField()
    jenis_pegawai = serializers.ChoiceField(choices=Pegawai.Jenis.choices)
    jabatan = serializers.CharField()
    tingkat_jabatan = serializers.CharField()
    golongan = serializers.CharField()
    is_active = serializers.BooleanField()
    instansi = InstansiOut()
    unit = UnitOut()


class PegawaiDetailOut(PegawaiListOut):
    atasan = AtasanOut(allow_null=True)
    akun_medsos = AkunMedsosOut(many=True, source="akun_medsos.all")


# --- Endpoints ------------------------------------------------------------------------

REGISTRY_API_PERMS = [ApiAccess, require(Perm.REGISTRY_VIEW)]


class PegawaiListApi(GenericAPIView):
    """Search employees in the caller's scope (50 per page)."""

    permission_classes = REGISTRY_API_PERMS
    throttle_classes = [UserRateThrottle]
    serializer_class = PegawaiListOut

    @extend_schema(
        operation_id="pegawai_list",
        summary=_("Cari pegawai"),
        description=_(
            "Pegawai aktif dalam lingkup akses pemilik token, 50 per halaman. Cari dengan "
            "awalan NIP/NIK atau kata dari nama; saring dengan unit kerja dan jenis pegawai."
        ),
        parameters=[PegawaiSearchIn],
        responses={200: PegawaiListOut(many=True), **error_responses(400, 401, 403, 404, 429)},
        tags=["registri"],
    )
    def get(self, request: Request) -> Response:
        params = PegawaiSearchIn(data=request.query_params)
        params.is_valid(raise_exception=True)
        filters: dict[str, Any] = {k: v for k, v in params.validated_data.items() if v != ""}
        if "unit" in filters:
            filters["unit"] = selectors.unit_get_for_user(user=request.user, pk=filters["unit"])
            if filters["unit"] is None:  # missing and out of scope read the same
                raise exceptions.ValidationError({"unit": [_("Unit kerja tidak ditemukan.")]})
        qs = selectors.pegawai_search(user=request.user, **filters)
        page = self.paginate_queryset(qs)
        return self.get_paginated_response(PegawaiListOut(page, many=True).data)


class PegawaiDetailApi(GenericAPIView):
    """One employee in the caller's scope; 404 when missing or out of scope. Logged."""

    permission_classes = REGISTRY_API_PERMS
    throttle_classes = [UserRateThrottle]
    serializer_class = PegawaiDetailOut

    @extend_schema(
        operation_id="pegawai_detail",
        summary=_("Data satu pegawai"),
        description=_(
            "Data pegawai dalam lingkup akses; 404 bila tidak ada atau di luar lingkup. "
            "Setiap akses dicatat dalam log audit."
        ),
        responses={200: PegawaiDetailOut, **error_responses(401, 403, 404, 429)},
        tags=["registri"],
    )
    def get(self, request: Request, pk: int) -> Response:
        try:
            pegawai = selectors.pegawai_get_for_user(user=request.user, pk=pk)
        except Http404:
            raise exceptions.NotFound(_("Pegawai tidak ditemukan.")) from None
        services.pegawai_viewed(pegawai=pegawai, actor=request.user)
        return Response(PegawaiDetailOut(pegawai).data)
