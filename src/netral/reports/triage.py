"""Triage help for handlers: registry matches, possible duplicates, the reporting window
and the formal requirements (shared/domain.md §2, §3.2). Everything here only advises:
a report is accepted whatever these say (Perbawaslu 7/2022 leaves the decision to the
initial study)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from rapidfuzz import fuzz, process, utils

from netral.core import calendar
from netral.registry.models import Pegawai
from netral.registry.selectors import pegawai_visible_to
from netral.reports.models import (
    DeadlineRule,
    ElectionType,
    Report,
    ReportedPerson,
)

FUZZY_MIN_SCORE = 80
DUPLICATE_WINDOW_DAYS = 7


@dataclass(frozen=True)
class Suggestion:
    pegawai: Pegawai
    score: int
    reason: str


def match_suggestions(*, person: ReportedPerson, user: Any, limit: int = 3) -> list[Suggestion]:
    """Registry employees who may be ``person``: exact NIP, exact NIK, else a fuzzy name
    match (rapidfuzz token-set ratio ≥ 80) within the chosen agency/unit. Limited to the
    employees the handler may see."""
    visible = pegawai_visible_to(user=user).select_related("unit", "instansi")
    if person.nip and (hit := visible.filter(nip=person.nip).first()):
        return [Suggestion(hit, 100, _("NIP sama."))]
    if person.nik and (hit := visible.filter(nik=person.nik).first()):
        return [Suggestion(hit, 100, _("NIK sama."))]
    if not person.instansi_id or not person.nama.strip():
        return []
    pool = visible.filter(instansi_id=person.instansi_id, is_active=True)
    if person.unit_id and person.unit is not None:
        pool = pool.filter(unit_path__startswith=person.unit.path)
    names = dict(pool.values_list("id", "nama")[:5000])
    found = process.extract(
        person.nama,
        names,
        scorer=fuzz.token_set_ratio,
        processor=utils.default_process,
        limit=limit,
        score_cutoff=FUZZY_MIN_SCORE,
    )
    by_id = {p.pk: p for p in visible.filter(pk__in=[key for _n, _s, key in found])}
    return [
        Suggestion(by_id[key], int(score), _("Nama mirip di instansi yang dipilih."))
        for _name, score, key in found
        if key in by_id
    ]


def possible_duplicates(*, report: Report, visible: Any) -> list[Report]:
    """Other reports (among ``visible``) about the same person within ±7 days of the event:
    same confirmed registry employee, same NIP/NIK, or the same name in the same agency."""
    persons = list(report.persons.all())
    if not persons:
        return []
    same_person = Q()
    for p in persons:
        if p.pegawai_id:
            same_person |= Q(persons__pegawai_id=p.pegawai_id)
        if p.nip:
            same_person |= Q(persons__nip=p.nip)
        if p.nik:
            same_person |= Q(persons__nik=p.nik)
        if p.instansi_id:
            same_person |= Q(persons__instansi_id=p.instansi_id, persons__nama__iexact=p.nama)
    if not same_person:
        return []
    window = dt.timedelta(days=DUPLICATE_WINDOW_DAYS)
    return list(
        visible.filter(
            same_person,
            event_at__gte=report.event_at - window,
            event_at__lte=report.event_at + window,
        )
        .exclude(pk=report.pk)
        .distinct()
        .order_by("received_at")[:20]
    )


def days_between(start: dt.date, end: dt.date, *, working: bool) -> int:
    """Days after ``start`` up to and including ``end`` (``core.calendar``)."""
    return calendar.days_between(start, end, working=working)


@dataclass(frozen=True)
class WindowCheck:
    rule: DeadlineRule
    elapsed: int
    ok: bool


def window_checks(report: Report) -> list[WindowCheck]:
    """The reporting window (7 working days for Pemilu, UU 7/2017 Pasal 454; 7 calendar
    days for Pilkada, UU 10/2016 Pasal 134) from the day the reporter **learned** of the
    event; a finding's window from the supervisor's discovery. Received after the last day
    is late, even when the days between were weekends or holidays (core.calendar). An
    anonymous tip (*informasi awal*) has no window (shared/domain.md §3). With an unknown
    election type, both rules are shown."""
    if report.kind == Report.Kind.INFORMASI:
        return []
    kind = (
        DeadlineRule.Kind.TEMUAN_WINDOW
        if report.kind == Report.Kind.TEMUAN
        else DeadlineRule.Kind.REPORT_WINDOW
    )
    types = (
        [report.election_type]
        if report.election_type != ElectionType.TIDAK_TAHU
        else [ElectionType.PEMILU, ElectionType.PILKADA]
    )
    tz = timezone.get_current_timezone()
    start = report.event_at.astimezone(tz).date()
    if report.kind == Report.Kind.TEMUAN and report.discovered_on:
        start = report.discovered_on
    elif report.learned_on:
        start = report.learned_on
    end = report.received_at.astimezone(tz).date()
    checks = []
    for rule in DeadlineRule.objects.filter(kind=kind, election_type__in=types):
        elapsed = days_between(start, end, working=rule.working_days)
        late = calendar.is_late(start, rule.days, end, working=rule.working_days)
        checks.append(WindowCheck(rule, elapsed, not late))
    return checks


@dataclass(frozen=True)
class Requirement:
    label: str
    ok: bool


def formal_checks(report: Report) -> list[Requirement]:
    """Formal and material requirements of Perbawaslu 7/2022 (shared/domain.md §2):
    reporter name and address, reported party, time and place, description, evidence.
    Findings (*temuan*) have no reporter requirement."""
    persons = list(report.persons.all())
    items = list(report.evidence.all())
    reqs = []
    if report.kind != Report.Kind.TEMUAN:
        reqs.append(
            Requirement(
                _("Identitas pelapor (nama dan alamat)."),
                report.has_reporter_name and report.has_reporter_address,
            )
        )
    reqs += [
        Requirement(_("Pihak terlapor."), any(p.nama for p in persons)),
        Requirement(_("Waktu dan tempat kejadian."), bool(report.event_at and report.region_kode)),
        Requirement(_("Uraian kejadian."), len(report.description.strip()) >= 20),
        Requirement(_("Bukti."), bool(items)),
    ]
    return reqs
