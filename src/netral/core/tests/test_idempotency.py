"""core.idempotency (issue 9, defect 6): one row per key, a key bound to its form, a
first attempt that failed leaves the key free."""

from __future__ import annotations

import datetime as dt
import itertools
import uuid

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction

from netral.core import idempotency
from netral.core.models import CutiBersama, SubmissionKey

pytestmark = pytest.mark.django_db
_days = itertools.count()


def _make() -> CutiBersama:
    day = dt.date(2031, 1, 1) + dt.timedelta(days=next(_days))
    return CutiBersama.objects.create(date=day, description="Cuti bersama")


def test_a_key_creates_once_and_returns_the_first_row():
    key = uuid.uuid4()
    first = idempotency.once(key, "test.cuti", CutiBersama, _make)
    again = idempotency.once(str(key), "test.cuti", CutiBersama, _make)
    assert (
        again.pk == first.pk and CutiBersama.objects.filter(description="Cuti bersama").count() == 1
    )
    assert SubmissionKey.objects.get(key=key).target_id == str(first.pk)


def test_without_a_key_every_call_creates():
    idempotency.once(None, "test.cuti", CutiBersama, _make)
    idempotency.once("", "test.cuti", CutiBersama, _make)
    assert CutiBersama.objects.filter(description="Cuti bersama").count() == 2


def test_a_key_sent_to_another_form_is_refused():
    key = uuid.uuid4()
    idempotency.once(key, "test.cuti", CutiBersama, _make)
    with pytest.raises(ValidationError):
        idempotency.once(key, "test.other", CutiBersama, _make)


def test_a_failed_first_attempt_leaves_the_key_free():
    key = uuid.uuid4()

    def fail() -> CutiBersama:
        _make()
        raise ValidationError("refused")

    with pytest.raises(ValidationError), transaction.atomic():
        idempotency.once(key, "test.cuti", CutiBersama, fail)
    assert not SubmissionKey.objects.filter(key=key).exists()
    row = idempotency.once(key, "test.cuti", CutiBersama, _make)
    assert CutiBersama.objects.filter(pk=row.pk).exists()


def test_old_claims_are_pruned(monkeypatch):
    from django.utils import timezone

    old = SubmissionKey.objects.create(key=uuid.uuid4(), scope="test.cuti")
    SubmissionKey.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - dt.timedelta(days=idempotency.KEEP_DAYS + 1)
    )
    monkeypatch.setattr(idempotency.random, "randrange", lambda n: 0)
    idempotency.once(uuid.uuid4(), "test.cuti", CutiBersama, _make)
    assert not SubmissionKey.objects.filter(pk=old.pk).exists()
    assert SubmissionKey.objects.count() == 1
