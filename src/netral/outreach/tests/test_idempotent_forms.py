"""Issue 9, defect 6: the event create form is idempotent: the form's hidden key makes a
double submit create one event (core.idempotency). A circular is one per letter number in
its agency (a constraint; test_circular_views.py)."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from netral.outreach.models import Event

pytestmark = pytest.mark.django_db


def test_an_event_sent_twice_is_one_event(client, login, hr_karimun, karimun):
    login(hr_karimun)
    page = client.get(reverse("outreach:event_create")).content.decode()
    key = re.search(r'name="idempotency_key" value="([0-9a-f-]{36})"', page)
    assert key, "the form carries no idempotency key"
    data = {
        "idempotency_key": key.group(1),
        "instansi": karimun.pk,
        "jenis": Event.Jenis.SOSIALISASI,
        "judul": "Sosialisasi netralitas ASN",
        "penyelenggara": "BKPSDM Karimun",
        "tempat": "Aula Kantor Bupati",
        "mulai": "2024-10-01T09:00",
        "selesai": "2024-10-01T12:00",
    }
    first = client.post(reverse("outreach:event_create"), data)
    second = client.post(reverse("outreach:event_create"), data)
    assert first.status_code == second.status_code == 302, first.content.decode()[:2000]
    assert first["Location"] == second["Location"]
    assert Event.objects.filter(instansi=karimun).count() == 1
