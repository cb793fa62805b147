"""Reads of core rows behind the pages (views do no ORM calls of their own:
CONTRIBUTING.md). Core imports no domain app, so a user here is any user model."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from netral.core.models import JobProgress


def own_job(*, user: Any, pk: int, kind: str) -> JobProgress:
    """A background job of ``kind`` started by ``user``; 404 for anyone else's."""
    job = JobProgress.objects.filter(pk=pk, owner=user, kind=kind).first()
    if job is None:
        raise Http404
    return job


def job_of_kind(*, pk: int, kind: str) -> JobProgress:
    """A background job of ``kind`` whoever started it (system administrators' pages)."""
    job = JobProgress.objects.filter(pk=pk, kind=kind).first()
    if job is None:
        raise Http404
    return job


def recent_jobs(*, kind: str, limit: int = 5) -> QuerySet[JobProgress]:
    return JobProgress.objects.filter(kind=kind).order_by("-created_at")[:limit]
