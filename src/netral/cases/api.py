"""Case endpoints of the integration API (issue 10 item 8): list, detail, transitions.

The same rules as the pages (house style §3, §6): every read goes through
``selectors.cases_visible_to`` (a case outside the caller's scope is a 404, like a missing
one), every state change through ``workflow.transition`` (role, scope, fields, documents,
sanctions offered, conditional UPDATE, timeline and audit log), and a refused step comes
back as the error envelope with the workflow's code (``api.errors``: ``DomainError`` →
``{"error": {"code", "message", "fields"?, "details"?}}``, 409 for a refused transition).

* ``GET  /api/v1/cases`` — cases in scope; ``antrean=1`` narrows to the caller's queue.
* ``GET  /api/v1/cases/{id}`` — one case: employees, documents (kind, number, hash; never
  a file name or path), timeline, the steps the caller may take now. Logged.
* ``POST /api/v1/cases/{id}/transitions`` — take one step.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import exceptions, serializers
from rest_framework.generics import GenericAPIView
from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import UserRateThrottle

from netral.accounts import authz
from netral.accounts.api_auth import ApiAccess
from netral.accounts.roles import Perm
from netral.cases import selectors, services, workflow
from netral.cases.models import Case, CaseStatus
from netral.core.api_responses import error_responses
from netral.core.errors import CoreError
from netral.reports.models import ElectionType

VIEW_PERMS = (Perm.CASE_VIEW, Perm.CASE_VIEW_FORWARDED, Perm.CASE_VIEW_AGENCY)
STEP_NAMES = sorted({t.name for t in workflow.TRANSITIONS if not t.system})


class CanViewCases(BasePermission):
    """One of the case-view permissions; the row scope is the selectors'."""

    def has_permission(self, request: Any, view: Any) -> bool:
        user = request.user
        return bool(
            user and user.is_authenticated and any(authz.has_perm(user, p) for p in VIEW_PERMS)
        )


CASE_API_PERMS: list[type[BasePermission]] = [ApiAccess, CanViewCases]


# --- Input ----------------------------------------------------------------------------


class CaseListIn(serializers.Serializer):
    antrean = serializers.BooleanField(
        required=False,
        default=False,
        help_text=_("Hanya perkara yang menunggu langkah peran Anda (antrean kerja)."),
    )
    status = serializers.ChoiceField(choices=CaseStatus.choices, required=False, allow_blank=True)
    lewat = serializers.BooleanField(
        required=False, default=False, help_text=_("Hanya tahap yang lewat tenggat.")
    )
    instansi = serializers.IntegerField(required=False, help_text=_("Id instansi terlapor."))
    pelanggaran = serializers.IntegerField(required=False, help_text=_("Id jenis pelanggaran."))
    pemilihan = serializers.ChoiceField(
        choices=ElectionType.choices, required=False, allow_blank=True
    )


class TransitionIn(serializers.Serializer):
    """One step. Which fields a step requires is listed per step in the case detail
    (``steps[].required_fields``); the rest are ignored by that step."""

    transition = serializers.ChoiceField(
        choices=STEP_NAMES, help_text=_("Nama langkah, dari steps[].name pada detail perkara.")
    )
    note = serializers.CharField(required=False, allow_blank=True, max_length=4000)
    discovered_on = serializers.DateField(required=False)
    recommendation_number = serializers.CharField(required=False, max_length=60)
    decree_number = serializers.CharField(required=False, max_length=60)
    decided_on = serializers.DateField(required=False)
    executed_on = serializers.DateField(required=False)
    referred_to = serializers.CharField(required=False, max_length=200)
    merged_into = serializers.CharField(
        required=False, max_length=20, help_text=_("Nomor perkara tujuan penggabungan.")
    )
    violation_type = serializers.IntegerField(
        required=False, help_text=_("Id jenis pelanggaran yang terbukti (saat meneruskan).")
    )
    sanctions = serializers.DictField(
        child=serializers.IntegerField(),
        required=False,
        help_text=_("Id terlapor → id jenis sanksi (rekomendasi dan keputusan)."),
    )
    expected_status = serializers.ChoiceField(
        choices=CaseStatus.choices,
        required=False,
        help_text=_("Status yang Anda lihat; bila sudah berubah, langkah ditolak (409)."),
    )

    def validate_violation_type(self, value: int) -> Any:
        vt = selectors.active_violation_types().filter(pk=value).first()
        if vt is None:
            raise serializers.ValidationError(_("Jenis pelanggaran tidak ditemukan."))
        return vt


# --- Output ---------------------------------------------------------------------------


class RefOut(serializers.Serializer):
    id = serializers.IntegerField()
    nama = serializers.CharField()


class ViolationOut(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    category = serializers.CharField()
    title = serializers.CharField()


class SanctionOut(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    name = serializers.CharField()
    is_moral = serializers.BooleanField()
    citation = serializers.CharField()


class CaseListOut(serializers.Serializer):
    id = serializers.UUIDField(source="public_id")
    number = serializers.CharField()
    status = serializers.ChoiceField(choices=CaseStatus.choices)
    status_label = serializers.CharField(source="get_status_display")
    election_type = serializers.CharField()
    title = serializers.CharField()
    region = serializers.CharField(source="region_kode")
    instansi = RefOut(allow_null=True)
    violation_type = ViolationOut(allow_null=True)
    stage_due_on = serializers.DateField(allow_null=True)
    days_left = serializers.SerializerMethodField()
    ppk_flagged = serializers.SerializerMethodField()

    def get_days_left(self, case: Case) -> int | None:
        return selectors.days_left(
            case,
            today=self.context.get("today"),
            working=self.context.get("working"),
            cal=self.context.get("cal"),
        )

    def get_ppk_flagged(self, case: Case) -> bool:
        return case.ppk_flagged_at is not None


class SubjectOut(serializers.Serializer):
    id = serializers.IntegerField()
    nama = serializers.CharField()
    jenis_pegawai = serializers.CharField()
    jabatan = serializers.CharField()
    pegawai = serializers.IntegerField(source="pegawai_id", allow_null=True)
    recommended_sanction = SanctionOut(allow_null=True)
    decided_sanction = SanctionOut(allow_null=True)
    executed_on = serializers.DateField(allow_null=True)
    blocked = serializers.BooleanField(source="is_blocked")
    sanctions_offered = serializers.SerializerMethodField()

    def get_sanctions_offered(self, subject: Any) -> list[int]:
        offered = selectors.sanctions_offered(
            violation_type=self.context["case"].violation_type,
            jenis_pegawai=subject.jenis_pegawai,
        )
        return list(offered.values_list("pk", flat=True))


class DocumentOut(serializers.Serializer):
    id = serializers.UUIDField(source="public_id")
    kind = serializers.CharField()
    title = serializers.CharField()
    number = serializers.CharField()
    sha256 = serializers.CharField()
    size = serializers.IntegerField()


class EventOut(serializers.Serializer):
    at = serializers.DateTimeField()
    kind = serializers.CharField()
    transition = serializers.CharField()
    status = serializers.CharField()
    text = serializers.CharField()
    actor = serializers.SerializerMethodField()

    def get_actor(self, event: Any) -> str | None:
        return str(event.actor) if event.actor_id else None


class StepOut(serializers.Serializer):
    name = serializers.CharField()
    label = serializers.CharField()
    target = serializers.CharField()
    required_fields = serializers.ListField(child=serializers.CharField())
    required_documents = serializers.ListField(child=serializers.CharField())


class CaseDetailOut(CaseListOut):
    summary = serializers.CharField()
    recommending_body = serializers.CharField(
        source="recommending_body.short_name", allow_null=True, default=None
    )
    registered_on = serializers.DateField(allow_null=True)
    registration_number = serializers.CharField()
    forwarded_on = serializers.DateField(allow_null=True)
    forwarded_to = serializers.CharField()
    ppk_received_on = serializers.DateField(allow_null=True)
    recommendation_number = serializers.CharField()
    decree_number = serializers.CharField()
    decided_on = serializers.DateField(allow_null=True)
    executed_on = serializers.DateField(allow_null=True)
    subjects = serializers.SerializerMethodField()
    documents = serializers.SerializerMethodField()
    timeline = serializers.SerializerMethodField()
    steps = serializers.SerializerMethodField()

    @extend_schema_field(SubjectOut(many=True))
    def get_subjects(self, case: Case) -> Any:
        subjects = case.subjects.select_related("recommended_sanction", "decided_sanction")
        return SubjectOut(subjects, many=True, context={**self.context, "case": case}).data

    @extend_schema_field(DocumentOut(many=True))
    def get_documents(self, case: Case) -> Any:
        return DocumentOut(case.documents.order_by("created_at", "id"), many=True).data

    @extend_schema_field(EventOut(many=True))
    def get_timeline(self, case: Case) -> Any:
        return EventOut(selectors.timeline(case=case), many=True).data

    @extend_schema_field(StepOut(many=True))
    def get_steps(self, case: Case) -> Any:
        steps = workflow.available(case=case, user=self.context["user"])
        return StepOut(steps, many=True).data


# --- Endpoints ------------------------------------------------------------------------


def _case(request: Request, public_id: Any) -> Case:
    try:
        return selectors.case_get_for_user(user=request.user, public_id=public_id)
    except Http404:
        raise exceptions.NotFound(_("Perkara tidak ditemukan.")) from None


class CaseListApi(GenericAPIView):
    """Cases in the caller's scope (50 per page), soonest due first."""

    permission_classes = CASE_API_PERMS
    throttle_classes = [UserRateThrottle]
    serializer_class = CaseListOut

    @extend_schema(
        operation_id="cases_list",
        summary=_("Daftar perkara"),
        description=_(
            "Perkara dalam lingkup akses pemilik token, tenggat terdekat lebih dulu, 50 per "
            "halaman. antrean=1: hanya yang menunggu langkah peran Anda."
        ),
        parameters=[CaseListIn],
        responses={
            200: CaseListOut(many=True),
            **error_responses(400, 401, 403, 404, 405, 429),
        },
        tags=["perkara"],
    )
    def get(self, request: Request) -> Response:
        params = CaseListIn(data=request.query_params)
        params.is_valid(raise_exception=True)
        p = params.validated_data
        today = timezone.localdate()
        qs = selectors.case_search(
            user=request.user,
            queue_only=p["antrean"],
            status=p.get("status", ""),
            overdue=p["lewat"],
            instansi_id=p.get("instansi"),
            violation_type_id=p.get("pelanggaran"),
            election_type=p.get("pemilihan", ""),
            today=today,
        )
        page = self.paginate_queryset(qs)
        context = {
            "today": today,
            "working": selectors.working_rules(),
            "cal": selectors.list_calendar(list(page), today),
        }
        data = CaseListOut(page, many=True, context=context).data
        return self.get_paginated_response(data)


class CaseDetailApi(GenericAPIView):
    """One case in the caller's scope; 404 when missing or out of scope. Logged."""

    permission_classes = CASE_API_PERMS
    throttle_classes = [UserRateThrottle]
    serializer_class = CaseDetailOut

    @extend_schema(
        operation_id="cases_detail",
        summary=_("Detail perkara"),
        description=_(
            "Terlapor dan sanksinya, dokumen (jenis, nomor, hash), riwayat, dan langkah yang "
            "dapat Anda ambil sekarang; 404 bila tidak ada atau di luar lingkup. Setiap "
            "akses dicatat dalam log audit."
        ),
        responses={
            200: CaseDetailOut,
            **error_responses(400, 401, 403, 404, 405, 429),
        },
        tags=["perkara"],
    )
    def get(self, request: Request, public_id: Any) -> Response:
        case = _case(request, public_id)
        services.case_viewed(case=case, actor=request.user)
        return Response(CaseDetailOut(case, context={"user": request.user}).data)


class CaseTransitionApi(GenericAPIView):
    """Take one step of the case workflow, with the same checks as the case page."""

    permission_classes = CASE_API_PERMS
    throttle_classes = [UserRateThrottle]
    serializer_class = TransitionIn

    @extend_schema(
        operation_id="cases_transition",
        summary=_("Ambil langkah perkara"),
        description=_(
            "Satu langkah alur perkara dengan syarat yang sama seperti di halaman perkara: "
            "peran dan lingkup, isian dan dokumen wajib, sanksi yang sesuai jenis pegawai dan "
            "pelanggaran. Ditolak: 409 dengan kode (invalid_transition, not_allowed, "
            "missing_fields, missing_documents, stale_state, sanction_not_allowed, ...)."
        ),
        request=TransitionIn,
        responses={
            200: CaseDetailOut,
            **error_responses(400, 401, 403, 404, 405, 409, 413, 415, 429),
        },
        tags=["perkara"],
    )
    def post(self, request: Request, public_id: Any) -> Response:
        case = _case(request, public_id)
        data = TransitionIn(data=request.data)
        data.is_valid(raise_exception=True)
        values: dict[str, Any] = dict(data.validated_data)
        step = values.pop("transition")
        note = values.pop("note", "")
        expected = values.pop("expected_status", None)
        if expected is not None and expected != case.status:
            raise workflow.WORKFLOW.error(CoreError.STALE_STATE, transition=step)
        if "merged_into" in values:
            other = (
                selectors.cases_visible_to(user=request.user)
                .filter(number=values["merged_into"].strip())
                .values_list("pk", flat=True)
                .first()
            )
            values["merged_into"] = other if other is not None else -1
        case = workflow.transition(case=case, to=step, actor=request.user, note=note, fields=values)
        case.refresh_from_db()  # the caller just acted on it: the answer shows the result
        return Response(CaseDetailOut(case, context={"user": request.user}).data)
