"""The case state machine (house style §4) on the one engine in ``core.workflow``.

Both tracks of shared/domain.md §3 (Pemilu counts working days, Pilkada calendar days;
the difference lives in the ``reports.DeadlineRule`` rows, not here):

informasi awal → (temuan) → kajian awal → [dikembalikan → dilengkapi | tidak diregistrasi]
→ registrasi dan kajian (klarifikasi, berita acara; perpanjangan; Gakkumdu sejajar)
→ tidak terbukti | terbukti → diteruskan ke lembaga (ASN) → pemeriksaan → rekomendasi
ke PPK | diteruskan ke instansi pemberi kerja (non-ASN) → keputusan PPK (SK hukuman
disiplin / pernyataan sanksi moral) → [keberatan] → dilaksanakan BKPSDM → selesai;
plus digabung, dilimpahkan, dicabut (hanya sebelum registrasi).

Each ``Transition`` names its permission (which carries the role, accounts/roles.py),
required fields and documents, the deadline rule that starts, and the text a reporter
may read. ``transition`` is the one entry point; it validates the step-specific fields
(sanctions offered, merge target) and calls ``WORKFLOW.apply``, which does the
conditional UPDATE, the timeline event and the audit entry in one transaction.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from netral.accounts import authz
from netral.accounts.roles import Perm, Role
from netral.cases.errors import CaseError
from netral.cases.models import (
    Case,
    CaseDocument,
    CaseEvent,
    CaseStage,
    CaseStatus,
    RecommendingBody,
)
from netral.core import audit, calendar
from netral.core.errors import CoreError, InvalidTransition
from netral.core.workflow import Transition, TransitionContext, Workflow
from netral.reports.models import DeadlineRule, ElectionType, SanctionType

if TYPE_CHECKING:
    from netral.accounts.models import User

S = CaseStatus
D = CaseDocument.Kind
K = DeadlineRule.Kind

TRANSITIONED = audit.register("cases.status.changed", _("Status perkara diubah"))


# -- guards (state of the row only; field checks are in ``transition``) ----------------
def _has_asn(case: Case, ctx: TransitionContext) -> Any:
    subjects = list(case.subjects.all())
    if not subjects:
        return CaseError.NO_SUBJECTS
    return None if any(s.is_asn for s in subjects) else CaseError.WRONG_TRACK


def _all_non_asn(case: Case, ctx: TransitionContext) -> Any:
    subjects = list(case.subjects.all())
    if not subjects:
        return CaseError.NO_SUBJECTS
    return None if all(not s.is_asn for s in subjects) else CaseError.WRONG_TRACK


def _not_extended(case: Case, ctx: TransitionContext) -> Any:
    return CaseError.ALREADY_EXTENDED if case.study_extended else None


def _not_at_gakkumdu(case: Case, ctx: TransitionContext) -> Any:
    return CaseError.ALREADY_GAKKUMDU if case.gakkumdu_on else None


def _has_violation_type(case: Case, ctx: TransitionContext) -> Any:
    # Before the form is filled in, the step is offered: its form asks for the type.
    if not ctx.fields_known or ctx.fields.get("violation_type") or case.violation_type_id:
        return None
    return CaseError.NO_VIOLATION_TYPE


def _guards(*guards: Any) -> Any:
    def run(case: Case, ctx: TransitionContext) -> Any:
        for g in guards:
            if error := g(case, ctx):
                return error
        return None

    return run


BEFORE_REGISTRATION = (S.INFORMASI, S.INITIAL_STUDY, S.RETURNED)

TRANSITIONS: tuple[Transition, ...] = (
    Transition(
        name="to_temuan",
        source=(S.INFORMASI,),
        target=S.INITIAL_STUDY,
        permission=Perm.CASE_INTAKE,
        required_fields=("discovered_on",),
        deadline=K.TEMUAN_WINDOW,
        label=_("Jadikan temuan"),
        public_text=_("Informasi Anda ditindaklanjuti sebagai temuan pengawas."),
    ),
    Transition(
        name="mark_incomplete",
        source=(S.INITIAL_STUDY,),
        target=S.RETURNED,
        permission=Perm.CASE_INTAKE,
        required_fields=("note",),
        deadline=K.COMPLETION,
        label=_("Kembalikan untuk dilengkapi"),
        public_text=_("Laporan Anda belum lengkap. Lengkapi sesuai pemberitahuan petugas."),
    ),
    Transition(
        name="completed",
        source=(S.RETURNED,),
        target=S.INITIAL_STUDY,
        permission=Perm.CASE_INTAKE,
        deadline=K.INITIAL_STUDY,
        label=_("Laporan sudah dilengkapi"),
        public_text=_("Kelengkapan laporan Anda sudah diterima dan ditelaah kembali."),
    ),
    Transition(
        name="not_register",
        source=(S.INFORMASI, S.INITIAL_STUDY, S.RETURNED),
        target=S.NOT_REGISTERED,
        permission=Perm.CASE_INTAKE,
        required_fields=("note",),
        label=_("Tidak diregistrasi"),
        public_text=_("Laporan Anda tidak dapat diregistrasi. Alasannya disampaikan petugas."),
    ),
    Transition(
        name="register",
        source=(S.INITIAL_STUDY,),
        target=S.STUDY,
        permission=Perm.CASE_STUDY,
        deadline=K.STUDY,
        label=_("Registrasi dan mulai kajian"),
        public_text=_("Laporan Anda diregistrasi dan sedang dikaji."),
    ),
    Transition(
        name="extend_study",
        source=(S.STUDY,),
        target=S.STUDY,
        permission=Perm.CASE_STUDY,
        guard=_not_extended,
        required_fields=("note",),
        deadline=K.STUDY_EXTENDED,
        label=_("Perpanjang kajian (perlu keterangan tambahan)"),
        public_text=_("Kajian diperpanjang karena memerlukan keterangan tambahan."),
    ),
    Transition(
        name="refer_gakkumdu",
        source=(S.STUDY,),
        target=S.STUDY,
        permission=Perm.CASE_STUDY,
        guard=_not_at_gakkumdu,
        required_fields=("note",),
        label=_("Teruskan dugaan tindak pidana ke Gakkumdu"),
        public_text="",
    ),
    Transition(
        name="not_proven",
        source=(S.STUDY,),
        target=S.NOT_PROVEN,
        permission=Perm.CASE_STUDY,
        required_fields=("note",),
        required_documents=(D.HASIL_KAJIAN,),
        label=_("Tidak terbukti, hentikan"),
        public_text=_("Hasil kajian: dugaan pelanggaran tidak terbukti. Penanganan dihentikan."),
    ),
    Transition(
        name="forward_body",
        source=(S.STUDY,),
        target=S.FORWARDED,
        permission=Perm.CASE_STUDY,
        guard=_guards(_has_asn, _has_violation_type),
        required_documents=(D.BA_KLARIFIKASI, D.HASIL_KAJIAN),
        deadline=K.BODY_RECOMMENDATION,
        label=_("Terbukti: teruskan ke lembaga pemberi rekomendasi"),
        public_text=_("Hasil kajian diteruskan kepada lembaga yang berwenang."),
    ),
    Transition(
        name="forward_agency",
        source=(S.STUDY,),
        target=S.AGENCY,
        permission=Perm.CASE_STUDY,
        guard=_guards(_all_non_asn, _has_violation_type),
        required_documents=(D.BA_KLARIFIKASI, D.HASIL_KAJIAN),
        deadline=K.PPK_FOLLOWUP,
        label=_("Terbukti: teruskan ke instansi pemberi kerja (non-ASN)"),
        public_text=_("Hasil kajian diteruskan kepada instansi pemberi kerja terlapor."),
    ),
    Transition(
        name="refer",
        source=(S.INITIAL_STUDY, S.RETURNED, S.STUDY),
        target=S.REFERRED,
        permission=Perm.CASE_INTAKE,
        required_fields=("referred_to",),
        label=_("Limpahkan ke tingkat lain"),
        public_text=_("Laporan Anda dilimpahkan kepada pengawas yang berwenang."),
    ),
    Transition(
        name="merge",
        source=(S.INFORMASI, S.INITIAL_STUDY, S.RETURNED, S.STUDY),
        target=S.MERGED,
        permission=Perm.CASE_INTAKE,
        required_fields=("merged_into",),
        label=_("Gabungkan dengan perkara lain (kejadian dan terlapor sama)"),
        public_text=_("Laporan Anda digabung dengan laporan lain tentang kejadian yang sama."),
    ),
    Transition(
        name="withdraw",
        source=BEFORE_REGISTRATION,
        target=S.WITHDRAWN,
        permission=Perm.CASE_INTAKE,
        required_fields=("note",),
        label=_("Laporan dicabut pelapor"),
        public_text=_("Laporan Anda telah dicabut atas permintaan Anda."),
    ),
    Transition(
        name="body_verify",
        source=(S.FORWARDED,),
        target=S.BODY_EXAM,
        permission=Perm.CASE_RECOMMEND,
        label=_("Terima dan periksa"),
        public_text=_("Lembaga pemberi rekomendasi sedang memeriksa perkara."),
    ),
    Transition(
        name="body_dismiss",
        source=(S.BODY_EXAM,),
        target=S.NOT_PROVEN,
        permission=Perm.CASE_RECOMMEND,
        required_fields=("note",),
        label=_("Tidak terbukti menurut pemeriksaan lembaga"),
        public_text=_("Pemeriksaan lembaga: pelanggaran tidak terbukti. Penanganan dihentikan."),
    ),
    Transition(
        name="recommend",
        source=(S.BODY_EXAM,),
        target=S.RECOMMENDED,
        permission=Perm.CASE_RECOMMEND,
        required_fields=("recommendation_number", "sanctions"),
        required_documents=(D.REKOMENDASI,),
        deadline=K.PPK_FOLLOWUP,
        label=_("Rekomendasikan sanksi kepada PPK"),
        public_text=_("Rekomendasi sanksi telah disampaikan kepada pejabat pembina kepegawaian."),
    ),
    Transition(
        name="decide",
        source=(S.RECOMMENDED, S.AGENCY),
        target=S.DECIDED,
        permission=Perm.CASE_DECIDE,
        required_fields=("decree_number", "decided_on"),
        deadline=K.EXECUTION,
        label=_("Tetapkan keputusan sanksi"),
        public_text=_("Pejabat pembina kepegawaian telah menetapkan sanksi."),
    ),
    Transition(
        name="appeal",
        source=(S.DECIDED,),
        target=S.APPEAL,
        permission=Perm.CASE_DECIDE,
        required_fields=("note",),
        label=_("Catat upaya administratif terlapor"),
        public_text=_("Terlapor mengajukan upaya administratif atas keputusan sanksi."),
    ),
    Transition(
        name="appeal_resolve",
        source=(S.APPEAL,),
        target=S.DECIDED,
        permission=Perm.CASE_DECIDE,
        required_fields=("decree_number", "decided_on"),
        deadline=K.EXECUTION,
        label=_("Putuskan upaya administratif"),
        public_text=_("Upaya administratif telah diputus."),
    ),
    Transition(
        name="execute",
        source=(S.DECIDED,),
        target=S.EXECUTED,
        permission=Perm.CASE_EXECUTE,
        required_fields=("executed_on",),
        required_documents=(D.LAPORAN_PELAKSANAAN,),
        label=_("Sanksi dilaksanakan dan dilaporkan"),
        public_text=_("Sanksi telah dilaksanakan oleh instansi."),
    ),
    Transition(
        name="close",
        source=(S.EXECUTED,),
        target=S.CLOSED,
        permission=Perm.CASE_COMPLIANCE,
        roles=(Role.BAWASLU, Role.KASN_BKN),
        label=_("Tutup perkara"),
        public_text=_("Penanganan laporan Anda selesai."),
    ),
)

# The role that answers for each open state, and whom the sweep escalates to
# (shared/domain.md §1, §3.7: BKN monitors the PPK; the PPK supervises BKPSDM).
RESPONSIBLE: dict[str, str] = {
    S.INFORMASI: Role.BAWASLU,
    S.INITIAL_STUDY: Role.BAWASLU,
    S.RETURNED: Role.BAWASLU,
    S.STUDY: Role.BAWASLU,
    S.FORWARDED: Role.KASN_BKN,
    S.BODY_EXAM: Role.KASN_BKN,
    S.RECOMMENDED: Role.PPK,
    S.AGENCY: Role.PPK,
    S.APPEAL: Role.PPK,
    S.DECIDED: Role.HR_ADMIN,
    S.EXECUTED: Role.BAWASLU,
}
SUPERVISOR: dict[str, str] = {
    Role.BAWASLU: Role.SATGAS,
    Role.KASN_BKN: Role.SATGAS,
    Role.PPK: Role.KASN_BKN,
    Role.HR_ADMIN: Role.PPK,
}


# Where each deadline rule counts from (DeadlineRule.start_event → a date on the case).
def _start_date(case: Case, rule: str, today: dt.date) -> dt.date:
    if rule == K.TEMUAN_WINDOW:
        return case.discovered_on or today
    if rule in (K.STUDY, K.STUDY_EXTENDED):
        return case.registered_on or today
    if rule == K.BODY_RECOMMENDATION:
        return case.forwarded_on or today
    if rule == K.PPK_FOLLOWUP:
        return case.ppk_received_on or today
    if rule == K.EXECUTION:
        return case.decided_on or today
    return today


def election_of(case: Case) -> str:
    # An unknown election type is handled on the stricter Pemilu track (working days).
    return case.election_type if case.election_type == ElectionType.PILKADA else ElectionType.PEMILU


def rule_for(*, kind: str, election_type: str) -> DeadlineRule:
    """The deadline row for ``kind`` on the election track (data, with citation)."""
    track = election_type if election_type == ElectionType.PILKADA else ElectionType.PEMILU
    return DeadlineRule.objects.get(kind=kind, election_type=track)


def due_date(*, kind: str, election_type: str, start: dt.date) -> dt.date:
    """Due date of the ``kind`` limit counted from the day after ``start``
    (core.calendar; shared/domain.md §3)."""
    rule = rule_for(kind=kind, election_type=election_type)
    return calendar.add_days(start, rule.days, working=rule.working_days)


def recommending_body_on(day: dt.date) -> RecommendingBody | None:
    """The body in force on ``day`` (KASN until 3-9-2024, BKN since 4-9-2024)."""
    return (
        RecommendingBody.objects.filter(effective_from__lte=day)
        .filter(Q(effective_until__isnull=True) | Q(effective_until__gte=day))
        .order_by("-effective_from")
        .first()
    )


# -- engine hooks ---------------------------------------------------------------------
def _permission(actor: User, t: Transition, case: Case) -> bool:
    """The actor has the step's permission (and role, when the step names roles) and the
    case lies in their scope (selectors.cases_visible_to: fails closed)."""
    from netral.cases.selectors import case_visible

    if t.permission and not authz.has_perm(actor, t.permission):
        return False
    if t.roles and not (authz.roles(actor) & set(t.roles)):
        return False
    return case_visible(user=actor, case=case)


def _documents(case: Case) -> set[str]:
    return set(case.documents.values_list("kind", flat=True))


def _today(ctx: TransitionContext) -> dt.date:
    return timezone.localdate(ctx.now)


def _updates(case: Case, ctx: TransitionContext) -> dict[str, Any]:
    t, f, today = ctx.transition, ctx.fields, _today(ctx)
    v: dict[str, Any] = {}
    if t.name == "to_temuan":
        v["discovered_on"] = f["discovered_on"]
    elif t.name == "register":
        v["registered_on"] = today
        v["registration_number"] = f.get("registration_number") or f"REG/{case.number}"
    elif t.name == "extend_study":
        v["study_extended"] = True
    elif t.name == "refer_gakkumdu":
        v["gakkumdu_on"] = today
    elif t.name in ("not_register", "not_proven", "body_dismiss", "withdraw"):
        v["closing_reason"] = f.get("note", "")
    elif t.name == "forward_body":
        v["forwarded_on"] = today
        v["forwarded_to"] = Case.ForwardedTo.BODY
        v["recommending_body"] = recommending_body_on(today)
    elif t.name == "forward_agency":
        v["forwarded_on"] = today
        v["forwarded_to"] = Case.ForwardedTo.AGENCY
        v["ppk_received_on"] = today
    elif t.name == "recommend":
        v["recommendation_number"] = f["recommendation_number"]
        v["ppk_received_on"] = today
    elif t.name in ("decide", "appeal_resolve"):
        v["decree_number"] = f["decree_number"]
        v["decided_on"] = f["decided_on"]
    elif t.name == "execute":
        v["executed_on"] = f["executed_on"]
    elif t.name == "refer":
        v["referred_to"] = f["referred_to"]
    elif t.name == "merge":
        v["merged_into"] = f["merged_into"]
    if "violation_type" in f and f["violation_type"] is not None:
        v["violation_type"] = f["violation_type"]
    # The stage the target state opens, with its due date from the data rows.
    for key, value in v.items():
        setattr(case, key, value)
    if t.deadline:
        start = _start_date(case, t.deadline, today)
        v["stage_due_on"] = due_date(kind=t.deadline, election_type=case.election_type, start=start)
        v["stage_rule"] = t.deadline
    elif _keeps_stage(t):
        v["stage_due_on"], v["stage_rule"] = case.stage_due_on, case.stage_rule
    else:
        v["stage_due_on"], v["stage_rule"] = None, ""
    return v


def _keeps_stage(t: Transition) -> bool:
    """A self-loop without a new deadline (Gakkumdu) and the body's acceptance keep the
    open stage and its due date."""
    if t.deadline:
        return False
    return (t.source == (t.target,)) or t.target == S.BODY_EXAM


def _write_event(case: Case, ctx: TransitionContext) -> None:
    t = ctx.transition
    CaseEvent.objects.create(
        case=case,
        kind=CaseEvent.Kind.STATUS,
        transition=t.name,
        status=t.target,
        text=ctx.note,
        public_text=str(t.public_text or ""),
        actor=ctx.actor,
    )


def _after(case: Case, ctx: TransitionContext) -> None:
    """Side rows of a step: the stage record, the sanctions per employee, the HR-data
    block lifted on execution (Peraturan BKN 1/2023)."""
    t, f = ctx.transition, ctx.fields
    if t.name == "recommend":
        for subject in case.subjects.all():
            subject.recommended_sanction = f["sanctions"][subject.pk]
            subject.save(update_fields=["recommended_sanction", "updated_at"])
    if t.name in ("decide", "appeal_resolve"):
        chosen = f.get("sanctions") or {}
        for subject in case.subjects.all():
            subject.decided_sanction = chosen.get(subject.pk) or subject.recommended_sanction
            subject.save(update_fields=["decided_sanction", "updated_at"])
    if t.name == "execute":
        case.subjects.update(executed_on=f["executed_on"], updated_at=ctx.now)
        case.subjects.filter(blocked_at__isnull=False, block_lifted_at__isnull=True).update(
            block_lifted_at=ctx.now
        )
        case.alerts.filter(resolved_at__isnull=True).update(resolved_at=ctx.now)
    if t.name == "to_temuan":
        from netral.reports.services import informasi_to_temuan

        for link in case.case_reports.select_related("report"):
            if link.report.kind == link.report.Kind.INFORMASI:
                informasi_to_temuan(
                    report=link.report, discovered_on=f["discovered_on"], actor=ctx.actor
                )
    if t.name == "merge":
        CaseEvent.objects.create(
            case=f["merged_into"],
            kind=CaseEvent.Kind.NOTE,
            text=str(_("Perkara %(number)s digabung ke perkara ini.") % {"number": case.number}),
            actor=ctx.actor,
        )
    if _keeps_stage(t):
        return
    CaseStage.objects.filter(case=case, completed_at__isnull=True).update(completed_at=ctx.now)
    case.alerts.filter(resolved_at__isnull=True).update(resolved_at=ctx.now)
    if case.stage_due_on is not None:
        rule = rule_for(kind=case.stage_rule, election_type=case.election_type)
        CaseStage.objects.create(
            case=case,
            status=t.target,
            rule=case.stage_rule,
            responsible_role=RESPONSIBLE.get(t.target, ""),
            started_on=_start_date(case, case.stage_rule, _today(ctx)),
            due_on=case.stage_due_on,
            working_days=rule.working_days,
        )


def _on_commit(case: Case, ctx: TransitionContext) -> None:
    from netral.core.tasks import enqueue_on_commit

    if ctx.transition.public_text:
        enqueue_on_commit("netral.cases.tasks.notify_reporters", case.pk, ctx.transition.name)


WORKFLOW = Workflow(
    name="cases",
    model=Case,
    transitions=TRANSITIONS,
    permission_check=_permission,
    audit_action=TRANSITIONED,
    write_event=_write_event,
    updates=_updates,
    documents_present=_documents,
    after_apply=_after,
    on_commit=_on_commit,
)

STATES = frozenset(str(s) for s in CaseStatus)


def available(*, case: Case, user: Any) -> list[Transition]:
    """The steps ``user`` may take on ``case`` now (for forms and the API)."""
    return WORKFLOW.available(case, user)


# -- step-specific field checks --------------------------------------------------------
def _check_sanctions(
    case: Case, sanctions: Mapping[Any, Any], *, required: bool
) -> dict[int, SanctionType]:
    from netral.cases.selectors import sanctions_offered

    result: dict[int, SanctionType] = {}
    subjects = list(case.subjects.all())
    for subject in subjects:
        raw = sanctions.get(subject.pk, sanctions.get(str(subject.pk)))
        if raw in (None, ""):
            if required:
                raise InvalidTransition(CoreError.MISSING_FIELDS, fields=["sanctions"])
            continue
        offered = sanctions_offered(
            violation_type=case.violation_type, jenis_pegawai=subject.jenis_pegawai
        )
        pick = raw if isinstance(raw, SanctionType) else offered.filter(pk=raw).first()
        if pick is None or not offered.filter(pk=pick.pk).exists():
            raise InvalidTransition(CaseError.SANCTION_NOT_ALLOWED, subject=subject.pk)
        result[subject.pk] = pick
    return result


def _check_decision_document(case: Case, sanctions: Mapping[int, SanctionType]) -> None:
    """A moral sanction is imposed by a statement (PP 42/2004), a disciplinary one by a
    decree (PP 94/2021, PP 49/2018); the contract sanction of non-ASN by a decree too."""
    chosen: list[SanctionType] = []
    for subject in case.subjects.select_related("recommended_sanction"):
        pick = sanctions.get(subject.pk) or subject.recommended_sanction
        if pick is not None:
            chosen.append(pick)
    if not chosen:
        raise InvalidTransition(CoreError.MISSING_FIELDS, fields=["sanctions"])
    present = _documents(case)
    needed = {D.PERNYATAAN_MORAL if s.is_moral else D.SK_HUKUMAN for s in chosen}
    missing = [str(d) for d in needed if d not in present]
    if missing:
        raise InvalidTransition(CoreError.MISSING_DOCUMENTS, documents=missing)


def _same_event_and_person(case: Case, other: Case) -> bool:
    mine = {s.pegawai_id for s in case.subjects.all() if s.pegawai_id}
    theirs = {s.pegawai_id for s in other.subjects.all() if s.pegawai_id}
    if mine & theirs:
        return True
    names = {s.nama.strip().lower() for s in case.subjects.all()}
    return bool(names & {s.nama.strip().lower() for s in other.subjects.all()})


def transition(
    *,
    case: Case,
    to: str,
    actor: User,
    note: str = "",
    fields: Mapping[str, Any] | None = None,
) -> Case:
    """Take step ``to`` (a transition name, or a target state reached by one step) on
    ``case``. Raises ``InvalidTransition`` with a code (state, permission, missing fields
    or documents, guard, sanction not offered, stale state) and changes nothing then.

    Sanctions must be offered for the employee's type and the violation's category and
    level (PP 94/2021 Pasal 8 and 14; PP 42/2004; PP 49/2018; contract for non-ASN;
    shared/domain.md §2, §4)."""
    f: dict[str, Any] = dict(fields or {})
    if note:
        f.setdefault("note", note)
    t = WORKFLOW.find(case, to)
    if f.get("violation_type") is not None:
        # The proven violation may be named with the forwarding step (guard reads it).
        case.violation_type = f["violation_type"]
    # State, permission and guard first (placeholders for the fields checked below), so
    # nobody learns more than "not allowed" about a case they may not touch.
    placeholders = {k: "x" for k in t.required_fields}
    WORKFLOW.check(case, t, actor=actor, fields={**placeholders, **f})
    if t.name == "recommend":
        f["sanctions"] = _check_sanctions(case, f.get("sanctions") or {}, required=True) or None
    if t.name in ("decide", "appeal_resolve"):
        f["sanctions"] = _check_sanctions(
            case, f.get("sanctions") or {}, required=case.status == S.AGENCY
        )
        if f.get("decree_number") and f.get("decided_on"):
            _check_decision_document(case, f["sanctions"])
    if t.name == "merge" and f.get("merged_into") is not None:
        other = f["merged_into"]
        if not isinstance(other, Case):
            from netral.cases.selectors import cases_visible_to

            other = cases_visible_to(user=actor).filter(pk=other).first()
        if (
            other is None
            or other.pk == case.pk
            or other.status
            in (
                S.MERGED,
                S.WITHDRAWN,
                S.NOT_REGISTERED,
                S.REFERRED,
            )
        ):
            raise InvalidTransition(CaseError.MERGE_TARGET, transition=t.name)
        if not _same_event_and_person(case, other):
            raise InvalidTransition(CaseError.MERGE_DIFFERENT, transition=t.name)
        f["merged_into"] = other
    moved: Case = WORKFLOW.apply(case, t.name, actor=actor, note=note, fields=f)
    return moved
