"""Background tasks (house style §7): thin, take ids, call a service; enqueued on commit."""

from __future__ import annotations

from django.tasks import task


@task
def send_circular(
    *, circular_id: int, pegawai_ids: list[int] | None = None, reminder: bool = False
) -> int:
    from netral.outreach import services

    return services.circular_mail_deliver(
        circular_id=circular_id, pegawai_ids=pegawai_ids, reminder=reminder
    )


@task
def send_event_invitation(*, event_id: int) -> int:
    from netral.outreach import services

    return services.event_invitations_deliver(event_id=event_id)


@task
def send_signing_plan(*, notice_id: int) -> bool:
    from netral.outreach import services

    return services.signing_plan_mail_deliver(notice_id=notice_id)
