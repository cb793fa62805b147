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
