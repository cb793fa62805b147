"""Screening background tasks: thin wrappers around ``services`` (house style §7),
enqueued on commit by the upload view."""

from __future__ import annotations

from django.tasks import task


@task
def screen_upload(*, job_id: int, election_id: int, path: str, filename: str) -> None:
    """Screen an uploaded file and report progress on the ``JobProgress`` row."""
    from netral.screening import services

    services.upload_job_run(job_id=job_id, election_id=election_id, path=path, filename=filename)
