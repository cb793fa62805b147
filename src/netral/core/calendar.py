"""The working-day calendar every deadline uses (shared/domain.md §3, last paragraphs).

Working days are Monday–Friday minus Indonesian national holidays (the ``holidays``
library) and *cuti bersama*, the collective-leave days set yearly by joint ministerial
decree (SKB), which the library does not know: they are ``core.CutiBersama`` rows with a
citation, editable by an administrator.

Counting rules (domain.md §3): a deadline counts from the **day after** the start event;
the due date of N working days is the N-th working day after the start, of N calendar
days the N-th day after it. A thing received after its due date is late, even when the
days in between were weekends or holidays. Pemilu counts working days (UU 7/2017 Pasal
454), Pilkada calendar days (UU 1/2015 jo. UU 10/2016 Pasal 134).

For many dates at once (a sweep over many cases) build one ``WorkingCalendar`` for the
years involved and call its methods; the module functions build one per call.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from functools import lru_cache

ONE_DAY = dt.timedelta(days=1)


@lru_cache(maxsize=32)
def national_holidays(year: int) -> frozenset[dt.date]:
    """Indonesian national holidays of ``year`` from the ``holidays`` library."""
    import holidays  # ~0.4 s to import: only when a deadline is first computed

    return frozenset(holidays.country_holidays("ID", years=year).keys())


def cuti_bersama(start: dt.date, end: dt.date) -> frozenset[dt.date]:
    """Collective-leave days between ``start`` and ``end`` inclusive (database rows)."""
    from netral.core.models import CutiBersama  # models import lazily: usable in settings time

    return frozenset(
        CutiBersama.objects.filter(date__range=(start, end)).values_list("date", flat=True)
    )


class WorkingCalendar:
    """Non-working days of a range of years, loaded once."""

    def __init__(self, years: Iterable[int]) -> None:
        years = sorted(set(years))
        self.first_year, self.last_year = years[0], years[-1]
        off: set[dt.date] = set()
        for year in range(self.first_year, self.last_year + 1):
            off |= national_holidays(year)
        off |= cuti_bersama(dt.date(self.first_year, 1, 1), dt.date(self.last_year, 12, 31))
        self.off = frozenset(off)

    @classmethod
    def around(cls, *dates: dt.date, slack_years: int = 1) -> WorkingCalendar:
        """A calendar covering ``dates`` and ``slack_years`` after the last one."""
        years = [d.year for d in dates]
        return cls(range(min(years), max(years) + slack_years + 1))

    def _covers(self, day: dt.date) -> None:
        if not self.first_year <= day.year <= self.last_year:
            raise ValueError(
                f"{day} lies outside the loaded years {self.first_year}–{self.last_year}"
            )

    def is_working_day(self, day: dt.date) -> bool:
        self._covers(day)
        return day.weekday() < 5 and day not in self.off

    def is_holiday(self, day: dt.date) -> bool:
        """A national holiday or *cuti bersama* (weekends are not counted here)."""
        self._covers(day)
        return day in self.off

    def add_days(self, start: dt.date, n: int, *, working: bool) -> dt.date:
        """The due date of ``n`` working (or calendar) days counted from the day after
        ``start``. ``n == 0`` gives ``start`` itself."""
        if n < 0:
            raise ValueError("n must be >= 0")
        if not working:
            return start + dt.timedelta(days=n)
        day, left = start, n
        while left:
            day += ONE_DAY
            if self.is_working_day(day):
                left -= 1
        return day

    def days_between(self, start: dt.date, end: dt.date, *, working: bool) -> int:
        """Days after ``start`` up to and including ``end`` (working days skip weekends,
        national holidays and *cuti bersama*); 0 when ``end <= start``."""
        if end <= start:
            return 0
        if not working:
            return (end - start).days
        count, day = 0, start
        while day < end:
            day += ONE_DAY
            if self.is_working_day(day):
                count += 1
        return count

    def is_late(self, start: dt.date, n: int, received: dt.date, *, working: bool) -> bool:
        """True when ``received`` falls after the due date of ``n`` days from ``start``."""
        return received > self.add_days(start, n, working=working)

    def days_left(self, today: dt.date, due: dt.date, *, working: bool) -> int:
        """Days from ``today`` to ``due`` (negative when overdue), counted the same way."""
        if due >= today:
            return self.days_between(today, due, working=working)
        return -self.days_between(due, today, working=working)


def _cal(*dates: dt.date, n: int = 0) -> WorkingCalendar:
    # n working days fit in n * 2 + 30 calendar days comfortably; cover the year after too.
    last = max(dates) + dt.timedelta(days=n * 2 + 30)
    return WorkingCalendar(range(min(d.year for d in dates), last.year + 1))


def is_working_day(day: dt.date) -> bool:
    return _cal(day).is_working_day(day)


def add_days(start: dt.date, n: int, *, working: bool) -> dt.date:
    """The due date of ``n`` working/calendar days from ``start`` (see module docstring)."""
    return _cal(start, n=n).add_days(start, n, working=working)


def days_between(start: dt.date, end: dt.date, *, working: bool) -> int:
    return _cal(start, end).days_between(start, end, working=working)


def is_late(start: dt.date, n: int, received: dt.date, *, working: bool) -> bool:
    return _cal(start, received, n=n).is_late(start, n, received, working=working)


def days_left(today: dt.date, due: dt.date, *, working: bool) -> int:
    return _cal(today, due).days_left(today, due, working=working)
