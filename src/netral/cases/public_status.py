"""What a reporter reads about the case their report became (issue 10 item 6): the stage
in plain words and the public steps, never notes, names, documents or officers.

Shown on ``/lapor/cek/laporan/`` (``reports`` template, through the ``case_public`` tag)
after the reporter opened the report with the receipt code. A merged case is followed
through to the case it was merged into. Wording: full sentences, no internal state names
(house style §14); the steps follow shared/domain.md §3.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

from netral.cases.models import Case, CaseEvent, CaseReport, CaseStatus
from netral.reports.models import Report

S = CaseStatus

PLAIN: dict[str, Any] = {
    S.INFORMASI: _("Informasi Anda sedang ditelaah oleh pengawas."),
    S.INITIAL_STUDY: _("Laporan Anda sedang diperiksa kelengkapan syaratnya (kajian awal)."),
    S.RETURNED: _("Laporan Anda perlu dilengkapi. Baca pesan petugas di bawah."),
    S.NOT_REGISTERED: _("Laporan Anda tidak dapat diregistrasi."),
    S.STUDY: _("Laporan Anda sudah diregistrasi dan sedang dikaji."),
    S.NOT_PROVEN: _("Dugaan pelanggaran tidak terbukti. Penanganan dihentikan."),
    S.FORWARDED: _("Hasil kajian sudah diteruskan kepada lembaga yang berwenang."),
    S.BODY_EXAM: _("Lembaga yang berwenang sedang memeriksa perkara ini."),
    S.RECOMMENDED: _("Rekomendasi sanksi sudah disampaikan kepada pejabat yang berwenang."),
    S.AGENCY: _("Hasil kajian sudah diteruskan kepada instansi tempat terlapor bekerja."),
    S.DECIDED: _("Pejabat yang berwenang sudah menetapkan keputusan."),
    S.APPEAL: _("Pejabat yang berwenang sudah menetapkan keputusan."),
    S.EXECUTED: _("Keputusan sudah dilaksanakan oleh instansi terlapor."),
    S.CLOSED: _("Penanganan laporan Anda sudah selesai."),
    S.MERGED: _("Laporan Anda digabung dengan laporan lain tentang kejadian yang sama."),
    S.REFERRED: _("Laporan Anda dilimpahkan kepada pengawas yang berwenang."),
    S.WITHDRAWN: _("Laporan Anda sudah dicabut."),
}

# The road a report travels, as the reporter sees it; each state marks how far it got.
STEPS: tuple[Any, ...] = (
    _("Diterima"),
    _("Dikaji"),
    _("Diteruskan"),
    _("Rekomendasi"),
    _("Keputusan"),
    _("Dilaksanakan"),
)
REACHED: dict[str, int] = {
    S.INFORMASI: 0,
    S.INITIAL_STUDY: 0,
    S.RETURNED: 0,
    S.STUDY: 1,
    S.FORWARDED: 2,
    S.BODY_EXAM: 2,
    S.AGENCY: 3,
    S.RECOMMENDED: 3,
    S.DECIDED: 4,
    S.APPEAL: 4,
    S.EXECUTED: 5,
    S.CLOSED: 5,
}


@dataclass(frozen=True)
class Step:
    label: Any
    done: bool
    current: bool


@dataclass(frozen=True)
class PublicStatus:
    sentence: Any
    steps: list[Step]
    # Events with a public text, oldest first: (time, text).
    events: list[tuple[Any, str]]
    ended: bool


def public_status(*, report: Report) -> PublicStatus | None:
    """The plain-words status of the case ``report`` belongs to; None before a case is
    opened (the report's own timeline says enough then)."""
    link = CaseReport.objects.filter(report=report).select_related("case").first()
    if link is None:
        return None
    case: Case = link.case
    seen = {case.pk}
    events = list(
        CaseEvent.objects.filter(case=case, kind=CaseEvent.Kind.STATUS)
        .exclude(public_text="")
        .order_by("at", "id")
        .values_list("at", "public_text")
    )
    while case.status == S.MERGED and case.merged_into_id and case.merged_into_id not in seen:
        case = Case.objects.get(pk=case.merged_into_id)
        seen.add(case.pk)
        events += list(
            CaseEvent.objects.filter(case=case, kind=CaseEvent.Kind.STATUS)
            .exclude(public_text="")
            .order_by("at", "id")
            .values_list("at", "public_text")
        )
    reached = REACHED.get(case.status)
    steps = [
        Step(label=label, done=reached is not None and i <= reached, current=i == reached)
        for i, label in enumerate(STEPS)
    ]
    return PublicStatus(
        sentence=PLAIN.get(case.status, ""),
        steps=steps,
        events=sorted(events, key=lambda e: e[0]),
        ended=reached is None or case.status == S.CLOSED,
    )
