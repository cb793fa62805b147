"""Issue 9, defect 6: the rebuild button pressed twice (or a resent POST) starts one
rebuild (core.idempotency, the page's ``{% submit_once %}`` key)."""

from __future__ import annotations

import re

import pytest

from netral.core.models import JobProgress

pytestmark = pytest.mark.django_db


def test_a_rebuild_asked_twice_starts_one_job(login, sysadmin):
    client = login(sysadmin)
    page = client.get("/dasbor/ringkasan/").content.decode()
    key = re.search(r'name="idempotency_key" value="([0-9a-f-]{36})"', page)
    assert key, "the form carries no idempotency key"
    first = client.post("/dasbor/ringkasan/", {"idempotency_key": key.group(1)})
    second = client.post("/dasbor/ringkasan/", {"idempotency_key": key.group(1)})
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert JobProgress.objects.filter(kind="analytics.rebuild").count() == 1
    # a malformed key is ignored, not a 500
    assert client.post("/dasbor/ringkasan/", {"idempotency_key": "x"}).status_code == 302
