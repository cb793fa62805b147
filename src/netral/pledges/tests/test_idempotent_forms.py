"""Issue 9, defect 6: the campaign and ceremony create forms are idempotent: the form's
hidden key makes a double submit create one row (core.idempotency). (Add stage has its own
key and constraint: test_attack_stage_add.py.)"""

from __future__ import annotations

import re

import pytest
from django.test import Client

from netral.conftest import verified_login
from netral.pledges.models import Campaign, Ceremony, Election, PactTemplate, PledgeText
from netral.pledges.tests.factories import ensure_seed_data, make_campaign

pytestmark = pytest.mark.django_db


def _key(page: str) -> str:
    match = re.search(r'name="idempotency_key" value="([0-9a-f-]{36})"', page)
    assert match, "the form carries no idempotency key"
    return match.group(1)


def test_a_campaign_sent_twice_is_one_campaign(hr_karimun, karimun):
    ensure_seed_data()
    hr = verified_login(Client(), hr_karimun)
    data = {
        "idempotency_key": _key(hr.get("/ikrar/kampanye/baru/").content.decode()),
        "instansi": karimun.pk,
        "election": Election.objects.get(kode="pilkada-2024").pk,
        "nama": "Ikrar Netralitas ASN Karimun 2024",
        "place": "Tanjung Balai Karimun",
        "pledge_text": PledgeText.objects.get(version=1).pk,
        "pact_template": PactTemplate.objects.get(version=1).pk,
    }
    first = hr.post("/ikrar/kampanye/baru/", data)
    second = hr.post("/ikrar/kampanye/baru/", data)
    assert first.status_code == second.status_code == 302, first.content.decode()[:1000]
    assert first["Location"] == second["Location"]  # both land on the one campaign
    assert Campaign.objects.filter(instansi=karimun).count() == 1


def test_a_ceremony_sent_twice_is_one_ceremony(hr_karimun, karimun):
    campaign = make_campaign(instansi=karimun)
    hr = verified_login(Client(), hr_karimun)
    url = f"/ikrar/kampanye/{campaign.pk}/apel/baru/"
    data = {
        "idempotency_key": _key(hr.get(url).content.decode()),
        "held_on": "2024-01-08",  # the Karimun apel ikrar (shared/domain.md §4)
        "place": "Halaman Kantor Bupati",
        "leader": "Sekretaris Daerah",
    }
    first = hr.post(url, data)
    second = hr.post(url, data)
    assert first.status_code == second.status_code == 302, first.content.decode()[:2000]
    assert Ceremony.objects.filter(campaign=campaign).count() == 1


def test_a_receipts_zip_asked_twice_starts_one_job(hr_karimun, karimun):
    from netral.core.models import JobProgress

    campaign = make_campaign(instansi=karimun)
    hr = verified_login(Client(), hr_karimun)
    page = hr.get(f"/ikrar/kampanye/{campaign.pk}/").content.decode()
    form = page.split("/arsip-tanda-terima/", 1)[1]
    data = {"idempotency_key": _key(form), "unit": ""}
    url = f"/ikrar/kampanye/{campaign.pk}/arsip-tanda-terima/"
    before = JobProgress.objects.count()
    first, second = hr.post(url, data), hr.post(url, data)
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert JobProgress.objects.count() == before + 1
