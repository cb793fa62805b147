"""Issue 9, defect 6: a screening upload sent twice starts one job (core.idempotency)."""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from netral.conftest import verified_login
from netral.core.models import JobProgress

pytestmark = pytest.mark.django_db


def test_an_upload_sent_twice_starts_one_job(client, satgas_kepri, election):
    verified_login(client, satgas_kepri)
    page = client.get("/penyaringan/unggah/").content.decode()
    key = re.search(r'name="idempotency_key" value="([0-9a-f-]{36})"', page)
    assert key, "the form carries no idempotency key"
    csv = (
        "platform,handle,text,posted_at,url\nx,@budi,Ayo pilih nomor 2,2024-11-01,https://x.com/1\n"
    )
    before = JobProgress.objects.count()
    locations = []
    for _ in range(2):
        response = client.post(
            "/penyaringan/unggah/",
            {
                "idempotency_key": key.group(1),
                "election": election.pk,
                "berkas": SimpleUploadedFile("posts.csv", csv.encode(), "text/csv"),
            },
        )
        assert response.status_code == 302, response.content.decode()[:1500]
        locations.append(response["Location"])
    assert locations[0] == locations[1]
    assert JobProgress.objects.count() == before + 1
