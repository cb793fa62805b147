"""Pledge reads, scoped through ``accounts.authz`` (house style §3).

Progress is always computed over the employees the asking user may see for
``PLEDGE_PROGRESS`` (an OPD admin sees their subtree, BKPSDM/PPK their agency, Bawaslu
their region), so the same page serves every role without leaking other units.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from netral.accounts import authz
from netral.accounts.roles import Perm
from netral.pledges.models import Campaign, Ceremony, CeremonyAttendance, Signature, Stage
from netral.registry.models import Instansi, Pegawai, UnitKerja
from netral.registry.selectors import Audience


def stage_audience_rule(stage: Stage, *, instansi_id: int | None = None) -> Audience:
    """The stage's audience as the shared rule (``registry.selectors.Audience``, also used
    by outreach circulars and events): active employees of the campaign's agency matching
    every non-empty criterion (shared/domain.md §4, staged signing)."""
    return Audience(
        instansi_id=instansi_id or stage.campaign.instansi_id,
        tingkat_jabatan=stage.tingkat_jabatan,
        jenis_pegawai=stage.jenis_pegawai,
        unit_paths=(stage.unit.path,) if stage.unit is not None else (),
        opd_level_only=stage.opd_level_only,
        explicit=stage.explicit_pegawai.values("pk") if stage.uses_explicit_list else None,
    )


def stage_audience_q(stage: Stage, *, instansi_id: int | None = None) -> Q:
    """Employees in ``stage``'s audience (see ``stage_audience_rule``)."""
    return stage_audience_rule(stage, instansi_id=instansi_id).q()


def stage_audience(stage: Stage) -> QuerySet[Pegawai]:
    return Pegawai.objects.filter(stage_audience_q(stage))


def in_audience(*, stage: Stage, pegawai: Pegawai) -> bool:
    """The same rule as ``stage_audience_q`` for one employee, mostly without queries
    (the signing hot path)."""
    return stage_audience_rule(stage).includes(pegawai)


def live_signature_exists(*, campaign_id: int) -> Exists:
    return Exists(
        Signature.objects.filter(
            campaign_id=campaign_id, pegawai_id=OuterRef("pk"), void_entry__isnull=True
        )
    )


def stage_signed_share(stage: Stage) -> tuple[int, int]:
    """(signed, total) over the stage's whole audience (not user-scoped): the figure
    the automatic opening of the next stage compares with its threshold."""
    row = stage_audience(stage).aggregate(
        total=Count("pk"),
        signed=Count("pk", filter=Q(live_signature_exists(campaign_id=stage.campaign_id))),
    )
    return row["signed"], row["total"]


# --- campaigns --------------------------------------------------------------------------


def campaigns_visible_to(*, user: Any, perm: str = Perm.PLEDGE_PROGRESS) -> QuerySet[Campaign]:
    instansi = Instansi.objects.filter(authz.instansi_scope_q(user, perm))
    return (
        Campaign.objects.filter(instansi__in=instansi)
        .select_related("instansi", "election")
        .order_by("-created_at", "-id")
    )


def campaign_get_for_user(*, user: Any, pk: int, perm: str = Perm.PLEDGE_PROGRESS) -> Campaign:
    """One campaign, or 404 both when missing and when out of scope."""
    try:
        return (
            campaigns_visible_to(user=user, perm=perm)
            .select_related("pledge_text", "pact_template")
            .get(pk=pk)
        )
    except (Campaign.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def stage_get_for_user(*, user: Any, pk: int, perm: str = Perm.PLEDGE_MANAGE) -> Stage:
    try:
        return Stage.objects.select_related("campaign").get(
            pk=pk, campaign__in=campaigns_visible_to(user=user, perm=perm)
        )
    except (Stage.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def ceremony_get_for_user(*, user: Any, pk: int, perm: str = Perm.PLEDGE_MANAGE) -> Ceremony:
    try:
        return Ceremony.objects.select_related("campaign", "campaign__instansi").get(
            pk=pk, campaign__in=campaigns_visible_to(user=user, perm=perm)
        )
    except (Ceremony.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


# --- the employee's own view ------------------------------------------------------------


@dataclass
class MyCampaign:
    campaign: Campaign
    signature: Signature | None
    open_stage: Stage | None
    next_stage: Stage | None

    @property
    def past_deadline(self) -> bool:
        return self.open_stage is not None and timezone.localdate() > self.open_stage.deadline


def stage_is_open(stage: Stage, *, campaign: Campaign, today: dt.date) -> bool:
    """Whether employees may sign in ``stage`` now: it is open, or it opens on a date that
    has come (the sweep or the next signature opens it for real; a page view never
    writes). Nobody signs in a closed campaign."""
    if campaign.status != Campaign.Status.ACTIVE:
        return False
    if stage.status == Stage.Status.OPEN:
        return True
    return (
        stage.status == Stage.Status.PLANNED
        and stage.open_rule == Stage.OpenRule.DATE
        and stage.opens_on is not None
        and stage.opens_on <= today
    )


def my_campaigns(*, pegawai: Pegawai) -> list[MyCampaign]:
    """Active and closed campaigns of the employee's agency with their signature (if
    any), the open stage they belong to (if any) and otherwise the next stage that
    includes them. Closed ones stay listed so their receipts stay at hand (issue 11
    item 6)."""
    campaigns = list(
        Campaign.objects.filter(
            instansi_id=pegawai.instansi_id,
            status__in=[Campaign.Status.ACTIVE, Campaign.Status.CLOSED],
        )
        .select_related("election", "instansi")
        .prefetch_related("stages__unit")
    )
    signatures = {
        s.campaign_id: s
        for s in Signature.objects.filter(
            pegawai=pegawai, campaign__in=campaigns, void_entry__isnull=True
        )
    }
    result = []
    today = timezone.localdate()
    for campaign in campaigns:
        open_stage = next_stage = None
        for stage in campaign.stages.all():
            if not in_audience(stage=stage, pegawai=pegawai):
                continue
            if stage_is_open(stage, campaign=campaign, today=today):
                open_stage = open_stage or stage
            elif next_stage is None:
                next_stage = stage
        result.append(MyCampaign(campaign, signatures.get(campaign.pk), open_stage, next_stage))
    return result


def open_stage_for(*, campaign: Campaign, pegawai: Pegawai) -> Stage | None:
    """The first open stage of ``campaign`` whose audience includes ``pegawai`` (a stage
    whose opening date has come counts as open, see ``stage_is_open``)."""
    today = timezone.localdate()
    for stage in campaign.stages.select_related("unit"):
        if stage_is_open(stage, campaign=campaign, today=today) and in_audience(
            stage=stage, pegawai=pegawai
        ):
            return stage
    return None


def signature_for_owner(*, user: Any, code: str) -> Signature:
    """A receipt its owner may download: 404 for anyone else's code."""
    pegawai_id = getattr(user, "pegawai_id", None)
    if pegawai_id is None:
        raise Http404
    try:
        return Signature.objects.select_related(
            "campaign", "campaign__instansi", "campaign__election", "pact_template", "entry"
        ).get(code=code, pegawai_id=pegawai_id, pegawai_id__isnull=False)
    except (Signature.DoesNotExist, ValueError):
        raise Http404 from None


def signatures_visible_to(*, user: Any, perm: str = Perm.PLEDGE_PROGRESS) -> QuerySet[Signature]:
    """Signatures of employees the user may see (receipt ZIPs, voiding)."""
    return Signature.objects.filter(authz.pegawai_scope_q(user, perm, prefix="pegawai"))


def signature_by_code(code: str) -> Signature | None:
    """Public verification lookup (no scope: the code itself is the secret)."""
    return (
        Signature.objects.select_related(
            "campaign", "campaign__election", "stage", "entry", "void_entry"
        )
        .filter(code=code)
        .first()
    )


# --- progress ----------------------------------------------------------------------------


@dataclass
class Tally:
    total: int = 0
    signed: int = 0
    # Of ``signed``, those after the stage's deadline (issue 11 item 7).
    late: int = 0

    @property
    def percent(self) -> float:
        return round(self.signed * 100 / self.total, 1) if self.total else 0.0

    @property
    def unsigned(self) -> int:
        return self.total - self.signed

    @property
    def on_time(self) -> int:
        return self.signed - self.late

    def add(self, total: int, signed: int, late: int = 0) -> None:
        self.total += total
        self.signed += signed
        self.late += late


@dataclass
class StageProgress:
    stage: Stage

    @property
    def past_deadline(self) -> bool:
        """An open (or due) stage whose deadline has passed (issue 11 item 7)."""
        return timezone.localdate() > self.stage.deadline

    overall: Tally = field(default_factory=Tally)
    by_jenis: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    # top-level unit id → tally
    by_opd: dict[int, Tally] = field(default_factory=lambda: defaultdict(Tally))
    opd_rows: list[tuple[UnitKerja, Tally]] = field(default_factory=list)
    jenis_rows: list[tuple[str, Any, Tally]] = field(default_factory=list)


@dataclass
class CampaignProgress:
    campaign: Campaign
    stages: list[StageProgress]
    opds: list[UnitKerja]

    def jenis_labels(self) -> list[tuple[str, str]]:
        return [(k, str(v)) for k, v in Pegawai.Jenis.choices]


def campaign_progress(*, campaign: Campaign, user: Any) -> CampaignProgress:
    """Per stage: signed share overall, by employment type and by OPD (top-level unit),
    over the employees ``user`` may see. One grouped query per stage."""
    scope = authz.pegawai_scope_q(user, Perm.PLEDGE_PROGRESS)
    signed_q = Q(live_signature_exists(campaign_id=campaign.pk))
    late_q = Q(
        Exists(
            Signature.objects.filter(
                campaign_id=campaign.pk,
                pegawai_id=OuterRef("pk"),
                void_entry__isnull=True,
                late=True,
            )
        )
    )
    stages = list(campaign.stages.select_related("unit").order_by("order"))
    opd_ids: set[int] = set()
    result = []
    for stage in stages:
        progress = StageProgress(stage)
        rows = (
            Pegawai.objects.filter(stage_audience_q(stage, instansi_id=campaign.instansi_id))
            .filter(scope)
            .values("unit_path", "jenis_pegawai")
            .annotate(
                total=Count("pk"),
                signed=Count("pk", filter=signed_q),
                late=Count("pk", filter=late_q),
            )
            .order_by()
        )
        for row in rows:
            opd_id = int(row["unit_path"].strip("/").split("/")[0])
            opd_ids.add(opd_id)
            counts = (row["total"], row["signed"], row["late"])
            progress.overall.add(*counts)
            progress.by_jenis[row["jenis_pegawai"]].add(*counts)
            progress.by_opd[opd_id].add(*counts)
        result.append(progress)
    opds = list(UnitKerja.objects.filter(pk__in=opd_ids).order_by("kode", "nama"))
    labels = dict(Pegawai.Jenis.choices)
    for sp in result:
        sp.opd_rows = [(u, sp.by_opd[u.pk]) for u in opds if u.pk in sp.by_opd]
        sp.jenis_rows = [(k, labels[k], sp.by_jenis[k]) for k in labels if k in sp.by_jenis]
    return CampaignProgress(campaign, result, opds)


def unsigned_employees(
    *,
    campaign: Campaign,
    user: Any,
    stage: Stage | None = None,
    unit: UnitKerja | None = None,
    jenis: str = "",
    open_only: bool = False,
    without_email: bool = False,
) -> QuerySet[Pegawai]:
    """Drill-down: employees in scope who have not signed ``campaign`` (optionally
    within one stage's audience, unit subtree and employment type; ``open_only``: in an
    open stage's audience, those a reminder is for; ``without_email``: no address)."""
    qs = Pegawai.objects.filter(authz.pegawai_scope_q(user, Perm.PLEDGE_PROGRESS)).filter(
        instansi_id=campaign.instansi_id, is_active=True
    )
    if stage is not None:
        qs = qs.filter(stage_audience_q(stage, instansi_id=campaign.instansi_id))
    if unit is not None:
        qs = qs.filter(unit_path__startswith=unit.path)
    if jenis:
        qs = qs.filter(jenis_pegawai=jenis)
    if open_only:
        qs = qs.filter(_open_audience_q(campaign))
    if without_email:
        qs = qs.filter(email="")
    return (
        qs.exclude(live_signature_exists(campaign_id=campaign.pk))
        .select_related("unit")
        .order_by("unit_path", "nama", "id")
    )


def _open_audience_q(campaign: Campaign) -> Q:
    """Employees in the audience of any open stage of ``campaign`` (none: matches no one)."""
    open_stages = list(
        campaign.stages.filter(status=Stage.Status.OPEN).select_related("unit", "campaign")
    )
    if not open_stages:
        return Q(pk__in=[])
    audience = Q()
    for i, stage in enumerate(open_stages):
        q = stage_audience_q(stage, instansi_id=campaign.instansi_id)
        audience = q if i == 0 else audience | q
    return audience


# A printed list longer than this is split by unit (the page says so).
PRINT_LIMIT = 5000


@dataclass(frozen=True)
class ReminderAudience:
    """Who a reminder would reach, and who it cannot (issue 11 item 8)."""

    open_stages: int
    with_email: int
    without_email: int


def reminder_audience(
    *, campaign: Campaign, user: Any, unit: UnitKerja | None = None
) -> ReminderAudience:
    unsigned = unsigned_employees(campaign=campaign, user=user, unit=unit, open_only=True)
    counts = unsigned.order_by().aggregate(
        total=Count("pk"), without=Count("pk", filter=Q(email=""))
    )
    return ReminderAudience(
        open_stages=campaign.stages.filter(status=Stage.Status.OPEN).count(),
        with_email=counts["total"] - counts["without"],
        without_email=counts["without"],
    )


def reminder_recipients(
    *, campaign: Campaign, user: Any, unit: UnitKerja | None = None
) -> QuerySet[Pegawai]:
    """Unsigned employees in an *open* stage's audience who have an e-mail address."""
    return unsigned_employees(campaign=campaign, user=user, unit=unit, open_only=True).exclude(
        email=""
    )


# --- reads behind the pages (views do no ORM calls of their own: CONTRIBUTING.md) ---------


def signer_get(*, user: Any) -> Pegawai:
    """The signed-in employee's own record (with the unit), or 404 for an account with
    no employee record."""
    pegawai_id = getattr(user, "pegawai_id", None)
    if pegawai_id is None:
        raise Http404
    try:
        return Pegawai.objects.select_related("unit").get(pk=pegawai_id)
    except Pegawai.DoesNotExist:
        raise Http404 from None


def campaign_for_signer(*, pegawai: Pegawai, pk: int) -> Campaign:
    """A campaign of the employee's own agency (the signing page), or 404."""
    try:
        return Campaign.objects.select_related(
            "instansi", "election", "pledge_text", "pact_template"
        ).get(pk=pk, instansi_id=pegawai.instansi_id)
    except Campaign.DoesNotExist:
        raise Http404 from None


def live_signature_of(*, campaign: Campaign, pegawai: Pegawai) -> Signature | None:
    """The employee's signature of ``campaign`` that is not voided, if any."""
    return Signature.objects.filter(
        campaign=campaign, pegawai=pegawai, void_entry__isnull=True
    ).first()


def campaign_manageable(*, user: Any, campaign: Campaign) -> bool:
    """Whether ``user`` may manage ``campaign`` (stages, ceremonies, reminders)."""
    return (
        authz.has_perm(user, Perm.PLEDGE_MANAGE)
        and campaigns_visible_to(user=user, perm=Perm.PLEDGE_MANAGE).filter(pk=campaign.pk).exists()
    )


def ceremonies_of(*, campaign: Campaign) -> QuerySet[Ceremony]:
    return campaign.ceremonies.all()


def stage_of(*, campaign: Campaign, pk: int | None) -> Stage | None:
    """One stage of ``campaign`` (a filter on the unsigned list), or ``None``."""
    if not pk:
        return None
    return campaign.stages.filter(pk=pk).select_related("unit", "campaign").first()


def unit_of(*, campaign: Campaign, pk: int | None) -> UnitKerja | None:
    """One unit of the campaign's agency, or ``None`` (missing, or another agency's)."""
    if not pk:
        return None
    return UnitKerja.objects.filter(pk=pk, instansi_id=campaign.instansi_id).first()


def top_units_of(*, campaign: Campaign) -> QuerySet[UnitKerja]:
    """The OPDs (top-level units) of the campaign's agency, for the unit filter."""
    return UnitKerja.objects.filter(instansi_id=campaign.instansi_id, parent__isnull=True).order_by(
        "kode", "nama"
    )


def campaign_signatures(*, user: Any, campaign: Campaign, q: str = "") -> QuerySet[Signature]:
    """Signatures of ``campaign`` the user may see, newest first, searched by NIP/NIK
    prefix (digits) or name."""
    qs = signatures_visible_to(user=user).filter(campaign=campaign).select_related("stage")
    if q:
        qs = qs.filter(identifier__startswith=q) if q.isdigit() else qs.filter(nama__icontains=q)
    return qs.order_by("-signed_at", "-id")


def ceremony_candidates(*, user: Any, ceremony: Ceremony, q: str) -> list[Pegawai]:
    """Employees of the ceremony's agency matching ``q`` (at most 50), to mark present."""
    from netral.registry.selectors import pegawai_search

    if not q:
        return []
    return list(
        pegawai_search(user=user, q=q).filter(instansi_id=ceremony.campaign.instansi_id)[:50]
    )


def ceremony_attendance(
    *, ceremony: Ceremony, by_unit: bool = False
) -> QuerySet[CeremonyAttendance]:
    """Who attended, by name (or by unit then name, for the printed list)."""
    order = ("pegawai__unit_path", "pegawai__nama") if by_unit else ("pegawai__nama",)
    return ceremony.attendance.select_related("pegawai", "pegawai__unit").order_by(*order)


def signature_get_for_manager(*, user: Any, code: str) -> Signature:
    """A signature the user may void (``PLEDGE_MANAGE`` scope), or 404."""
    try:
        return signatures_visible_to(user=user, perm=Perm.PLEDGE_MANAGE).get(code=code)
    except Signature.DoesNotExist:
        raise Http404 from None
