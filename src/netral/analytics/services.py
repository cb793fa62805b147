"""Analytics writes: starting and running the full rollup rebuild with progress."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from netral.core import audit, idempotency
from netral.core.models import JobProgress
from netral.core.tasks import enqueue_on_commit

if TYPE_CHECKING:
    from netral.accounts.models import User

REBUILD_STARTED = audit.register(
    "analytics.rebuild.started", _("Pembangunan ulang ringkasan dimulai")
)
JOB_KIND = "analytics.rebuild"


@idempotency.idempotent("analytics.rollup_rebuild", JobProgress)
def rollup_rebuild_start(*, actor: User, idempotency_key: uuid.UUID | None = None) -> JobProgress:
    """Queue a full rebuild of every rollup (after commit); returns its progress row."""
    with transaction.atomic():
        job = JobProgress.objects.create(
            kind=JOB_KIND, owner=actor if getattr(actor, "pk", None) else None
        )
        audit.record(actor=actor, action=REBUILD_STARTED, target=job, data={})
        enqueue_on_commit("netral.analytics.tasks.rebuild_rollups", job_id=job.pk)
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


LEADER_REPORT_DOWNLOADED = audit.register(
    "analytics.leader_report.downloaded", _("Laporan bulanan pimpinan diunduh")
)
LEADER_REPORT_SUBSCRIBED = audit.register(
    "analytics.leader_report.subscribed", _("Langganan laporan bulanan diubah")
)


def leader_report_subscribe(*, user: Any, kind: str, target_id: Any, on: bool) -> bool:
    """Subscribe ``user`` to (or unsubscribe from) the monthly report of an agency or
    province within their scope; a target outside it is refused (returns False).
    Repeating the same request changes nothing (one row per user and target)."""
    from netral.analytics import reports_pdf
    from netral.analytics.models import LeaderReportSubscription

    target = next(
        (t for k, t in reports_pdf.targets_for(user) if k == kind and str(t.pk) == str(target_id)),
        None,
    )
    if target is None:
        return False
    field = "instansi" if kind == "INSTANSI" else "region"
    with transaction.atomic():
        if on:
            LeaderReportSubscription.objects.get_or_create(user=user, kind=kind, **{field: target})
        else:
            LeaderReportSubscription.objects.filter(
                user=user, kind=kind, **{field: target}
            ).delete()
        audit.record(
            actor=user,
            action=LEADER_REPORT_SUBSCRIBED,
            data={"kind": kind, "target": str(target.pk), "on": on},
        )
    return True


def leader_report_downloaded(*, user: Any, report: Any) -> None:
    audit.record(
        actor=user,
        action=LEADER_REPORT_DOWNLOADED,
        target=report,
        data={"month": str(report.month)},
    )
