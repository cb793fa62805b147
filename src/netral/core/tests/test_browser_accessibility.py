"""Accessibility stays at zero violations (issue 11 item 19): axe-core (WCAG 2.1 A and
AA) on every main page, public and staff, as each role sees it on a phone. A page
added to the product belongs in one of these lists, or in its app's
``tests/test_browser_accessibility.py`` (cases, screening, outreach)."""

from __future__ import annotations

import datetime as dt

import pytest

from netral.core.tests.axe import walk
from netral.pledges import services as pledge_services
from netral.pledges.tests.factories import make_campaign
from netral.registry.tests.factories import PegawaiFactory
from netral.reports.tests.factories import submit
from netral.reports.tests.test_browser import regions  # noqa: F401  (fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PUBLIC = [
    "/",
    "/lapor/",
    "/lapor/cek/",
    "/verifikasi/",
    "/verifikasi/buku-besar/",
    "/statistik/",
    "/masuk/",
]


def _walk(browser, live_server, user, paths, **kw):
    return walk(browser, live_server, user, paths, **kw)


def test_public_pages_have_no_violations(browser, live_server):
    problems = _walk(browser, live_server, None, PUBLIC)
    assert problems == [], "\n".join(problems)


def test_reporter_status_page_has_no_violations(browser, live_server, regions):  # noqa: F811
    # given: a report whose reporter follows it up with the receipt code
    result = submit()

    def enter_code(page):
        page.goto("/lapor/cek/")
        page.fill("#id_code", result.receipt_code)
        page.click("main button[type=submit]")
        page.wait_for_url("**/lapor/cek/laporan/")

    # then
    problems = _walk(browser, live_server, None, ["/lapor/cek/laporan/"], before=enter_code)
    assert problems == [], "\n".join(problems)


def test_hr_admin_pages_have_no_violations(
    browser, live_server, hr_karimun, karimun, bidang_sd, asn_karimun
):
    # given: a running campaign with one signature, so lists and tables have rows
    campaign = make_campaign(instansi=karimun)
    pledge_services.pact_sign(
        campaign=campaign, pegawai=asn_karimun.pegawai, actor=None, method="PASSWORD"
    )
    other = PegawaiFactory(unit=bidang_sd)
    ceremony = pledge_services.ceremony_record(
        campaign=campaign,
        held_on=dt.date.today(),
        place="Halaman Kantor Bupati",
        leader="Sekretaris Daerah",
        actor=hr_karimun,
    )
    pledge_services.ceremony_mark(
        ceremony=ceremony, pegawai_ids=[asn_karimun.pegawai.pk], actor=hr_karimun
    )
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
        f"/ikrar/apel/{ceremony.pk}/",
        f"/ikrar/apel/{ceremony.pk}/cetak/",
        "/audit/",
        "/akun/2fa/kode-pemulihan/",
        "/dasbor/",
    ]
    problems = _walk(browser, live_server, hr_karimun, pages)
    assert problems == [], "\n".join(problems)


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
    problems = _walk(browser, live_server, asn_karimun, pages)
    assert problems == [], "\n".join(problems)


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
    problems = _walk(browser, live_server, bawaslu_karimun, pages)
    assert problems == [], "\n".join(problems)


def test_two_factor_pages_have_no_violations(browser, live_server, hr_karimun, karimun):
    # given: one staff member half-way through the login, one who has no authenticator yet
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from netral.accounts.roles import Role
    from netral.conftest import PASSWORD, _staff

    newcomer = _staff("ppk.baru", Role.PPK, instansi=karimun)
    TOTPDevice.objects.filter(user=newcomer).delete()

    def password_step(user):
        def run(page):
            page.goto("/masuk/")
            page.fill("#id_username", user.username)
            page.fill("#id_password", PASSWORD)
            page.click("main button[type=submit]")
            page.wait_for_load_state()

        return run

    # then
    halfway = _walk(
        browser, live_server, None, ["/masuk/verifikasi-2fa/"], before=password_step(hr_karimun)
    )
    enrol = _walk(browser, live_server, None, ["/akun/2fa/daftar/"], before=password_step(newcomer))
    problems = halfway + enrol
    assert problems == [], "\n".join(problems)


def test_sysadmin_pages_have_no_violations(browser, live_server, sysadmin, hr_karimun):
    # given: a rebuild of the dashboard figures, run (tasks run at once in tests)
    from netral.analytics import services as analytics_services

    job = analytics_services.rollup_rebuild_start(actor=sysadmin)
    pages = ["/", "/dasbor/", "/dasbor/ringkasan/", f"/dasbor/ringkasan/{job.pk}/", "/audit/"]
    # then
    problems = _walk(browser, live_server, sysadmin, pages)
    assert problems == [], "\n".join(problems)
