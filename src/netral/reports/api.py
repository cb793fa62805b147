"""Report API for integration channels (house style §6: one endpoint per operation).

* ``POST /api/v1/reports`` — multipart: the same fields as the public form (people as
  ``terlapor-N-*``, files as repeated ``bukti``), the idempotency key in the
  ``Idempotency-Key`` header (a UUID). Public (``AllowPublic``) and rate-limited per
  client like the form. 201 with the receipt code on creation; 200 without it when the
  key was seen before (the code is never stored, so it cannot be repeated).
* ``POST /api/v1/reports/status`` — JSON ``{"code": "..."}``. POST rather than a path
  parameter so receipt codes never land in URLs, access logs or proxies. Same throttling
  and the same answer for wrong and unknown codes as ``/lapor/cek/``.
"""

from __future__ import annotations

from typing import Any, NoReturn

from django.http import HttpRequest, QueryDict
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from netral.accounts.api_auth import AllowPublic
from netral.core.api_responses import error_responses
from netral.core.errors import DomainError
from netral.core.middleware import client_ip
from netral.reports import evidence as ev
from netral.reports import forms, receipts, selectors, services
from netral.reports.errors import EvidenceRejected, ReportError
from netral.reports.models import Report


def _error(code: ReportError, http: int, fields: dict[str, Any] | None = None) -> NoReturn:
    """Refuse the request: the API's error envelope renders the ``DomainError``."""
    exc = DomainError(code, **({"fields": fields} if fields else {}))
    exc.http_status = http
    raise exc


class ReportCreatedSerializer(serializers.Serializer):
    intake_number = serializers.CharField()
    received_at = serializers.DateTimeField()
    receipt_code = serializers.CharField(allow_null=True)
    content_hash = serializers.CharField()
    created = serializers.BooleanField()


class ReportSubmitInputSerializer(serializers.Serializer):
    """The multipart body of ``POST /api/v1/reports`` (documentation only: the body is
    checked by ``forms.ReportForm`` and ``forms.person_formset``, like the public form).
    People reported: ``terlapor-TOTAL_FORMS`` (0–5), ``terlapor-INITIAL_FORMS`` (0) and
    per person N ``terlapor-N-nama``, ``-instansi``, ``-unit``, ``-jabatan``, ``-nip``,
    ``-nik``."""

    election_type = serializers.ChoiceField(choices=forms.ElectionType.choices, required=False)
    event_date = serializers.DateField(help_text="Tanggal kejadian (TTTT-BB-HH).")
    event_time = serializers.TimeField(required=False, help_text="Jam kejadian (JJ:MM).")
    learned_date = serializers.DateField(
        required=False, help_text="Tanggal pelapor mengetahui kejadian; bawaan: tanggal kejadian."
    )
    event_region = serializers.CharField(
        help_text="Kode wilayah tempat kejadian (kabupaten/kota atau kecamatan), mis. 21.02."
    )
    place_detail = serializers.CharField(required=False, max_length=300)
    description = serializers.CharField(min_length=20, max_length=10000)
    violation_type = serializers.IntegerField(
        required=False, help_text="Id jenis pelanggaran dari katalog aktif."
    )
    identity_mode = serializers.ChoiceField(choices=Report.IdentityMode.choices)
    nama = serializers.CharField(required=False, max_length=200)
    nik_pelapor = serializers.CharField(required=False, max_length=20)
    alamat = serializers.CharField(required=False, max_length=500)
    telepon = serializers.CharField(required=False, max_length=30)
    email = serializers.EmailField(required=False)
    links = serializers.CharField(required=False, help_text="Tautan bukti, satu per baris.")
    bukti = serializers.ListField(
        child=serializers.FileField(),
        required=False,
        help_text="Berkas bukti (JPG, PNG, WebP, GIF, PDF, MP4, MOV, WebM, MKV, 3GP), berulang.",
    )
    # The people reported travel as Django formset fields, named with dashes:
    # ``terlapor-TOTAL_FORMS`` (0–5), ``terlapor-INITIAL_FORMS`` (0), and per person N
    # ``terlapor-N-nama``, ``-instansi``, ``-unit``, ``-jabatan``, ``-nip``, ``-nik``.


class ReportSubmitApi(APIView):
    permission_classes = [AllowPublic]
    authentication_classes: list[Any] = []

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        # Before DRF parses the body: stream files to disk with the size limits.
        if request.method == "POST" and not ev.request_too_large(request):
            ev.install_upload_handlers(request)
        return super().dispatch(request, *args, **kwargs)

    @extend_schema(
        request={"multipart/form-data": ReportSubmitInputSerializer},
        parameters=[
            OpenApiParameter(
                "Idempotency-Key",
                OpenApiTypes.UUID,
                OpenApiParameter.HEADER,
                required=True,
                description="UUID per laporan; kiriman ulang dengan kunci yang sama "
                "tidak membuat laporan kedua (200, tanpa kode tanda terima).",
            )
        ],
        responses={
            201: ReportCreatedSerializer,
            200: ReportCreatedSerializer,
            **error_responses(400, 413, 415, 429),
        },
    )
    def post(self, request: Any) -> Response:
        if ev.request_too_large(request._request):
            _error(ReportError.REPORT_TOO_LARGE, status.HTTP_413_REQUEST_ENTITY_TOO_LARGE)
        # request.data mixes fields and files for multipart; copy the fields only.
        data = QueryDict(mutable=True)
        if isinstance(request.data, QueryDict):
            for key in request.data:
                if key not in request.FILES:
                    data.setlist(key, request.data.getlist(key))
        data["idempotency_key"] = request.headers.get("Idempotency-Key", "")
        files = request.FILES
        if (err := getattr(request._request, "evidence_error", None)) is not None:
            err.http_status = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
            raise err
        form, people = forms.ReportForm(data, files), forms.person_formset(data)
        if not (form.is_valid() & people.is_valid()):
            fields = dict(form.errors) | {
                f"terlapor-{i}-{k}": v
                for i, f in enumerate(people.forms)
                for k, v in f.errors.items()
            }
            if people.non_form_errors():
                fields["terlapor"] = list(people.non_form_errors())
            _error(ReportError.INVALID, status.HTTP_400_BAD_REQUEST, fields)
        if not services.submit_allowed(client=client_ip(request._request) or "unknown"):
            _error(ReportError.RATE_LIMITED, status.HTTP_429_TOO_MANY_REQUESTS)
        persons = [f.to_input() for f in people.forms if f.cleaned_data.get("nama")]
        try:
            result = services.report_submit(
                data=form.to_input(persons),
                files=form.cleaned_data["bukti"],
                channel=Report.Channel.API,
                actor=None,
                idempotency_key=form.cleaned_data["idempotency_key"],
            )
        except EvidenceRejected as exc:
            exc.http_status = status.HTTP_400_BAD_REQUEST
            raise
        out = ReportCreatedSerializer(
            {
                "intake_number": result.report.intake_number,
                "received_at": result.report.received_at,
                "receipt_code": result.receipt_code,
                "content_hash": result.report.content_hash,
                "created": result.created,
            }
        )
        return Response(out.data, status=201 if result.created else 200)


class StatusInputSerializer(serializers.Serializer):
    code = serializers.CharField(max_length=40)


class TimelineItemSerializer(serializers.Serializer):
    at = serializers.DateTimeField()
    text = serializers.CharField()


class MessageItemSerializer(serializers.Serializer):
    at = serializers.DateTimeField()
    direction = serializers.CharField()
    body = serializers.CharField()


class StatusOutputSerializer(serializers.Serializer):
    intake_number = serializers.CharField()
    status = serializers.CharField()
    timeline = TimelineItemSerializer(many=True)
    messages = MessageItemSerializer(many=True)


class ReportStatusApi(APIView):
    permission_classes = [AllowPublic]
    authentication_classes: list[Any] = []

    @extend_schema(
        request=StatusInputSerializer,
        responses={200: StatusOutputSerializer, **error_responses(400, 404, 415, 429)},
    )
    def post(self, request: Any) -> Response:
        inp = StatusInputSerializer(data=request.data)
        inp.is_valid(raise_exception=True)
        try:
            report = services.receipt_open(
                code=receipts.normalise(inp.validated_data["code"]),
                client=client_ip(request._request) or "unknown",
            )
        except services.ReceiptRejected as exc:
            _error(exc.code, 429 if exc.code == ReportError.RATE_LIMITED else 404)
        out = StatusOutputSerializer(
            {
                "intake_number": report.intake_number,
                "status": report.status,
                "timeline": selectors.public_timeline(report=report),
                "messages": selectors.thread(report=report),
            }
        )
        return Response(out.data)
