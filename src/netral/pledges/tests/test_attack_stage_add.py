"""Issue 9, defect 6: concurrent "add stage" posts (6 in parallel) gave 4 stages instead of
3 and one 500. Every create form is idempotent: a double submit makes one stage, and
parallel distinct adds get consecutive orders without an error."""

import datetime as dt
import re
import threading
import uuid

import pytest
from django.db import connection
from django.test import Client

from netral.conftest import verified_login
from netral.pledges import services
from netral.pledges.models import Stage
from netral.pledges.tests.factories import make_campaign


def _stage_post(key: str, nama: str = "Kepala OPD") -> dict[str, str]:
    today = dt.date.today()
    return {
        "nama": nama,
        "open_rule": "DATE",
        "opens_on": today.isoformat(),
        "deadline": (today + dt.timedelta(days=7)).isoformat(),
        "idempotency_key": key,
    }


@pytest.mark.django_db
def test_stage_form_carries_a_key_and_a_double_submit_makes_one_stage(client, hr_karimun, karimun):
    # given
    campaign = make_campaign(instansi=karimun, stages=[], activate=False)
    hr = verified_login(client, hr_karimun)
    url = f"/ikrar/kampanye/{campaign.pk}/tahap/baru/"
    key = re.search(r'name="idempotency_key" value="([0-9a-f-]{36})"', hr.get(url).content.decode())
    assert key is not None
    # when: the same form sent twice
    first = hr.post(url, _stage_post(key.group(1)))
    second = hr.post(url, _stage_post(key.group(1)))
    # then
    assert first.status_code == second.status_code == 302
    assert campaign.stages.filter(idempotency_key=key.group(1)).count() == 1
    assert campaign.stages.count() == 2  # the factory's stage and this one


@pytest.mark.django_db
def test_same_key_in_the_service_returns_the_first_stage(karimun, hr_karimun):
    campaign = make_campaign(instansi=karimun, stages=[], activate=False)
    key = uuid.uuid4()
    spec = {"nama": "Semua", "deadline": dt.date.today(), "opens_on": dt.date.today()}
    a = services.stage_add(campaign=campaign, actor=hr_karimun, idempotency_key=key, **spec)
    b = services.stage_add(campaign=campaign, actor=hr_karimun, idempotency_key=key, **spec)
    assert a.pk == b.pk
    assert Stage.objects.filter(campaign=campaign).count() == 2  # with the factory's


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="parallel writers need PostgreSQL")
def test_six_parallel_posts_of_three_forms_make_three_stages_and_no_error(hr_karimun, karimun):
    # given: three forms, each sent twice at the same moment
    campaign = make_campaign(instansi=karimun, stages=[], activate=False)
    keys = [str(uuid.uuid4()) for _ in range(3)]
    url = f"/ikrar/kampanye/{campaign.pk}/tahap/baru/"
    clients = [verified_login(Client(), hr_karimun) for _ in range(6)]
    start = threading.Barrier(6)
    statuses: list[int] = []

    def post(i: int) -> None:
        try:
            start.wait()
            statuses.append(
                clients[i].post(url, _stage_post(keys[i % 3], f"Tahap {i % 3}")).status_code
            )
        finally:
            connection.close()

    threads = [threading.Thread(target=post, args=(i,)) for i in range(6)]
    # when
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    # then
    assert sorted(statuses) == [302] * 6
    orders = sorted(campaign.stages.values_list("order", flat=True))
    assert orders == [1, 2, 3, 4]  # the factory's stage and three, no duplicate
