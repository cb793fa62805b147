"""Thin background tasks (house style §7) and the daily overdue sweep.

The sweep schedules itself: each run enqueues the next one for the following day at
``SWEEP_AT`` local time (``run_after``), and ``manage.py cases_schedule`` (run by
``bin/serve`` before the worker starts) enqueues the first one unless one is already
waiting, so ``make run`` sweeps every day without anyone starting it by hand.
"""

from __future__ import annotations

import datetime as dt

from django.tasks import task
from django.utils import timezone

SWEEP_AT = dt.time(0, 30)
SWEEP_TASK_PATH = "netral.cases.tasks.daily_sweep"


def next_sweep_at(now: dt.datetime | None = None) -> dt.datetime:
    """The next ``SWEEP_AT`` in the installation's time zone after ``now``."""
    local = timezone.localtime(now or timezone.now())
    at = local.replace(hour=SWEEP_AT.hour, minute=SWEEP_AT.minute, second=0, microsecond=0)
    if at <= local:
        at += dt.timedelta(days=1)
    return at


def schedule_next(now: dt.datetime | None = None) -> bool:
    """Enqueue the next daily sweep unless one is already waiting. Returns whether it
    enqueued. Backends that cannot defer (the immediate backend of the tests) skip."""
    backend = daily_sweep.get_backend()
    if not backend.supports_defer:
        return False
    if _sweep_waiting():
        return False
    daily_sweep.using(run_after=next_sweep_at(now)).enqueue()
    return True


def _sweep_waiting() -> bool:
    """Whether a sweep already waits in the database queue."""
    try:
        from django_tasks_db.models import DBTaskResult
    except ImportError:  # another backend: trust it to keep one waiting task
        return False
    return DBTaskResult.objects.filter(task_path=SWEEP_TASK_PATH, status="READY").exists()


@task
def daily_sweep() -> int:
    from netral.cases import services

    try:
        return services.sweep_overdue()
    finally:
        schedule_next()


@task
def notify_overdue(stage_ids: list[int]) -> int:
    from netral.cases import services

    return services.overdue_notify(stage_ids=stage_ids)


@task
def notify_reporters(case_id: int, transition: str) -> None:
    """The reporter follows the case on the public status page; no e-mail is sent here
    (identity protection), the task only exists so other channels can hook in."""
    del case_id, transition
