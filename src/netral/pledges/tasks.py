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
