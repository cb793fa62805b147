import pytest

from netral.conftest import PASSWORD
from netral.pledges.tests.factories import make_campaign

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _no_horizontal_scroll(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= 360 + 1


def test_employee_signs_on_a_phone_and_the_qr_link_verifies(phone_page, karimun, asn_karimun):
    # given
    campaign = make_campaign(instansi=karimun)
    page = phone_page
    # when: log in and follow the home card to the open stage
    page.goto("/masuk/")
    page.get_by_label("Nama pengguna").fill(asn_karimun.username)
    page.get_by_label("Kata sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    page.get_by_role("link", name="Ikrar netralitas dan pakta integritas").click()
    page.get_by_role("button", name="Baca dan tanda tangani").click()
    # then: the whole pact is readable on the phone
    assert "PAKTA INTEGRITAS" in page.locator("#pact-text").inner_text()
    assert page.locator("#pact-text ol li").count() == 4
    _no_horizontal_scroll(page)
    # when: confirm and sign
    page.get_by_label("Saya telah membaca seluruh ikrar").check()
    page.get_by_label("Kata sandi atau kode 6 digit").fill(PASSWORD)
    page.get_by_role("button", name="Tanda tangani pakta integritas").click()
    # then: the receipt shows the code and the QR link, which verifies
    code = page.locator("#verification-code").inner_text()
    assert len(code.replace("-", "")) == 16
    assert page.locator(".qr svg").is_visible()
    _no_horizontal_scroll(page)
    link = page.locator("#verify-link").get_attribute("href")
    page.goto("/verifikasi/" + link.rsplit("/", 1)[1])
    assert page.locator("#verify-status").get_attribute("data-status") == "valid"
    assert asn_karimun.pegawai.nama in page.content()
    assert campaign.nama in page.content()


def test_public_verification_form_on_a_phone(phone_page, karimun, asn_karimun):
    # given
    from netral.pledges import services

    campaign = make_campaign(instansi=karimun)
    sig, _ = services.pact_sign(
        campaign=campaign, pegawai=asn_karimun.pegawai, actor=None, method="PASSWORD"
    )
    page = phone_page
    # when: a member of the public types the grouped code in lower case
    page.goto("/verifikasi/")
    page.get_by_label("Kode verifikasi").fill(sig.code_display.lower())
    page.get_by_role("button", name="Periksa").click()
    # then
    assert page.locator("#verify-status").get_attribute("data-status") == "valid"
    _no_horizontal_scroll(page)
    page.goto("/verifikasi/TIDAKADAKODEINI1")
    assert page.locator("#verify-status").get_attribute("data-status") == "unknown"
