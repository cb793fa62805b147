"""Deadlines across weekends, national holidays and cuti bersama (shared/domain.md §3)."""

import datetime as dt

import pytest

from netral.core import calendar
from netral.core.models import CutiBersama

pytestmark = pytest.mark.django_db

D = dt.date


def test_cuti_bersama_2024_and_2025_are_shipped_with_citations():
    # given / when
    rows = CutiBersama.objects.filter(date__year__in=[2024, 2025])
    # then
    assert rows.count() == 21
    assert all(r.citation for r in rows)
    assert rows.filter(date=D(2025, 8, 18), citation__contains="933").exists()


def test_idul_fitri_2024_working_days():
    # given: Fri 5 Apr 2024; 8–9 and 12, 15 Apr cuti bersama, 10–11 Idul Fitri
    # when
    due = calendar.add_days(D(2024, 4, 5), 1, working=True)
    # then: the first working day after is Tue 16 Apr
    assert due == D(2024, 4, 16)


def test_idul_fitri_2025_working_days():
    # given: Fri 28 Mar 2025 (cuti bersama itself); 31 Mar–1 Apr Idul Fitri, 2–4, 7 Apr cuti
    # when
    due = calendar.add_days(D(2025, 3, 27), 2, working=True)
    # then: Tue 8 and Wed 9 Apr
    assert due == D(2025, 4, 9)


def test_voting_day_2024_is_not_a_working_day():
    # given: 14 Feb 2024 (Pemilu) and 27 Nov 2024 (Pilkada serentak) were national holidays
    # then
    assert not calendar.is_working_day(D(2024, 2, 14))
    assert not calendar.is_working_day(D(2024, 11, 27))
    assert calendar.is_working_day(D(2024, 2, 13))


def test_christmas_and_new_year():
    # given: Tue 24 Dec 2024; 25 Christmas, 26 cuti bersama, weekend 28–29, 1 Jan 2025
    # when
    due = calendar.add_days(D(2024, 12, 24), 3, working=True)
    # then: 27 Dec, 30 Dec, 31 Dec
    assert due == D(2024, 12, 31)
    assert calendar.add_days(D(2024, 12, 24), 4, working=True) == D(2025, 1, 2)


def test_calendar_days_ignore_holidays():
    assert calendar.add_days(D(2024, 4, 5), 7, working=False) == D(2024, 4, 12)


def test_late_even_when_days_between_were_holidays():
    # given: a 7-calendar-day window from Fri 5 Apr 2024 ends Fri 12 Apr
    # then: received Sat 13 Apr is late; the working-day window (7 from 5 Apr) is not
    assert calendar.is_late(D(2024, 4, 5), 7, D(2024, 4, 13), working=False)
    assert not calendar.is_late(D(2024, 4, 5), 7, D(2024, 4, 13), working=True)
    assert calendar.add_days(D(2024, 4, 5), 7, working=True) == D(2024, 4, 24)
    # and received the day after the last working day, a Saturday, is late too
    assert calendar.is_late(D(2024, 4, 5), 7, D(2024, 4, 25), working=True)


def test_days_between_and_days_left():
    cal = calendar.WorkingCalendar([2024])
    assert cal.days_between(D(2024, 4, 8), D(2024, 4, 15), working=True) == 0
    assert cal.days_left(D(2024, 4, 16), D(2024, 4, 18), working=True) == 2
    assert cal.days_left(D(2024, 4, 18), D(2024, 4, 16), working=True) == -2


def test_administrator_added_cuti_bersama_counts():
    # given: a made-up collective leave day on Wed 3 Dec 2026
    CutiBersama.objects.create(date=D(2026, 12, 3), description="Uji", citation="SKB uji")
    # then
    assert calendar.add_days(D(2026, 12, 2), 1, working=True) == D(2026, 12, 4)
