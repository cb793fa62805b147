"""Hot pages stay cheap (issue 15 item 1): the number of queries each one runs is pinned,
so a change that adds a query per row, per card or per middleware shows up here. The
CPU cost is measured in ``make bench`` / ``make profile``, never in a timed test."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from netral.conftest import PASSWORD, verified_login
from netral.pledges.models import Signature
from netral.pledges.tests.factories import make_campaign


def _count(client: Client, method: str, url: str, data: dict | None = None) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as q:
        r = client.post(url, data) if method == "POST" else client.get(url)
    return r.status_code, len(q)


@pytest.fixture
def campaign(karimun, bidang_sd, asn_karimun):
    return make_campaign(instansi=karimun)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("who", "url", "most"),
    [
        # Session and user on every page; role assignments and the 2FA device come from
        # the session's identity snapshot (accounts/identity.py), not from a query.
        ("employee", "/", 4),
        ("employee", "/ikrar/", 6),
        ("employee", "/ikrar/{c}/tanda-tangan/", 6),
        ("staff", "/", 6),
        ("staff", "/ikrar/kampanye/", 3),
        ("staff", "/ikrar/kampanye/{c}/", 8),
    ],
)
def test_hot_page_query_count(who, url, most, campaign, asn_karimun, hr_karimun):
    client = verified_login(Client(), asn_karimun if who == "employee" else hr_karimun)
    url = url.format(c=campaign.pk)
    client.get(url)  # warm: first-request work (session upgrade, caches) is not counted
    status, queries = _count(client, "GET", url)
    assert status == 200
    assert queries <= most, f"{url} ran {queries} queries (at most {most})"


@pytest.mark.django_db
def test_signing_post_query_count(campaign, asn_karimun):
    client = verified_login(Client(), asn_karimun)
    url = f"/ikrar/{campaign.pk}/tanda-tangan/"
    page = client.get(url).content.decode()
    sha = re.search(r'name="text_sha256" value="([0-9a-f]{64})"', page).group(1)
    status, queries = _count(
        client, "POST", url, {"text_sha256": sha, "agree": "on", "confirmation": PASSWORD}
    )
    assert status == 302 and Signature.objects.count() == 1
    # Reads for the guards (rate-limit count included), then one transaction: audit,
    # the agency log's lock and append, the signature.
    assert queries <= 20, queries
