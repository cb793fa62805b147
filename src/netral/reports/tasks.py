"""Thin background tasks (house style §7): load by id, call a service."""

from __future__ import annotations

from django.tasks import task

from netral.reports import notifications, services


@task
def make_shareable_copy(evidence_id: int) -> None:
    services.evidence_make_shareable(evidence_id=evidence_id)


@task
def notify_handlers(report_id: int, event: str) -> None:
    notifications.handlers_notify(report_id=report_id, event=event)
