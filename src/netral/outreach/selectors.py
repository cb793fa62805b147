"""Outreach reads, scoped through ``accounts.authz`` (house style §3).

Progress and pending lists are computed over the employees the asking user may see for
``OUTREACH_PROGRESS`` (an OPD admin their subtree, the HR office its agency, Bawaslu its
region), so one page serves every role without leaking other units. Audiences are the
shared rule of pledge stages (``registry.selectors.Audience``).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.http import Http404

from netral.accounts import authz
from netral.accounts.roles import Perm
from netral.outreach.models import (
    Acknowledgement,
    Attendance,
    Circular,
    Event,
    SigningPlanNotice,
)
from netral.registry.models import Instansi, Pegawai, UnitKerja
from netral.registry.selectors import Audience


def opd_id_of(unit_path: str) -> int:
    """The top-level unit (OPD) id from a materialised path ``/3/17/42/``."""
    return int(unit_path.strip("/").split("/")[0])


@dataclass
class Tally:
    """Of ``total`` employees, ``done`` were reached (acknowledged, attended…)."""

    total: int = 0
    done: int = 0

    @property
    def percent(self) -> float:
        return round(self.done * 100 / self.total, 1) if self.total else 0.0

    @property
    def pending(self) -> int:
        return self.total - self.done

    def add(self, total: int, done: int) -> None:
        self.total += total
        self.done += done


@dataclass
class Progress:
    """A per-OPD and per-employment-type breakdown of one instrument's reach."""

    overall: Tally = field(default_factory=Tally)
    by_opd: dict[int, Tally] = field(default_factory=lambda: defaultdict(Tally))
    by_jenis: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    opd_rows: list[tuple[UnitKerja, Tally]] = field(default_factory=list)
    jenis_rows: list[tuple[str, Any, Tally]] = field(default_factory=list)


def progress_over(qs: QuerySet[Pegawai], done_q: Q) -> Progress:
    """Group ``qs`` by OPD and employment type, counting rows matching ``done_q``: one
    grouped query, then the OPD names in a second."""
    progress = Progress()
    rows = (
        qs.values("unit_path", "jenis_pegawai")
        .annotate(total=Count("pk"), done=Count("pk", filter=done_q))
        .order_by()
    )
    for row in rows:
        opd = opd_id_of(row["unit_path"])
        progress.overall.add(row["total"], row["done"])
        progress.by_opd[opd].add(row["total"], row["done"])
        progress.by_jenis[row["jenis_pegawai"]].add(row["total"], row["done"])
    opds = UnitKerja.objects.filter(pk__in=progress.by_opd).order_by("kode", "nama")
    progress.opd_rows = [(u, progress.by_opd[u.pk]) for u in opds]
    labels = dict(Pegawai.Jenis.choices)
    progress.jenis_rows = [
        (k, labels[k], progress.by_jenis[k]) for k in labels if k in progress.by_jenis
    ]
    return progress


# --- circulars --------------------------------------------------------------------------


def circular_audience(circular: Circular) -> Audience:
    """The circular's addressees as the shared audience rule."""
    return Audience(
        instansi_id=circular.instansi_id,
        tingkat_jabatan=circular.tingkat_jabatan,
        jenis_pegawai=circular.jenis_pegawai,
        unit_paths=tuple(u.path for u in circular.units.all()),
        opd_level_only=circular.opd_level_only,
    )


def circular_addressees(circular: Circular) -> QuerySet[Pegawai]:
    return Pegawai.objects.filter(circular_audience(circular).q())


def circular_audience_text(circular: Circular) -> str:
    return circular_audience(circular).describe([u.nama for u in circular.units.all()])


def acknowledged_exists(*, circular_id: int) -> Exists:
    return Exists(
        Acknowledgement.objects.filter(circular_id=circular_id, pegawai_id=OuterRef("pk"))
    )


def circulars_visible_to(*, user: Any, perm: str = Perm.OUTREACH_PROGRESS) -> QuerySet[Circular]:
    """Circulars of the agencies the user works within for ``perm``."""
    instansi = Instansi.objects.filter(authz.instansi_scope_q(user, perm))
    return Circular.objects.filter(instansi__in=instansi).select_related("instansi")


def circular_get_for_user(*, user: Any, pk: Any, perm: str = Perm.OUTREACH_PROGRESS) -> Circular:
    """One circular, or 404 both when missing and when out of scope."""
    try:
        return circulars_visible_to(user=user, perm=perm).prefetch_related("units").get(pk=int(pk))
    except (Circular.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


@dataclass
class MyCircular:
    circular: Circular
    acknowledgement: Acknowledgement | None


def my_circulars(*, pegawai: Pegawai) -> list[MyCircular]:
    """Published (and withdrawn, marked so) circulars of the employee's agency that are
    addressed to them, newest first, each with their acknowledgement if any."""
    circulars = [
        c
        for c in Circular.objects.filter(
            instansi_id=pegawai.instansi_id,
            status__in=[Circular.Status.PUBLISHED, Circular.Status.WITHDRAWN],
        )
        .prefetch_related("units")
        .order_by("-tanggal", "-id")
        if circular_audience(c).includes(pegawai)
    ]
    acks = {
        a.circular_id: a
        for a in Acknowledgement.objects.filter(pegawai=pegawai, circular__in=circulars)
    }
    return [MyCircular(c, acks.get(c.pk)) for c in circulars]


def circular_for_addressee(*, pegawai: Pegawai | None, pk: Any) -> Circular:
    """A published or withdrawn circular addressed to ``pegawai``; 404 otherwise (a
    draft, another agency's, or one not addressed to them look the same)."""
    if pegawai is None:
        raise Http404
    try:
        circular = (
            Circular.objects.select_related("instansi")
            .prefetch_related("units")
            .get(
                pk=int(pk),
                instansi_id=pegawai.instansi_id,
                status__in=[Circular.Status.PUBLISHED, Circular.Status.WITHDRAWN],
            )
        )
    except (Circular.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    if not circular_audience(circular).includes(pegawai):
        raise Http404
    return circular


def circular_for_reader(*, user: Any, pk: Any) -> Circular:
    """The circular's letter for a reader: an addressee, or staff who may follow it."""
    if authz.has_perm(user, Perm.OUTREACH_PROGRESS) or authz.has_perm(user, Perm.OUTREACH_MANAGE):
        try:
            return circular_get_for_user(user=user, pk=pk)
        except Http404:
            pass
    if authz.has_perm(user, Perm.OUTREACH_RECEIVE):
        return circular_for_addressee(pegawai=getattr(user, "pegawai", None), pk=pk)
    raise Http404


def circular_progress(*, circular: Circular, user: Any) -> Progress:
    """Acknowledged share of the circular's addressees that ``user`` may see, overall,
    per OPD and per employment type."""
    qs = circular_addressees(circular).filter(authz.pegawai_scope_q(user, Perm.OUTREACH_PROGRESS))
    return progress_over(qs, Q(acknowledged_exists(circular_id=circular.pk)))


def circular_pending(
    *, circular: Circular, user: Any, unit: UnitKerja | None = None, jenis: str = ""
) -> QuerySet[Pegawai]:
    """Addressees in the user's scope who have not acknowledged yet (drill-down)."""
    qs = circular_addressees(circular).filter(authz.pegawai_scope_q(user, Perm.OUTREACH_PROGRESS))
    if unit is not None:
        qs = qs.filter(unit_path__startswith=unit.path)
    if jenis:
        qs = qs.filter(jenis_pegawai=jenis)
    return (
        qs.exclude(acknowledged_exists(circular_id=circular.pk))
        .select_related("unit")
        .order_by("unit_path", "nama", "id")
    )


def unit_in_instansi(*, instansi_id: int, pk: Any) -> UnitKerja | None:
    """A unit of the agency chosen in a filter, or ``None``."""
    try:
        return UnitKerja.objects.filter(pk=int(pk), instansi_id=instansi_id).first()
    except (TypeError, ValueError):
        return None


# --- events -----------------------------------------------------------------------------


def event_audience(event: Event) -> Audience:
    return Audience(
        instansi_id=event.instansi_id,
        tingkat_jabatan=event.tingkat_jabatan,
        jenis_pegawai=event.jenis_pegawai,
        unit_paths=tuple(u.path for u in event.units.all()),
        opd_level_only=event.opd_level_only,
    )


def event_invitees(event: Event) -> QuerySet[Pegawai]:
    return Pegawai.objects.filter(event_audience(event).q())


def event_audience_text(event: Event) -> str:
    return event_audience(event).describe([u.nama for u in event.units.all()])


def attended_exists(*, event_id: int) -> Exists:
    return Exists(Attendance.objects.filter(event_id=event_id, pegawai_id=OuterRef("pk")))


def events_visible_to(*, user: Any, perm: str = Perm.OUTREACH_PROGRESS) -> QuerySet[Event]:
    instansi = Instansi.objects.filter(authz.instansi_scope_q(user, perm))
    return Event.objects.filter(instansi__in=instansi).select_related("instansi")


def event_get_for_user(*, user: Any, pk: Any, perm: str = Perm.OUTREACH_PROGRESS) -> Event:
    """One event, or 404 both when missing and when out of scope."""
    try:
        return (
            events_visible_to(user=user, perm=perm)
            .select_related("campaign")
            .prefetch_related("units")
            .get(pk=int(pk))
        )
    except (Event.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


@dataclass
class MyEvent:
    event: Event
    attendance: Attendance | None


def my_events(*, pegawai: Pegawai) -> list[MyEvent]:
    """Announced or finished events of the employee's agency that invite them or that
    they attended, soonest first."""
    attended = {
        a.event_id: a
        for a in Attendance.objects.filter(pegawai=pegawai).only("event_id", "marked_at")
    }
    events = [
        e
        for e in Event.objects.filter(
            instansi_id=pegawai.instansi_id,
            status__in=[Event.Status.PUBLISHED, Event.Status.CLOSED],
        )
        .prefetch_related("units")
        .order_by("-mulai", "-id")[:50]
        if e.pk in attended or event_audience(e).includes(pegawai)
    ]
    return [MyEvent(e, attended.get(e.pk)) for e in events]


def event_for_attendee(*, pegawai: Pegawai | None, pk: Any) -> Event:
    """An announced or finished event of the employee's own agency (the QR page); 404
    for drafts, cancelled events and other agencies' events."""
    if pegawai is None:
        raise Http404
    try:
        return Event.objects.select_related("instansi").get(
            pk=int(pk),
            instansi_id=pegawai.instansi_id,
            status__in=[Event.Status.PUBLISHED, Event.Status.CLOSED],
        )
    except (Event.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


@dataclass
class EventProgress:
    invited: Progress
    walk_ins: int


def event_progress(*, event: Event, user: Any) -> EventProgress:
    """Attended share of the invitees the user may see, plus attendees who were not
    invited (walk-ins) in the same scope."""
    scope = authz.pegawai_scope_q(user, Perm.OUTREACH_PROGRESS)
    invited = progress_over(
        event_invitees(event).filter(scope), Q(attended_exists(event_id=event.pk))
    )
    walk_ins = (
        Pegawai.objects.filter(scope)
        .filter(attended_exists(event_id=event.pk))
        .exclude(event_audience(event).q())
        .count()
    )
    return EventProgress(invited, walk_ins)


def event_attendance_rows(*, event: Event, user: Any) -> QuerySet[Attendance]:
    """The attendance list in the user's scope, by unit then name (print order)."""
    return (
        Attendance.objects.filter(event=event)
        .filter(authz.pegawai_scope_q(user, Perm.OUTREACH_PROGRESS, prefix="pegawai"))
        .select_related("pegawai", "pegawai__unit")
        .order_by("pegawai__unit_path", "pegawai__nama", "pk")
    )


# --- reach per unit -----------------------------------------------------------------------


@dataclass
class ReachCounts:
    """Of ``total`` employees: how many acknowledged a circular, attended an event,
    signed the pact, and how many none of these reached."""

    total: int = 0
    acknowledged: int = 0
    attended: int = 0
    signed: int = 0
    none: int = 0

    def add(self, other: ReachCounts) -> None:
        self.total += other.total
        self.acknowledged += other.acknowledged
        self.attended += other.attended
        self.signed += other.signed
        self.none += other.none

    def pct(self, value: int) -> float:
        return round(value * 100 / self.total, 1) if self.total else 0.0

    @property
    def acknowledged_pct(self) -> float:
        return self.pct(self.acknowledged)

    @property
    def attended_pct(self) -> float:
        return self.pct(self.attended)

    @property
    def signed_pct(self) -> float:
        return self.pct(self.signed)

    @property
    def none_pct(self) -> float:
        return self.pct(self.none)


@dataclass
class ReachRow:
    opd: UnitKerja
    jenis: str
    jenis_label: Any
    counts: ReachCounts


@dataclass
class ReachTable:
    instansi: Instansi
    campaign: Any
    rows: list[ReachRow]
    by_opd: list[tuple[UnitKerja, ReachCounts]]
    overall: ReachCounts


def _reach_flags(*, instansi: Instansi, campaign: Any) -> tuple[Q, Q, Q]:
    """Per employee: acknowledged any circular of the agency, attended any of its
    events, holds a live signature on ``campaign`` (or on any of the agency's campaigns
    when ``campaign`` is None)."""
    from netral.pledges.models import Signature

    ack = Exists(
        Acknowledgement.objects.filter(pegawai_id=OuterRef("pk"), circular__instansi=instansi)
    )
    att = Exists(Attendance.objects.filter(pegawai_id=OuterRef("pk"), event__instansi=instansi))
    sig = Signature.objects.filter(pegawai_id=OuterRef("pk"), void_entry__isnull=True)
    sig = (
        sig.filter(campaign=campaign)
        if campaign is not None
        else sig.filter(campaign__instansi=instansi)
    )
    return Q(ack), Q(att), Q(Exists(sig))


def reach_employees(*, user: Any, instansi: Instansi) -> QuerySet[Pegawai]:
    """Active employees of ``instansi`` that ``user`` may see for OUTREACH_PROGRESS."""
    return Pegawai.objects.filter(
        authz.pegawai_scope_q(user, Perm.OUTREACH_PROGRESS),
        instansi=instansi,
        is_active=True,
    )


def reach_by_unit(*, user: Any, instansi: Instansi, campaign: Any = None) -> ReachTable:
    """For each OPD and employment type, how many employees each instrument reached
    (circular acknowledged, event attended, pact signed) and how many none did. One
    grouped query over the user's scope; the analytics app may read this selector."""
    ack, att, sig = _reach_flags(instansi=instansi, campaign=campaign)
    rows = (
        reach_employees(user=user, instansi=instansi)
        .values("unit_path", "jenis_pegawai")
        .annotate(
            total=Count("pk"),
            acknowledged=Count("pk", filter=ack),
            attended=Count("pk", filter=att),
            signed=Count("pk", filter=sig),
            none=Count("pk", filter=~ack & ~att & ~sig),
        )
        .order_by()
    )
    cells: dict[tuple[int, str], ReachCounts] = defaultdict(ReachCounts)
    for row in rows:
        cells[(opd_id_of(row["unit_path"]), row["jenis_pegawai"])].add(
            ReachCounts(
                row["total"], row["acknowledged"], row["attended"], row["signed"], row["none"]
            )
        )
    opds = list(UnitKerja.objects.filter(pk__in={k[0] for k in cells}).order_by("kode", "nama"))
    labels = dict(Pegawai.Jenis.choices)
    table_rows, by_opd, overall = [], [], ReachCounts()
    for opd in opds:
        subtotal = ReachCounts()
        for jenis, label in labels.items():
            counts = cells.get((opd.pk, jenis))
            if counts is None:
                continue
            table_rows.append(ReachRow(opd, jenis, label, counts))
            subtotal.add(counts)
        by_opd.append((opd, subtotal))
        overall.add(subtotal)
    return ReachTable(instansi, campaign, table_rows, by_opd, overall)


def reach_unreached(
    *,
    user: Any,
    instansi: Instansi,
    campaign: Any = None,
    unit: UnitKerja | None = None,
    jenis: str = "",
) -> QuerySet[Pegawai]:
    """Employees in scope whom no instrument reached (drill-down of ``none``)."""
    ack, att, sig = _reach_flags(instansi=instansi, campaign=campaign)
    qs = reach_employees(user=user, instansi=instansi).filter(~ack & ~att & ~sig)
    if unit is not None:
        qs = qs.filter(unit_path__startswith=unit.path)
    if jenis:
        qs = qs.filter(jenis_pegawai=jenis)
    return qs.select_related("unit").order_by("unit_path", "nama", "id")


def reach_instansi_options(*, user: Any) -> QuerySet[Instansi]:
    return Instansi.objects.filter(authz.instansi_scope_q(user, Perm.OUTREACH_PROGRESS))


# --- signing plan notices ---------------------------------------------------------------------


def signing_plan_notices(*, campaign: Any) -> QuerySet[SigningPlanNotice]:
    return SigningPlanNotice.objects.filter(campaign=campaign).order_by("-tanggal", "-id")


def signing_plan_notice_for_user(*, user: Any, pk: Any) -> SigningPlanNotice:
    """A kept notice for staff of the campaign's agency (PLEDGE_PROGRESS, which Bawaslu
    of the region holds too); 404 otherwise."""
    from netral.pledges.selectors import campaigns_visible_to

    try:
        return SigningPlanNotice.objects.select_related("campaign").get(
            pk=int(pk), campaign__in=campaigns_visible_to(user=user)
        )
    except (SigningPlanNotice.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


# --- reads behind the pages (views do no ORM calls of their own: CONTRIBUTING.md) ---------


def own_acknowledgement(*, circular: Circular, pegawai: Pegawai) -> Acknowledgement | None:
    return circular.acknowledgements.filter(pegawai=pegawai).first()


def own_attendance(*, event: Event, pegawai: Pegawai) -> Attendance | None:
    return event.attendance.filter(pegawai=pegawai).first()


def circulars_list(*, user: Any) -> QuerySet[Circular]:
    """Circulars the user may follow, newest first (the list page)."""
    return circulars_visible_to(user=user).order_by("-tanggal", "-id")


def events_list(*, user: Any) -> QuerySet[Event]:
    """Events the user may follow, latest start first (the list page)."""
    return events_visible_to(user=user).order_by("-mulai", "-id")


def manageable_instansi(*, user: Any) -> QuerySet[Instansi]:
    """Agencies where the user may publish circulars and hold events."""
    return Instansi.objects.filter(authz.instansi_scope_q(user, Perm.OUTREACH_MANAGE))


def circular_manageable(*, user: Any, circular: Circular) -> bool:
    return (
        circulars_visible_to(user=user, perm=Perm.OUTREACH_MANAGE).filter(pk=circular.pk).exists()
    )


def event_manageable(*, user: Any, event: Event) -> bool:
    return events_visible_to(user=user, perm=Perm.OUTREACH_MANAGE).filter(pk=event.pk).exists()


def event_candidates(*, user: Any, event: Event, q: str) -> list[Pegawai]:
    """Employees of the organising agency matching ``q`` (at most 50), to mark present."""
    from netral.registry.selectors import pegawai_search

    return list(pegawai_search(user=user, q=q).filter(instansi_id=event.instansi_id)[:50])


def attendance_count(*, event: Event) -> int:
    return event.attendance.count()


def invited_among(*, event: Event, pegawai_ids: list[int]) -> set[int]:
    """Which of ``pegawai_ids`` the event invited (the others walked in)."""
    return set(event_invitees(event).filter(pk__in=pegawai_ids).values_list("pk", flat=True))


def reach_choice(*, user: Any, instansi_raw: str, campaign_raw: str) -> tuple[Instansi, Any]:
    """The reach page's agency (the chosen one, else the first offered) and campaign (the
    chosen one among the agency's campaigns the user may see, else ``None``); 404 when no
    agency is offered or the chosen one is not."""
    from netral.pledges.selectors import campaigns_visible_to

    options = reach_instansi_options(user=user)
    instansi = (
        options.filter(pk=int(instansi_raw)).first() if instansi_raw.isdigit() else options.first()
    )
    if instansi is None:
        raise Http404
    campaigns = campaigns_visible_to(user=user).filter(instansi=instansi)
    campaign = campaigns.filter(pk=int(campaign_raw)).first() if campaign_raw.isdigit() else None
    return instansi, campaign


def reach_campaigns(*, user: Any, instansi: Instansi) -> QuerySet[Any]:
    from netral.pledges.selectors import campaigns_visible_to

    return campaigns_visible_to(user=user).filter(instansi=instansi)
