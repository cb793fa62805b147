"""Sane ranges for every date and time a person types in (issue 9, defect 1).

A report dated ``0001-01-01 00:30`` in Asia/Jakarta is year 0 in UTC: the database
stores it, but neither SQLite's converter nor psycopg can read it back, and every list
that contains the row fails. So no user-entered date is accepted outside a range that
makes sense for election supervision:

* the earliest date is the start of the election preparation period (*tahapan*) the
  installation supervises, ``NETRAL_EARLIEST_DATE`` (default 14 June 2022, the start of
  the Pemilu 2024 stages under PKPU 3/2022), since nothing Netral records happened
  before it;
* an event (something that happened: a violation, a ceremony, a notice to Bawaslu)
  cannot be in the future beyond a small clock margin (``CLOCK_MARGIN``: a reporter's
  phone may be a little ahead);
* a plan (a stage's opening day or deadline) may be in the future, but not beyond
  ``PLAN_HORIZON_DAYS`` (one election cycle);
* a filter (audit dates) takes any day in the plan range, so ``9999-12-31`` is a
  message, not an overflow.

Quirk: the bounds are checked in local time (``TIME_ZONE``), like the dates people see.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

CLOCK_MARGIN = dt.timedelta(minutes=15)
PLAN_HORIZON_DAYS = 5 * 366


def earliest_date() -> dt.date:
    """The first day of the preparation period (``NETRAL_EARLIEST_DATE``)."""
    raw = getattr(settings, "NETRAL_EARLIEST_DATE", "2022-06-14")
    return raw if isinstance(raw, dt.date) else dt.date.fromisoformat(raw)


def latest_event_at() -> dt.datetime:
    return timezone.now() + CLOCK_MARGIN


def latest_plan_date() -> dt.date:
    return timezone.localdate() + dt.timedelta(days=PLAN_HORIZON_DAYS)


def _show(day: dt.date) -> str:
    return formats.date_format(day, "j F Y")


def check_event_date(value: dt.date) -> None:
    """A past event's day: from the preparation period to today (local)."""
    if value < earliest_date():
        raise ValidationError(
            _("Tanggal tidak boleh sebelum %(day)s (awal tahapan pemilihan)."),
            code="date_too_early",
            params={"day": _show(earliest_date())},
        )
    if value > timezone.localtime(latest_event_at()).date():
        raise ValidationError(
            _("Tanggal kejadian tidak boleh di masa depan."), code="date_in_future"
        )


def check_event_at(value: dt.datetime) -> None:
    """A past event's moment: the day check, and no later than now plus the margin."""
    try:
        day = timezone.localtime(value).date()
    except OverflowError:  # year 0 in the local zone or in UTC
        day = dt.date.min
    check_event_date(day)
    if value > latest_event_at():
        raise ValidationError(_("Waktu kejadian tidak boleh di masa depan."), code="time_in_future")


def check_plan_date(value: dt.date) -> None:
    """A planned day (opening, deadline) or a filter bound."""
    if value < earliest_date():
        raise ValidationError(
            _("Tanggal tidak boleh sebelum %(day)s (awal tahapan pemilihan)."),
            code="date_too_early",
            params={"day": _show(earliest_date())},
        )
    if value > latest_plan_date():
        raise ValidationError(
            _("Tanggal tidak boleh setelah %(day)s."),
            code="date_too_late",
            params={"day": _show(latest_plan_date())},
        )


class EventDateField(forms.DateField):
    """A date that already happened (see module docstring)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.validators.append(check_event_date)
        self.widget.attrs.setdefault("min", earliest_date().isoformat())

    def widget_attrs(self, widget: forms.Widget) -> dict[str, Any]:
        attrs = super().widget_attrs(widget)
        attrs["max"] = timezone.localdate().isoformat()
        return attrs


class PlanDateField(forms.DateField):
    """A planned date or a filter bound (see module docstring)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.validators.append(check_plan_date)
        self.widget.attrs.setdefault("min", earliest_date().isoformat())
