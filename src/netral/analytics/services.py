"""Analytics writes: starting and running the full rollup rebuild with progress."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from netral.core import audit
from netral.core.models import JobProgress

REBUILD_STARTED = audit.register(
    "analytics.rebuild.started", _("Pembangunan ulang ringkasan dimulai")
)
JOB_KIND = "analytics.rebuild"


def rollup_rebuild_start(*, actor: Any) -> JobProgress:
    """Queue a full rebuild of every rollup (after commit); returns its progress row."""
    from netral.analytics import tasks

    with transaction.atomic():
        job = JobProgress.objects.create(
            kind=JOB_KIND, owner=actor if getattr(actor, "pk", None) else None
        )
        audit.record(actor=actor, action=REBUILD_STARTED, target=job, data={})
        transaction.on_commit(lambda: tasks.rebuild_rollups.enqueue(job_id=job.pk))
    return job


def rollup_rebuild_run(*, job_id: int) -> JobProgress:
    """Run the rebuild, recording progress (partitions done / total) on the job row."""
    from netral.analytics import rollups

    job = JobProgress.objects.get(pk=job_id)
    JobProgress.objects.filter(pk=job.pk).update(status=JobProgress.Status.RUNNING)

    def progress(done: int, total: int) -> None:
        JobProgress.objects.filter(pk=job.pk).update(done=done, total=total)

    try:
        result = rollups.rebuild_all(progress)
    except Exception as exc:
        JobProgress.objects.filter(pk=job.pk).update(
            status=JobProgress.Status.FAILED, message=str(exc)[:500]
        )
        raise
    JobProgress.objects.filter(pk=job.pk).update(status=JobProgress.Status.DONE, result=result)
    job.refresh_from_db()
    return job
