"""A citizen on a phone lands on ``/`` and finds how to report and what happens next
(issue 11 items 1 and 19)."""

import pytest

from netral.core.tests.axe import assert_accessible
from netral.reports.models import DeadlineRule

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def deadlines(db):
    # Transactional tests flush migration data; put back the rules the page shows.
    for kind, election, days, working, citation in [
        ("REPORT_WINDOW", "PEMILU", 7, True, "UU 7/2017 Pasal 454 ayat (6)"),
        ("REPORT_WINDOW", "PILKADA", 7, False, "UU 10/2016 Pasal 134 ayat (4)"),
        ("STUDY", "PEMILU", 7, True, "UU 7/2017 Pasal 454 ayat (7)"),
        ("STUDY", "PILKADA", 3, False, "UU 10/2016 Pasal 134 ayat (5)"),
    ]:
        DeadlineRule.objects.get_or_create(
            kind=kind,
            election_type=election,
            defaults={"days": days, "working_days": working, "citation": citation},
        )


def test_visitor_on_a_phone_finds_report_follow_up_and_staff_login(phone_page, deadlines):
    # given
    page = phone_page
    # when
    page.goto("/")
    # then
    assert page.locator("h1").inner_text() == "Awasi netralitas ASN bersama."
    steps = page.get_by_test_id("front-steps").inner_text()
    assert "7 hari kerja" in steps and "Pasal 134" in steps
    page.screenshot(path="/tmp/field-front-door-phone.png", full_page=True)
    assert_accessible(page)
    # nothing overflows the small screen sideways
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.get_by_test_id("front-lapor").click()
    page.wait_for_url("**/lapor/")
    page.go_back()
    page.get_by_test_id("front-login").click()
    page.wait_for_url("**/masuk/")
    assert_accessible(page)
