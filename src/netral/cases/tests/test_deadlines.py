"""Due dates from the data rows across weekends, national holidays and cuti bersama,
for both election types (shared/domain.md §3), through the ``deadline`` command."""

import datetime as dt
import io

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def due(step: str, election: str, start: str) -> str:
    out = io.StringIO()
    call_command("deadline", step, "--election-type", election, "--start", start, stdout=out)
    return out.getvalue().strip().splitlines()[-1]


@pytest.mark.parametrize(
    ("step", "election", "start", "expected"),
    [
        # Idul Fitri 2024: 10–11 Apr holidays, 8, 9, 12, 15 Apr cuti bersama.
        ("report_window", "pemilu", "2024-04-05", "2024-04-24"),
        ("report_window", "pilkada", "2024-04-05", "2024-04-12"),
        # 2024 voting day 14 Feb (holiday), 8 Feb Isra Miraj, 9 Feb cuti, 10 Feb Imlek (Sat).
        ("finding_window", "pemilu", "2024-02-07", "2024-02-21"),
        ("finding_window", "pilkada", "2024-02-07", "2024-02-14"),
        # Pilkada voting day 27 Nov 2024 was a national holiday.
        ("study", "pemilu", "2024-11-25", "2024-12-05"),
        ("study", "pilkada", "2024-11-25", "2024-11-28"),
        ("study_extended", "pilkada", "2024-11-25", "2024-11-30"),
        # Christmas and New Year: 25 Dec holiday, 26 Dec cuti bersama, 1 Jan holiday.
        ("study_extended", "pemilu", "2024-12-20", "2025-01-14"),
        ("study", "pemilu", "2024-12-23", "2025-01-06"),
        # Idul Fitri 2025: 31 Mar–1 Apr holidays; 28 Mar, 2, 3, 4, 7 Apr cuti bersama.
        ("study", "pemilu", "2025-03-26", "2025-04-15"),
        ("report_window", "pilkada", "2025-03-26", "2025-04-02"),
        ("ppk_followup", "pemilu", "2025-03-26", "2025-04-09"),
        ("ppk_followup", "pilkada", "2024-12-20", "2025-01-03"),
    ],
)
def test_due_dates(step, election, start, expected):
    assert due(step, election, start) == expected


def test_a_report_after_the_last_day_is_late_even_over_a_weekend():
    from netral.core import calendar

    # given: learned Thursday 4 Jan 2024 → 7 working days end Monday 15 Jan
    learned = dt.date(2024, 1, 4)
    # then
    assert not calendar.is_late(learned, 7, dt.date(2024, 1, 15), working=True)
    assert calendar.is_late(learned, 7, dt.date(2024, 1, 16), working=True)


def test_the_rows_carry_their_start_event_and_citation():
    from netral.reports.models import DeadlineRule

    kinds = {
        "REPORT_WINDOW",
        "TEMUAN_WINDOW",
        "STUDY",
        "STUDY_EXTENDED",
        "PPK_FOLLOWUP",
        "INCOMPLETE_NOTICE",
        "COMPLETION",
    }
    for kind in kinds:
        for election in ("PEMILU", "PILKADA"):
            rule = DeadlineRule.objects.get(kind=kind, election_type=election)
            assert rule.start_event and rule.citation
            if kind not in ("PPK_FOLLOWUP",):
                assert rule.working_days == (election == "PEMILU")
