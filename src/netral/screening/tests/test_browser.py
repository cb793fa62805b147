"""A Satgas member on a phone: loads the demo lexicon, uploads the demo file, reads a
flag's explanation, dismisses some with a reason and confirms one into a temuan
(issue 12 "Done when"). A desktop check of the queue follows."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from netral.conftest import PASSWORD, current_totp
from netral.registry.models import Region
from netral.reports.models import Report
from netral.screening.models import Post
from netral.screening.tests.conftest import DATA

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def regions(db):
    kepri, _ = Region.objects.get_or_create(
        kode="21", defaults={"nama": "KEPULAUAN RIAU", "level": 1}
    )
    Region.objects.get_or_create(
        kode="21.02", defaults={"nama": "KAB. KARIMUN", "level": 2, "parent": kepri}
    )


def _login(page, user):
    page.goto("/masuk/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(re.compile(r"/masuk/verifikasi-2fa/"))
    page.fill("#id_token", current_totp(user))
    page.click("main button[type=submit]")
    page.wait_for_url(re.compile(r"/$"))


def test_upload_review_dismiss_and_confirm_on_a_phone(
    phone_page, migration_data, regions, satgas_kepri
):
    page = phone_page
    problems = []
    page.on("console", lambda m: problems.append(m.text) if "Content Security" in m.text else None)
    _login(page, satgas_kepri)
    # when: the demo lexicon is imported
    page.get_by_role("link", name="Penyaringan media sosial").first.click()
    page.get_by_role("link", name="Leksikon pemilihan").click()
    page.set_input_files("#id_berkas", str(DATA / "lexicon_demo_kepri2024.json"))
    page.get_by_role("button", name="Simpan leksikon").click()
    expect(page.locator("main")).to_contain_text("Pilkada Provinsi Kepulauan Riau 2024")
    # and the demo file is uploaded
    page.goto("/penyaringan/unggah/")
    page.set_input_files("#id_berkas", str(DATA / "demo_posts.csv"))
    page.get_by_role("button", name="Unggah dan saring").click()
    expect(page.locator(".screening-done")).to_contain_text("300 baris disaring", timeout=60_000)
    page.screenshot(path="/tmp/screening-job.png", full_page=True)
    page.get_by_role("button", name="Telaah tandaan dari berkas ini").click()
    # then: flags with scores, highest first
    cards = page.locator("article.flag-card")
    expect(cards.first).to_be_visible()
    flagged = Post.objects.filter(status=Post.Status.PENDING).count()
    assert flagged > 50
    page.locator("article.flag-card details summary").first.click()
    expect(page.locator(".flag-why").first).to_contain_text("Dasar:")
    page.screenshot(path="/tmp/screening-queue-phone.png", full_page=False)
    # when: two flags are dismissed with a reason
    boxes = page.locator("article.flag-card input[name=ids]")
    boxes.nth(1).check()
    boxes.nth(2).check()
    page.fill("#id_reason", "Bukan dukungan: berita netral.")
    page.get_by_role("button", name="Tolak tandaan terpilih").click()
    expect(page.locator("body")).to_contain_text("2 tandaan ditolak.")
    assert Post.objects.filter(status=Post.Status.DISMISSED).count() == 2
    # and the top flag is confirmed into a temuan
    page.locator("article.flag-card header a").first.click()
    expect(page.locator("main")).to_contain_text("Sidik isi (SHA-256)")
    page.fill("#id_note", "Ajakan memilih yang jelas.")
    page.get_by_role("button", name="Konfirmasi menjadi temuan").click()
    # then the temuan opened a case: the reviewer lands on it, at the initial study
    expect(page.locator("body")).to_contain_text("dicatat dan perkara PRK-")
    page.screenshot(path="/tmp/screening-confirmed.png", full_page=False)
    report = Report.objects.get()
    assert report.channel == Report.Channel.TEMUAN
    confirmed = Post.objects.get(status=Post.Status.CONFIRMED)
    assert confirmed.report == report and confirmed.case is not None
    assert page.url.endswith(f"/{confirmed.case.public_id}/")
    assert problems == []


def test_queue_on_a_desktop(desktop_page, regions, satgas_kepri, election):
    from netral.screening import services

    data = (DATA / "demo_posts.csv").read_bytes()
    services.batch_screen_bytes(
        election=election, data=data, filename="d.csv", actor=satgas_kepri, region_kode="21"
    )
    page = desktop_page
    _login(page, satgas_kepri)
    page.goto("/penyaringan/?detector=partisan")
    expect(page.locator("article.flag-card").first).to_be_visible()
    page.screenshot(path="/tmp/screening-queue-desktop.png", full_page=False)
