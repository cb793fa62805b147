"""Concurrent letters of one office on PostgreSQL: gap-free, never reused numbers."""

# ruff: noqa: F811  (the ``case`` fixture is imported from test_letters)
import threading

import pytest
from django.db import connection

from netral.cases import letters
from netral.cases.letter_models import CaseLetter, LetterKind
from netral.cases.tests.test_letters import case  # noqa: F401  (fixture)

pytestmark = [
    pytest.mark.django_db(transaction=True),
    # an earlier transactional test's flush emptied what the data migrations loaded
    pytest.mark.usefixtures("migration_data"),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="row locks need PostgreSQL (SQLite serialises)"
    ),
]


def test_concurrent_letters_get_consecutive_numbers(case, bawaslu_karimun):
    # given
    errors: list[Exception] = []

    def work() -> None:
        try:
            letters.letter_issue(
                case=case,
                data=letters.IssueInput(kind=LetterKind.TANDA_TERIMA),
                actor=bawaslu_karimun,
            )
        except Exception as exc:  # collected and asserted below
            errors.append(exc)
        finally:
            connection.close()

    # when
    threads = [threading.Thread(target=work) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    # then
    assert errors == []
    assert sorted(CaseLetter.objects.values_list("seq", flat=True)) == [1, 2, 3, 4, 5, 6]
