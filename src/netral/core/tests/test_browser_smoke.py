import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_login_page_renders_in_indonesian_on_a_phone(phone_page):
    phone_page.goto("/masuk/")
    assert phone_page.locator("h1").inner_text() == "Masuk ke Netral"
