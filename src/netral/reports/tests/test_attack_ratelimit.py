"""Issue 9, defect 9: rate limits counted after they checked, so bursts overshot (16
parallel guesses got 12 checks against a limit of 10), and 30 wrong guesses sharing a
code's first six digits locked the real reporter out for 10 minutes."""

import threading

import pytest
from django.db import connection

from netral.registry.models import Region
from netral.reports import receipts, services
from netral.reports.errors import ReportError
from netral.reports.tests.factories import submit


def _wrong(code: str, i: int) -> str:
    """A wrong code with the same 6-digit prefix as ``code``."""
    tail = str((int(code[receipts.PREFIX_DIGITS :]) + 1 + i) % 10**14).zfill(14)
    assert tail != code[receipts.PREFIX_DIGITS :]
    return code[: receipts.PREFIX_DIGITS] + tail


@pytest.fixture
def region_karimun(db):
    kepri, _ = Region.objects.get_or_create(kode="21", defaults={"nama": "Kepri", "level": 1})
    Region.objects.get_or_create(
        kode="21.02", defaults={"nama": "Karimun", "level": 2, "parent": kepri}
    )


@pytest.mark.django_db
def test_wrong_guesses_sharing_the_prefix_do_not_lock_the_reporter_out(settings):
    # given: the attacker knows (or guessed) the prefix and spreads guesses over addresses
    settings.REPORT_RECEIPT_TRIES = 10
    result = submit()
    code = result.receipt_code
    for i in range(40):
        with pytest.raises(services.ReceiptRejected):
            services.receipt_open(code=_wrong(code, i), client=f"198.51.100.{i}")
    # when: the reporter, from their own address, types their code
    report = services.receipt_open(code=code, client="203.0.113.77")
    # then
    assert report.pk == result.report.pk


@pytest.mark.django_db
def test_a_prefix_under_attack_gives_each_client_fewer_tries(settings):
    # given: 30 wrong guesses at one prefix
    settings.REPORT_RECEIPT_TRIES = 10
    result = submit()
    code = result.receipt_code
    for i in range(30):
        with pytest.raises(services.ReceiptRejected):
            services.receipt_open(code=_wrong(code, i), client=f"198.51.100.{i}")
    # when: one more address tries four times
    answers = []
    for i in range(4):
        with pytest.raises(services.ReceiptRejected) as exc:
            services.receipt_open(code=_wrong(code, 100 + i), client="192.0.2.1")
        answers.append(exc.value.code)
    # then
    assert answers == [ReportError.RECEIPT_INVALID] * 3 + [ReportError.RATE_LIMITED]


@pytest.mark.django_db
def test_a_client_over_its_limit_is_refused_even_with_the_right_code(settings):
    # given
    settings.REPORT_RECEIPT_TRIES = 3
    result = submit()
    for i in range(3):
        with pytest.raises(services.ReceiptRejected) as exc:
            services.receipt_open(code=_wrong(result.receipt_code, i), client="198.51.100.9")
        assert exc.value.code == ReportError.RECEIPT_INVALID
    # when
    with pytest.raises(services.ReceiptRejected) as exc:
        services.receipt_open(code=result.receipt_code, client="198.51.100.9")
    # then
    assert exc.value.code == ReportError.RATE_LIMITED


@pytest.mark.django_db
def test_right_codes_do_not_use_up_the_reporters_tries(settings):
    # given
    settings.REPORT_RECEIPT_TRIES = 3
    result = submit()
    # when: the reporter checks their status many times
    for _ in range(6):
        services.receipt_open(code=result.receipt_code, client="203.0.113.8")
    # then: one typo later they are still let in
    with pytest.raises(services.ReceiptRejected) as exc:
        services.receipt_open(code=_wrong(result.receipt_code, 0), client="203.0.113.8")
    assert exc.value.code == ReportError.RECEIPT_INVALID
    assert services.receipt_open(code=result.receipt_code, client="203.0.113.8")


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="parallel writers need PostgreSQL")
def test_parallel_burst_gets_no_more_checks_than_the_limit(settings, region_karimun):
    # given
    settings.REPORT_RECEIPT_TRIES = 10
    result = submit()
    code = result.receipt_code
    answers: list[ReportError] = []
    start = threading.Barrier(16)

    def guess(i: int) -> None:
        try:
            start.wait()
            services.receipt_open(code=_wrong(code, i), client="198.51.100.200")
        except services.ReceiptRejected as exc:
            answers.append(exc.code)
        finally:
            connection.close()

    threads = [threading.Thread(target=guess, args=(i,)) for i in range(16)]
    # when
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    # then: exactly the limit was checked, the rest refused unchecked
    assert answers.count(ReportError.RECEIPT_INVALID) == 10
    assert answers.count(ReportError.RATE_LIMITED) == 6
