"""Issue 9, defect 6: a roster upload sent twice (a double click on a slow upload) starts
one import job and stores one file (core.idempotency)."""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from netral.registry.models import ImportJob
from netral.registry.tests.import_helpers import asn, csv_bytes

pytestmark = pytest.mark.django_db


def test_an_upload_sent_twice_starts_one_job(
    client, login, hr_karimun, karimun, settings, tmp_path
):
    settings.IMPORT_DIR = tmp_path / "imports"
    login(hr_karimun)
    page = client.get(reverse("registry:import_start")).content.decode()
    key = re.search(r'name="idempotency_key" value="([0-9a-f-]{36})"', page)
    assert key, "the form carries no idempotency key"
    content = csv_bytes([asn(n) for n in range(1, 4)])
    locations = []
    for _ in range(2):
        response = client.post(
            reverse("registry:import_start"),
            {
                "idempotency_key": key.group(1),
                "instansi": karimun.pk,
                "berkas": SimpleUploadedFile("daftar.csv", content, "text/csv"),
            },
        )
        assert response.status_code == 302
        locations.append(response["Location"])
    assert locations[0] == locations[1]
    assert ImportJob.objects.count() == 1
    assert len(list((tmp_path / "imports").iterdir())) == 1
