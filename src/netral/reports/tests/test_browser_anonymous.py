"""A reporter on a phone types a name, then chooses *Anonim* (issue 11 item 3): the
identity fields disappear, the consequences are explained, what was typed is cleared
visibly and comes back if they change their mind."""

import datetime as dt

import pytest
from django.utils import timezone

from netral.core.tests.axe import assert_accessible
from netral.reports.models import Report
from netral.reports.tests.test_browser import regions  # noqa: F401  (fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_anonymous_mode_hides_explains_and_clears_visibly(phone_page, regions, settings):  # noqa: F811
    # given: a reporter has started with their name and phone
    settings.REPORT_SUBMIT_LIMIT = 100
    page = phone_page
    page.goto("/lapor/")
    page.fill("#id_terlapor-0-nama", "Pak Camat")
    page.fill("#id_event_date", (timezone.localdate() - dt.timedelta(days=1)).isoformat())
    page.fill("#id_region_cari", "karimun")
    page.wait_for_selector("#id_event_region option[value='21.02']", state="attached")
    page.select_option("#id_event_region", value="21.02")
    page.fill("#id_description", "Camat membagikan stiker calon kepada warga di kantor camat.")
    page.fill("#id_nama", "Sulastri")
    page.fill("#id_telepon", "081277712345")
    assert not page.get_by_test_id("anon-note").is_visible()
    # when: they choose Anonim
    page.check("input[name=identity_mode][value=ANONYMOUS]")
    # then: fields hidden, consequences explained, cleared fields named
    assert not page.is_visible("#id_nama")
    note = page.get_by_test_id("anon-note")
    assert note.is_visible() and "tidak dapat menghubungi Anda kembali" in note.inner_text()
    cleared = page.get_by_test_id("anon-cleared")
    assert cleared.is_visible()
    assert "Nama Anda, Nomor telepon/WhatsApp" in cleared.inner_text()
    assert page.input_value("#id_nama") == ""
    page.get_by_test_id("anon-note").scroll_into_view_if_needed()
    page.screenshot(path="/tmp/field-anonymous-phone.png", full_page=True)
    assert_accessible(page)
    # when: they change their mind, what they typed is back
    page.check("input[name=identity_mode][value=CONFIDENTIAL]")
    assert page.input_value("#id_nama") == "Sulastri"
    assert page.input_value("#id_telepon") == "081277712345"
    assert not cleared.is_visible() and not note.is_visible()
    # when: anonymous after all, and sent
    page.check("input[name=identity_mode][value=ANONYMOUS]")
    page.click("button[type=submit]:has-text('Kirim laporan')")
    page.wait_for_selector("#receipt-code")
    # then: a tip with no identity
    report = Report.objects.get()
    assert report.identity_mode == Report.IdentityMode.ANONYMOUS
    assert report.kind == Report.Kind.INFORMASI and report.identity_token == ""
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
