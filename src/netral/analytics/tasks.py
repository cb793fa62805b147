"""Thin background tasks (house style §7): enqueued on commit, call ``rollups``."""

from __future__ import annotations

from django.tasks import task


@task
def rebuild_rollups(*, job_id: int) -> None:
    from netral.analytics import services

    services.rollup_rebuild_run(job_id=job_id)


@task
def refresh_rollups() -> dict[str, int]:
    from netral.analytics import rollups

    return rollups.refresh()
