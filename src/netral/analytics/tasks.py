"""Thin background tasks (house style §7) and the analytics schedule.

Two tasks schedule themselves, like the cases' daily sweep (``cases.tasks``):

* ``refresh_rollups`` every ``REFRESH_EVERY`` (rebuilds only the partitions changed
  since the last run; after the 00:30 sweep the next refresh picks up its overdue marks);
* ``build_leader_reports`` on the first day of each month at ``REPORTS_AT`` local time,
  for the month that just ended (build, sign, e-mail the subscribers).

``manage.py analytics_schedule`` (run by ``bin/serve`` before the worker starts) queues
the first of each unless one is already waiting.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.tasks import task
from django.utils import timezone

REFRESH_EVERY = dt.timedelta(minutes=5)
REPORTS_AT = dt.time(2, 0)
REFRESH_PATH = "netral.analytics.tasks.refresh_rollups"
REPORTS_PATH = "netral.analytics.tasks.build_leader_reports"


@task
def rebuild_rollups(*, job_id: int) -> None:
    from netral.analytics import services

    services.rollup_rebuild_run(job_id=job_id)


def next_reports_at(now: dt.datetime | None = None) -> dt.datetime:
    """The first day of the next month at ``REPORTS_AT`` (local time)."""
    local = timezone.localtime(now or timezone.now())
    year, month = (local.year + 1, 1) if local.month == 12 else (local.year, local.month + 1)
    return local.replace(
        year=year, month=month, day=1, hour=REPORTS_AT.hour, minute=REPORTS_AT.minute,
        second=0, microsecond=0,
    )  # fmt: skip


def _waiting(path: str) -> bool | None:
    """Whether a task of ``path`` is queued (None: the backend cannot tell)."""
    try:
        from django_tasks_db.models import DBTaskResult
    except ImportError:  # another backend: trust it to keep one waiting task
        return None
    return DBTaskResult.objects.filter(task_path=path, status="READY").exists()


def _schedule(t: Any, path: str, at: dt.datetime) -> bool:
    if not t.get_backend().supports_defer:
        return False  # the immediate backend of the tests
    if _waiting(path):
        return False
    t.using(run_after=at).enqueue()
    return True


def schedule_refresh(now: dt.datetime | None = None) -> bool:
    return _schedule(refresh_rollups, REFRESH_PATH, (now or timezone.now()) + REFRESH_EVERY)


def schedule_reports(now: dt.datetime | None = None) -> bool:
    return _schedule(build_leader_reports, REPORTS_PATH, next_reports_at(now))


@task
def refresh_rollups() -> dict[str, int]:
    from netral.analytics import rollups

    try:
        return rollups.refresh()
    finally:
        schedule_refresh()


@task
def build_leader_reports(month: str = "") -> int:
    """Build every leaders' report of ``month`` (``YYYY-MM``; default: the month that
    just ended) and e-mail each to its subscribers. Returns the number of reports."""
    from netral.analytics import reports_pdf, rollups

    try:
        if month:
            first = dt.date(int(month[:4]), int(month[5:7]), 1)
        else:
            first = reports_pdf.previous_month(timezone.localdate())
        rollups.refresh()
        built = reports_pdf.build_month(first)
        for report in built:
            reports_pdf.send(report)
        return len(built)
    finally:
        schedule_reports()
