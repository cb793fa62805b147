"""The HR admin closes a campaign on a phone, reads what it does, confirms, reopens it
with a reason; the employee still downloads the receipt meanwhile (issue 11 item 6)."""

import pytest

from netral.conftest import browser_login
from netral.core.models import AuditEntry
from netral.core.tests.axe import assert_accessible
from netral.pledges import services
from netral.pledges.models import Campaign
from netral.pledges.tests.factories import make_campaign

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_close_confirm_then_reopen_with_reason(
    browser, live_server, hr_karimun, karimun, asn_karimun
):
    # given: a running campaign that the employee has signed
    campaign = make_campaign(instansi=karimun)
    sig, _ = services.pact_sign(
        campaign=campaign, pegawai=asn_karimun.pegawai, actor=None, method="PASSWORD"
    )
    ctx = browser.new_context(
        viewport={"width": 360, "height": 740}, locale="id-ID", base_url=live_server.url
    )
    page = ctx.new_page()
    page.set_default_timeout(15_000)
    browser_login(page, hr_karimun)
    # when: the HR admin asks to close it
    page.goto(f"/ikrar/kampanye/{campaign.pk}/")
    page.get_by_test_id("campaign-close").click()
    # then: a page that explains, and nothing closed yet
    effects = page.get_by_test_id("close-effects").inner_text()
    assert "tidak dapat lagi menandatangani" in effects
    assert "tetap dapat melihat dan mengunduhnya" in effects
    assert "1 dari 1 pegawai sudah menandatangani" in page.content()
    page.screenshot(path="/tmp/field-close-confirm-phone.png", full_page=True)
    assert_accessible(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    campaign.refresh_from_db()
    assert campaign.status == Campaign.Status.ACTIVE
    # when: confirmed
    page.get_by_test_id("close-confirm").click()
    page.wait_for_url(f"**/ikrar/kampanye/{campaign.pk}/")
    # then
    assert page.locator("#campaign-status").inner_text() == "Ditutup"
    assert "Tanda terima yang sudah ada tetap dapat dilihat" in page.content()
    assert_accessible(page)
    # and the employee still has the receipt
    emp_ctx = browser.new_context(
        viewport={"width": 360, "height": 740}, locale="id-ID", base_url=live_server.url
    )
    emp = emp_ctx.new_page()
    browser_login(emp, asn_karimun)
    emp.goto("/ikrar/")
    emp.get_by_role("button", name="Lihat tanda terima").click()
    assert sig.code_display in emp.content() or sig.code in emp.content()
    emp_ctx.close()
    # when: the HR admin reopens it, first without a reason
    page.get_by_test_id("campaign-reopen").click()
    page.get_by_test_id("reopen-confirm").click()
    assert page.locator(".errorlist").count() >= 1
    page.fill("#id_reason", "Ditutup terlalu cepat; tahap 2 belum selesai.")
    page.screenshot(path="/tmp/field-reopen-phone.png", full_page=True)
    assert_accessible(page)
    page.get_by_test_id("reopen-confirm").click()
    page.wait_for_url(f"**/ikrar/kampanye/{campaign.pk}/")
    # then
    assert page.locator("#campaign-status").inner_text() == "Berjalan"
    entry = AuditEntry.objects.get(action="pledges.campaign.reopened")
    assert entry.data["reason"] == "Ditutup terlalu cepat; tahap 2 belum selesai."
    ctx.close()
