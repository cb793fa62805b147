"""Screening endpoints of the integration API (issue 12; house style §6: one endpoint per
operation, separate input and output serializers).

A token sees exactly what its user sees on the pages: the same scoped selectors
(``selectors.queue``, ``post_get_for_user``) and the same services (dismiss with a reason,
confirm into a *temuan* and a case). Nothing here sanctions anyone (SKB 2022 lampiran).

* ``GET  /api/v1/screening/elections``            lexicons
* ``POST /api/v1/screening/elections``            import a lexicon (issue JSON shape)
* ``POST /api/v1/screening/uploads``              multipart ``file`` + ``election``: 202 + job
* ``GET  /api/v1/screening/uploads/<job>``        progress / outcome of an upload
* ``GET  /api/v1/screening/flags``                review queue by score (filters)
* ``GET  /api/v1/screening/flags/<id>``           one flag with its explanation
* ``POST /api/v1/screening/flags/dismiss``        bulk dismiss with a reason
* ``POST /api/v1/screening/flags/<id>/confirm``   confirm into a temuan (and a case)
"""

from __future__ import annotations

from typing import Any

from django.http import Http404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, serializers, status
from rest_framework.generics import GenericAPIView
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import UserRateThrottle

from netral.accounts.api_auth import ApiAccess, require
from netral.accounts.roles import Perm
from netral.core.api_responses import error_responses
from netral.core.models import JobProgress
from netral.screening import selectors, services
from netral.screening.errors import LexiconInvalid, ReviewError
from netral.screening.forms import MAX_UPLOAD_MB
from netral.screening.models import Election, Post

PERMS = [ApiAccess, require(Perm.SCREENING_REVIEW)]
TAGS = ["penyaringan"]


def _domain_error(exc: Any, http: int) -> Response:
    body: dict[str, Any] = {"code": exc.code.value, "message": exc.message}
    if exc.params.get("errors"):
        body["errors"] = [list(e) if isinstance(e, tuple) else e for e in exc.params["errors"]]
    return Response({"error": body}, status=http)


# --- Serializers --------------------------------------------------------------------------


class CandidateIn(serializers.Serializer):
    number = serializers.IntegerField(min_value=1)
    names = serializers.ListField(child=serializers.CharField(), allow_empty=False)
    aliases = serializers.ListField(child=serializers.CharField(), required=False)
    slogans = serializers.ListField(child=serializers.CharField(), required=False)
    hashtags = serializers.ListField(child=serializers.CharField(), required=False)
    parties = serializers.ListField(child=serializers.CharField(), required=False)


class ElectionIn(serializers.Serializer):
    election = serializers.CharField(max_length=200)
    type = serializers.ChoiceField(choices=Election.Type.choices)
    voting_day = serializers.DateField()
    campaign_start = serializers.DateField(required=False, allow_null=True)
    campaign_end = serializers.DateField(required=False, allow_null=True)
    candidates = CandidateIn(many=True)


class ElectionOut(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    type = serializers.CharField()
    voting_day = serializers.DateField()
    campaign_start = serializers.DateField(allow_null=True)
    campaign_end = serializers.DateField(allow_null=True)
    candidates = serializers.JSONField()


class UploadIn(serializers.Serializer):
    election = serializers.IntegerField(help_text=_("Id leksikon pemilihan."))
    file = serializers.FileField(
        help_text=_(
            "CSV atau NDJSON: post_id, platform, author_handle, action, text, "
            "target_text, posted_at (+ url, author_name, target_author)."
        )
    )


class JobOut(serializers.Serializer):
    id = serializers.IntegerField()
    status = serializers.CharField()
    done = serializers.IntegerField()
    total = serializers.IntegerField()
    message = serializers.CharField()
    result = serializers.JSONField()


class EmployeeOut(serializers.Serializer):
    id = serializers.IntegerField()
    nama = serializers.CharField()
    nip = serializers.CharField(allow_null=True)


class FlagOut(serializers.Serializer):
    id = serializers.IntegerField()
    batch = serializers.IntegerField(source="batch_id")
    post_id = serializers.CharField()
    platform = serializers.CharField()
    author_handle = serializers.CharField()
    author_name = serializers.CharField()
    action = serializers.CharField()
    text = serializers.CharField()
    target_text = serializers.CharField()
    url = serializers.CharField()
    posted_at = serializers.DateTimeField(allow_null=True)
    captured_at = serializers.DateTimeField()
    content_hash = serializers.CharField()
    partisan = serializers.BooleanField()
    partisan_score = serializers.FloatField()
    hate = serializers.BooleanField()
    hate_score = serializers.FloatField()
    hoax = serializers.BooleanField()
    hoax_score = serializers.FloatField()
    score = serializers.FloatField()
    explanation = serializers.CharField()
    status = serializers.CharField()
    employee = EmployeeOut(source="pegawai", allow_null=True)
    link_method = serializers.CharField()
    link_confidence = serializers.FloatField()


class QueueIn(serializers.Serializer):
    status = serializers.ChoiceField(
        choices=[("", "")] + list(Post.Status.choices), required=False, default="pending"
    )
    detector = serializers.ChoiceField(
        choices=["partisan", "hate", "hoax"], required=False, allow_blank=True
    )
    linked = serializers.ChoiceField(choices=["yes", "no"], required=False, allow_blank=True)
    batch = serializers.IntegerField(required=False)
    q = serializers.CharField(required=False, allow_blank=True, max_length=100)


class DismissIn(serializers.Serializer):
    ids = serializers.ListField(child=serializers.IntegerField(), allow_empty=False, max_length=500)
    reason = serializers.CharField(max_length=1000)


class DismissOut(serializers.Serializer):
    dismissed = serializers.IntegerField()


class ConfirmIn(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, max_length=2000)


class ConfirmOut(serializers.Serializer):
    report = serializers.CharField(help_text=_("Nomor agenda temuan."))
    report_id = serializers.UUIDField()
    case = serializers.CharField(allow_null=True, help_text=_("Nomor perkara yang dibuka."))
    case_id = serializers.UUIDField(allow_null=True)


# --- Endpoints ----------------------------------------------------------------------------


class ElectionsApi(GenericAPIView):
    permission_classes = PERMS
    throttle_classes = [UserRateThrottle]
    serializer_class = ElectionOut
    pagination_class = None

    @extend_schema(
        operation_id="screening_elections_list",
        summary=_("Daftar leksikon pemilihan"),
        responses={200: ElectionOut(many=True), **error_responses(400, 401, 403, 404, 405, 429)},
        tags=TAGS,
    )
    def get(self, request: Request) -> Response:
        qs = selectors.elections_for(user=request.user)
        return Response(ElectionOut(qs, many=True).data)

    @extend_schema(
        operation_id="screening_elections_import",
        summary=_("Impor leksikon pemilihan"),
        description=_(
            "Leksikon dalam bentuk JSON isu 12; pemilihan dengan nama yang sama diperbarui."
        ),
        request=ElectionIn,
        responses={
            201: ElectionOut,
            **error_responses(400, 401, 403, 404, 405, 409, 413, 415, 429),
        },
        tags=TAGS,
    )
    def post(self, request: Request) -> Response:
        ElectionIn(data=request.data).is_valid(raise_exception=True)
        try:
            election = services.election_save(data=request.data, actor=request.user)
        except LexiconInvalid as exc:
            return _domain_error(exc, status.HTTP_400_BAD_REQUEST)
        return Response(ElectionOut(election).data, status=status.HTTP_201_CREATED)


class UploadApi(GenericAPIView):
    permission_classes = PERMS
    throttle_classes = [UserRateThrottle]
    parser_classes = [MultiPartParser, FormParser]
    serializer_class = UploadIn

    @extend_schema(
        operation_id="screening_upload",
        summary=_("Unggah berkas unggahan media sosial untuk disaring"),
        description=_(
            "Berkas disimpan lalu disaring di latar belakang; pantau dengan "
            "``GET /api/v1/screening/uploads/{id}``. Satu baris salah menolak seluruh berkas "
            "(nomor barisnya dilaporkan)."
        ),
        request={"multipart/form-data": UploadIn},
        responses={202: JobOut, **error_responses(400, 401, 403, 404, 405, 409, 413, 415, 429)},
        tags=TAGS,
    )
    def post(self, request: Request) -> Response:
        data = UploadIn(data=request.data)
        data.is_valid(raise_exception=True)
        f = data.validated_data["file"]
        if f.size > MAX_UPLOAD_MB * 1024 * 1024:
            raise exceptions.ValidationError(
                {"file": [_("Berkas lebih dari %(mb)s MB.") % {"mb": MAX_UPLOAD_MB}]}
            )
        election = (
            selectors.elections_for(user=request.user)
            .filter(pk=data.validated_data["election"])
            .first()
        )
        if election is None:
            raise exceptions.ValidationError({"election": [_("Leksikon tidak ditemukan.")]})
        job = services.upload_start(
            election=election, data=f.read(), filename=f.name, actor=request.user
        )
        return Response(JobOut(job).data, status=status.HTTP_202_ACCEPTED)


class UploadStatusApi(GenericAPIView):
    permission_classes = PERMS
    throttle_classes = [UserRateThrottle]
    serializer_class = JobOut

    @extend_schema(
        operation_id="screening_upload_status",
        summary=_("Kemajuan penyaringan satu unggahan"),
        responses={200: JobOut, **error_responses(400, 401, 403, 404, 405, 429)},
        tags=TAGS,
    )
    def get(self, request: Request, pk: int) -> Response:
        job = JobProgress.objects.filter(pk=pk, owner=request.user, kind="screening.upload").first()
        if job is None:
            raise exceptions.NotFound(_("Unggahan tidak ditemukan."))
        return Response(JobOut(job).data)


class FlagListApi(GenericAPIView):
    """The review queue, highest score first (50 per page)."""

    permission_classes = PERMS
    throttle_classes = [UserRateThrottle]
    serializer_class = FlagOut

    @extend_schema(
        operation_id="screening_flags_list",
        summary=_("Antrean telaah penyaringan"),
        description=_(
            "Tandaan dalam lingkup wilayah pemilik token, urut skor tertinggi; saring "
            "dengan status (kosong = semua yang ditandai), detektor, tertaut pegawai, "
            "unggahan, atau kata."
        ),
        parameters=[QueueIn],
        responses={200: FlagOut(many=True), **error_responses(400, 401, 403, 404, 405, 429)},
        tags=TAGS,
    )
    def get(self, request: Request) -> Response:
        params = QueueIn(data=request.query_params)
        params.is_valid(raise_exception=True)
        qs = selectors.queue(user=request.user, **params.validated_data)
        page = self.paginate_queryset(qs)
        return self.get_paginated_response(FlagOut(page, many=True).data)


def _post(request: Request, pk: int) -> Post:
    try:
        return selectors.post_get_for_user(user=request.user, pk=pk)
    except Http404:
        raise exceptions.NotFound(_("Tandaan tidak ditemukan.")) from None


class FlagDetailApi(GenericAPIView):
    permission_classes = PERMS
    throttle_classes = [UserRateThrottle]
    serializer_class = FlagOut

    @extend_schema(
        operation_id="screening_flag_detail",
        summary=_("Satu tandaan dengan penjelasannya"),
        description=_("404 bila tidak ada atau di luar lingkup wilayah."),
        responses={200: FlagOut, **error_responses(400, 401, 403, 404, 405, 429)},
        tags=TAGS,
    )
    def get(self, request: Request, pk: int) -> Response:
        return Response(FlagOut(_post(request, pk)).data)


class FlagDismissApi(GenericAPIView):
    permission_classes = PERMS
    throttle_classes = [UserRateThrottle]
    serializer_class = DismissIn

    @extend_schema(
        operation_id="screening_flags_dismiss",
        summary=_("Tolak tandaan (massal) dengan alasan"),
        description=_(
            "Hanya tandaan yang masih menunggu telaah yang berubah; tiap penolakan disimpan "
            "sebagai data berlabel untuk evaluasi."
        ),
        request=DismissIn,
        responses={200: DismissOut, **error_responses(400, 401, 403, 404, 405, 409, 413, 415, 429)},
        tags=TAGS,
    )
    def post(self, request: Request) -> Response:
        data = DismissIn(data=request.data)
        data.is_valid(raise_exception=True)
        posts = list(
            selectors.posts_visible_to(user=request.user).filter(pk__in=data.validated_data["ids"])
        )
        if not posts:
            raise exceptions.NotFound(_("Tandaan tidak ditemukan."))
        try:
            n = services.flags_dismiss(
                posts=posts, reason=data.validated_data["reason"], actor=request.user
            )
        except ReviewError as exc:
            return _domain_error(exc, status.HTTP_400_BAD_REQUEST)
        return Response(DismissOut({"dismissed": n}).data)


class FlagConfirmApi(GenericAPIView):
    permission_classes = PERMS
    throttle_classes = [UserRateThrottle]
    serializer_class = ConfirmIn

    @extend_schema(
        operation_id="screening_flag_confirm",
        summary=_("Konfirmasi tandaan menjadi temuan"),
        description=_(
            "Unggahan menjadi temuan (Perbawaslu 7/2022) beserta buktinya dan membuka perkara "
            "pada tahap kajian awal bila pemilik token berwenang; 409 bila sudah ditelaah."
        ),
        request=ConfirmIn,
        responses={201: ConfirmOut, **error_responses(400, 401, 403, 404, 405, 409, 413, 415, 429)},
        tags=TAGS,
    )
    def post(self, request: Request, pk: int) -> Response:
        data = ConfirmIn(data=request.data)
        data.is_valid(raise_exception=True)
        post = _post(request, pk)
        try:
            report = services.flag_confirm(
                post=post, actor=request.user, note=data.validated_data.get("note", "")
            )
        except ReviewError as exc:
            return _domain_error(exc, status.HTTP_409_CONFLICT)
        case = post.case
        out = {
            "report": report.intake_number,
            "report_id": report.public_id,
            "case": case.number if case else None,
            "case_id": case.public_id if case else None,
        }
        return Response(ConfirmOut(out).data, status=status.HTTP_201_CREATED)
