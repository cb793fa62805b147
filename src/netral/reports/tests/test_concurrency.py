"""Concurrent intake on PostgreSQL: gap-free numbers and one report per idempotency key."""

import threading
import uuid

import pytest
from django.db import connection

from netral.registry.models import Region
from netral.reports.models import Report
from netral.reports.tests.factories import submit

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="row locks need PostgreSQL (SQLite serialises)"
    ),
]


@pytest.fixture
def region(db):
    kepri, _ = Region.objects.get_or_create(kode="21", defaults={"nama": "Kepri", "level": 1})
    Region.objects.get_or_create(
        kode="21.02", defaults={"nama": "Karimun", "level": 2, "parent": kepri}
    )


def _run(n, fn):
    errors = []

    def work(i):
        try:
            fn(i)
        except Exception as exc:  # collected and asserted below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=work, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return errors


def test_concurrent_submissions_get_gap_free_numbers(region):
    # when
    errors = _run(8, lambda i: submit())
    # then
    assert errors == []
    numbers = sorted(int(n[-6:]) for n in Report.objects.values_list("intake_number", flat=True))
    assert numbers == list(range(1, 9))


def test_concurrent_double_submit_makes_one_report(region):
    # given
    key = uuid.uuid4()
    # when
    errors = _run(6, lambda i: submit(key=key))
    # then
    assert errors == []
    assert Report.objects.filter(idempotency_key=key).count() == 1
