"""Accessibility stays at zero violations (issue 11 item 19): axe-core (WCAG 2.1 A and
AA) on every main page, public and staff, as each role sees it on a phone. A page
added to the product belongs in one of these lists."""

from __future__ import annotations

import os

import pytest

from netral.conftest import browser_login
from netral.core.tests.axe import violations
from netral.pledges import services as pledge_services
from netral.pledges.tests.factories import make_campaign
from netral.registry.tests.factories import PegawaiFactory
from netral.reports.tests.factories import submit
from netral.reports.tests.test_browser import regions  # noqa: F401  (fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PUBLIC = ["/", "/lapor/", "/lapor/cek/", "/verifikasi/", "/statistik/", "/masuk/"]


def _walk(browser, live_server, user, paths, *, width=360):
    """Visit ``paths`` as ``user`` (None: a visitor); every page must answer 200 and
    pass axe. Returns the problems found, all of them, page by page."""
    ctx = browser.new_context(
        viewport={"width": width, "height": 740}, locale="id-ID", base_url=live_server.url
    )
    page = ctx.new_page()
    page.set_default_timeout(15_000)
    problems = []
    try:
        if user is not None:
            browser_login(page, user)
        for path in paths:
            response = page.goto(path)
            if response is None or response.status != 200:
                problems.append(f"{path}: HTTP {response.status if response else '?'}")
                continue
            if shots := os.environ.get("AXE_SCREENSHOTS"):  # look at them: a phone's view
                name = path.strip("/").replace("/", "_").replace("?", "_") or "root"
                page.screenshot(path=f"{shots}/{name}.png", full_page=True)
            for v in violations(page):
                problems.append(f"{path}: {v['id']} ({v['impact']}) {v['help']} at {v['nodes']}")
    finally:
        ctx.close()
    return problems


def test_public_pages_have_no_violations(browser, live_server):
    assert _walk(browser, live_server, None, PUBLIC) == []


def test_hr_admin_pages_have_no_violations(
    browser, live_server, hr_karimun, karimun, bidang_sd, asn_karimun
):
    # given: a running campaign with one signature, so lists and tables have rows
    campaign = make_campaign(instansi=karimun)
    pledge_services.pact_sign(
        campaign=campaign, pegawai=asn_karimun.pegawai, actor=None, method="PASSWORD"
    )
    other = PegawaiFactory(unit=bidang_sd)
    pages = [
        "/",
        "/registri/pegawai/",
        f"/registri/pegawai/{asn_karimun.pegawai.pk}/",
        f"/registri/pegawai/{other.pk}/ubah/",
        "/registri/unit/",
        "/registri/impor/",
        "/ikrar/kampanye/",
        "/ikrar/kampanye/baru/",
        f"/ikrar/kampanye/{campaign.pk}/",
        f"/ikrar/kampanye/{campaign.pk}/tahap/baru/",
        f"/ikrar/kampanye/{campaign.pk}/belum-tanda-tangan/",
        f"/ikrar/kampanye/{campaign.pk}/belum-tanda-tangan/?format=cetak",
        f"/ikrar/kampanye/{campaign.pk}/tanda-tangan/",
        f"/ikrar/kampanye/{campaign.pk}/tutup/",
        f"/ikrar/kampanye/{campaign.pk}/apel/baru/",
        "/audit/",
        "/akun/2fa/kode-pemulihan/",
        "/dasbor/",
    ]
    assert _walk(browser, live_server, hr_karimun, pages) == []


def test_employee_pages_have_no_violations(browser, live_server, karimun, asn_karimun):
    # given
    campaign = make_campaign(instansi=karimun)
    other = make_campaign(instansi=karimun, election="pemilu-2024")
    sig, _ = pledge_services.pact_sign(
        campaign=other, pegawai=asn_karimun.pegawai, actor=None, method="PASSWORD"
    )
    pages = [
        "/",
        "/ikrar/",
        f"/ikrar/{campaign.pk}/tanda-tangan/",
        f"/ikrar/tanda-terima/{sig.code}/",
        "/registri/saya/",
        "/registri/saya/medsos/",
        f"/verifikasi/{sig.code}",
    ]
    assert _walk(browser, live_server, asn_karimun, pages) == []


def test_bawaslu_pages_have_no_violations(
    browser,
    live_server,
    regions,  # noqa: F811
    disdik_karimun,
    bawaslu_karimun,
    settings,
    tmp_path,
):
    # given: a report in the officer's region, with a photo and a PDF (inline previews)
    from netral.reports.tests.factories import jpeg_bytes, pdf_bytes, upload

    settings.MEDIA_ROOT = tmp_path
    report = submit(files=[upload("a.jpg", jpeg_bytes()), upload("b.pdf", pdf_bytes())]).report
    pages = [
        "/",
        "/laporan/",
        f"/laporan/{report.public_id}/",
        "/laporan/catat/",
        "/perkara/",
        "/perkara/antrean/",
        "/dasbor/",
    ]
    assert _walk(browser, live_server, bawaslu_karimun, pages) == []
