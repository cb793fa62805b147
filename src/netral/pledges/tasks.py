"""Background tasks (house style §7): thin, take ids, call a service; enqueued on commit."""

from __future__ import annotations

from django.tasks import task


@task
def send_reminders(*, campaign_id: int, pegawai_ids: list[int]) -> int:
    from netral.pledges import services
    from netral.pledges.models import Campaign

    campaign = Campaign.objects.get(pk=campaign_id)
    return services.reminders_deliver(campaign=campaign, pegawai_ids=pegawai_ids)


@task
def build_receipts_zip(*, job_id: int, signature_ids: list[int]) -> None:
    from netral.pledges import services

    services.receipts_zip_build(job_id=job_id, signature_ids=signature_ids)


@task
def sweep_stages() -> int:
    from netral.pledges import workflow

    return workflow.sweep()


# Signed checkpoints of every agency log (issue 15): the task re-enqueues itself every
# CHECKPOINT_EVERY; ``manage.py ledger_checkpoint`` (run by bin/serve) queues the first.
CHECKPOINT_EVERY_MINUTES = 5
CHECKPOINT_TASK_PATH = "netral.pledges.tasks.ledger_checkpoints"


def schedule_checkpoints(now: object = None) -> bool:
    """Enqueue the next checkpoint run unless one is already waiting (the pattern of
    ``cases.tasks.schedule_next``). Backends that cannot defer skip."""
    import datetime as dt

    from django.utils import timezone

    backend = ledger_checkpoints.get_backend()
    if not backend.supports_defer:
        return False
    try:
        from django_tasks_db.models import DBTaskResult
    except ImportError:  # another backend: trust it to keep one waiting task
        pass
    else:
        waiting = DBTaskResult.objects.filter(task_path=CHECKPOINT_TASK_PATH, status="READY")
        if waiting.exists():
            return False
    when = (now if isinstance(now, dt.datetime) else timezone.now()) + dt.timedelta(
        minutes=CHECKPOINT_EVERY_MINUTES
    )
    ledger_checkpoints.using(run_after=when).enqueue()
    return True


@task
def ledger_checkpoints() -> int:
    from netral.pledges import ledger

    try:
        return ledger.checkpoints_make_all()
    finally:
        schedule_checkpoints()
