"""Elections are data an administrator adds (issue 11 item 18): type, name, region,
dates, then they can be chosen for a campaign."""

from __future__ import annotations

import pytest
from django.urls import reverse

from netral.pledges.forms import CampaignForm
from netral.pledges.models import Election

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser(sysadmin):
    sysadmin.is_superuser = sysadmin.is_staff = True
    sysadmin.save(update_fields=["is_superuser", "is_staff"])
    return sysadmin


def test_administrator_adds_a_regional_election_usable_by_campaigns(login, superuser, karimun):
    # given
    client = login(superuser)
    data = {
        "kode": "pilkada-karimun-2029",
        "nama": "Pemilihan Bupati Karimun 2029",
        "jenis": Election.Jenis.PILKADA,
        "region": "21.02",
        "registration_start": "2029-08-01",
        "campaign_start": "2029-09-01",
        "campaign_end": "2029-11-20",
        "voting_day": "2029-11-25",
        "citation": "UU 10/2016; PKPU tahapan 2029",
    }
    # when
    response = client.post(reverse("admin:pledges_election_add"), data)
    # then
    assert response.status_code == 302, response.content.decode()[:2000]
    election = Election.objects.get(kode="pilkada-karimun-2029")
    assert election.region_id == "21.02"
    assert election in CampaignForm.base_fields["election"].queryset


def test_dates_out_of_order_are_refused_with_a_message(login, superuser):
    response = login(superuser).post(
        reverse("admin:pledges_election_add"),
        {
            "kode": "pemilu-2029",
            "nama": "Pemilu 2029",
            "jenis": Election.Jenis.PEMILU,
            "campaign_start": "2029-02-01",
            "campaign_end": "2029-01-01",
            "voting_day": "2029-02-14",
        },
    )
    assert response.status_code == 200
    assert not Election.objects.filter(kode="pemilu-2029").exists()
