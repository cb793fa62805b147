"""Registry background tasks: thin wrappers around the import-job services (house style §7).

Enqueued only through ``transaction.on_commit`` by the services that create or
confirm an ``ImportJob``.
"""

from __future__ import annotations

from django.tasks import task


@task
def import_validate(*, job_id: int) -> None:
    """Validate an uploaded roster and store the preview or the error report."""
    from netral.registry import services

    services.import_job_validate(job_id=job_id)


@task
def import_apply(*, job_id: int) -> None:
    """Apply a confirmed roster import (validates again inside the write transaction)."""
    from netral.registry import services

    services.import_job_apply(job_id=job_id)
