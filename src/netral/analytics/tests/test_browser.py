"""On a phone: a provincial Bawaslu officer filters the dashboard to one kabupaten and
one violation type and exports it; an anonymous visitor opens /statistik/ and downloads
the open data (issue 13 "Done when")."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re

import pytest
import time_machine

from netral.accounts.roles import Role
from netral.analytics import rollups
from netral.conftest import PASSWORD, _staff, current_totp
from netral.registry.models import Region
from netral.reports.models import ViolationType
from netral.reports.tests.factories import submit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def kepri(db):
    # Transactional tests flush migration-loaded rows; put back the few we use.
    prov, _ = Region.objects.get_or_create(
        kode="21", defaults={"nama": "KEPULAUAN RIAU", "level": 1}
    )
    for kode, nama in (("21.02", "KAB. KARIMUN"), ("21.03", "KAB. NATUNA")):
        Region.objects.get_or_create(kode=kode, defaults={"nama": nama, "level": 2, "parent": prov})
    return prov


@pytest.fixture
def violation(kepri):
    from netral.reports.models import ViolationCatalogueVersion

    version = ViolationCatalogueVersion.objects.filter(is_active=True).first()
    if version is None:
        version = ViolationCatalogueVersion.objects.create(
            name="SKB 2022",
            effective_from=dt.date(2022, 9, 22),
            is_active=True,
            citation="SKB 2022",
        )
    return ViolationType.objects.create(
        version=version,
        code="UJI-MEDSOS",
        category=ViolationType.Category.DISIPLIN,
        title="Kampanye di media sosial (uji)",
        citation="PP 94/2021 Pasal 5 huruf n",
        order=999,
    )


def _no_horizontal_scroll(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= 360 + 1


def test_provincial_officer_filters_and_exports(phone_page, kepri, violation):
    # given reports in Karimun (2 of the type, 1 without) and Natuna (1 of the type)
    karimun, natuna = Region.objects.get(kode="21.02"), Region.objects.get(kode="21.03")
    with time_machine.travel(dt.datetime(2026, 11, 5, 3, tzinfo=dt.UTC), tick=False):
        submit(event_region=karimun, violation_type=violation)
        submit(event_region=karimun, violation_type=violation)
        submit(event_region=karimun)
        submit(event_region=natuna, violation_type=violation)
    rollups.rebuild_all()
    officer = _staff("bawaslu.kepri", Role.BAWASLU, region=kepri)
    page = phone_page
    # The live server imports the whole URL configuration on its first request, which
    # takes longer than one page's timeout on a busy machine.
    page.goto("/healthz", timeout=60_000)
    # when: log in with 2FA and open the dashboard
    page.goto("/masuk/")
    page.fill("#id_username", officer.username)
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(re.compile(r"/masuk/verifikasi-2fa/"))
    page.fill("#id_token", current_totp(officer))
    page.click("main button[type=submit]")
    page.wait_for_url(re.compile(r"/$"))
    page.get_by_role("link", name="Dasbor netralitas").first.click()
    assert page.locator("#laporan_jenis svg.chart").is_visible()
    # when: filter to Karimun and the violation type
    page.locator("details.filters summary").click()
    page.select_option("select[name=wilayah]", "21.02")
    page.select_option("select[name=pelanggaran]", str(violation.pk))
    page.get_by_role("button", name="Terapkan").click()
    # then: two reports, and the export has the same figures
    table = page.locator("#laporan_jenis table").inner_text()
    assert "2" in table
    page.screenshot(path="/tmp/analytics-dashboard-phone.png", full_page=True)
    _no_horizontal_scroll(page)
    with page.expect_download() as info:
        page.get_by_role("button", name="Unduh CSV").click()
    rows = list(csv.reader(io.StringIO(open(info.value.path(), encoding="utf-8-sig").read())))
    assert sum(int(r[2]) for r in rows if r[0] == "Laporan per jenis") == 2


def test_anonymous_visitor_reads_statistics_and_downloads(phone_page, kepri):
    # given reports of November 2026, read in December
    with time_machine.travel(dt.datetime(2026, 11, 5, 3, tzinfo=dt.UTC), tick=False):
        for _ in range(6):
            submit(event_region=Region.objects.get(kode="21.02"))
        submit(event_region=Region.objects.get(kode="21.03"))
    rollups.rebuild_all()
    with time_machine.travel(dt.datetime(2026, 12, 3, 2, tzinfo=dt.UTC), tick=True):
        page = phone_page
        page.goto("/healthz", timeout=60_000)
        # when: a visitor opens the statistics from the public navigation
        page.goto("/lapor/")
        page.get_by_role("link", name="Statistik").click()
        page.select_option("select[name=provinsi]", "21")
        page.get_by_role("button", name="Tampilkan").click()
        # then: Natuna's single report shows as "<5"
        assert "<5" in page.locator("#kabkota-21").inner_text()
        _no_horizontal_scroll(page)
        page.screenshot(path="/tmp/analytics-statistik-phone.png", full_page=True)
        with page.expect_download() as info:
            page.get_by_role("button", name="Unduh data terbuka (CSV)").click()
        text = open(info.value.path(), encoding="utf-8-sig").read()
        assert "provinsi" in text and ",7," in text
