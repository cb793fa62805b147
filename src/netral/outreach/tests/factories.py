"""Outreach test helpers (house style §12): records are built through the services."""

from __future__ import annotations

import datetime as dt
from typing import Any

from netral.outreach import services, workflow
from netral.outreach.models import Circular
from netral.registry.models import Instansi

_counter = iter(range(1, 10_000))


def make_circular(
    *, instansi: Instansi, actor: Any = None, publish: bool = True, **kwargs: Any
) -> Circular:
    """A circular to ``kwargs``' audience (default: the whole agency), published."""
    n = next(_counter)
    data: dict[str, Any] = {
        "jenis": Circular.Jenis.EDARAN,
        "nomor": f"800.1/{n:03d}/BKPSDM/2024",
        "tanggal": dt.date.today(),
        "penandatangan": "Sekretaris Daerah Kabupaten Karimun",
        "jabatan_penandatangan": "Sekretaris Daerah",
        "perihal": "Netralitas ASN pada Pemilihan Serentak 2024",
        "isi": "Seluruh pegawai wajib menjaga netralitas.",
        **kwargs,
    }
    circular = services.circular_create(instansi=instansi, actor=actor, **data)
    if publish:
        workflow.circular_transition(circular=circular, name="publish", actor=actor)
    return Circular.objects.get(pk=circular.pk)


def make_event(
    *, instansi: Instansi, actor: Any = None, publish: bool = True, **kwargs: Any
) -> Any:
    """An event happening now (check-in open), inviting the whole agency by default."""
    from django.utils import timezone

    from netral.outreach.models import Event

    now = timezone.now()
    data: dict[str, Any] = {
        "jenis": Event.Jenis.SOSIALISASI,
        "judul": "Sosialisasi Netralitas ASN bagi Seluruh Pegawai ASN",
        "penyelenggara": "BKPSDM Kabupaten Karimun",
        "narasumber": "Ketua Bawaslu Kabupaten Karimun",
        "tempat": "Aula Kantor Bupati Karimun",
        "mulai": now - dt.timedelta(minutes=30),
        "selesai": now + dt.timedelta(hours=2),
        **kwargs,
    }
    event = services.event_create(instansi=instansi, actor=actor, **data)
    if publish:
        workflow.event_transition(event=event, name="publish", actor=actor)
    return Event.objects.get(pk=event.pk)
