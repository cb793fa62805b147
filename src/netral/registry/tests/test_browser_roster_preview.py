"""An HR admin on a phone uploads the office's own roster (title rows, ``No`` column,
";" and Windows-1252) with a misspelled unit: the preview lists the new unit with the
close match, and it is created only once the admin ticks the confirmation (issue 11
item 11)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from netral.conftest import browser_login
from netral.core.tests.axe import assert_accessible
from netral.registry.models import Pegawai, UnitKerja
from netral.registry.tests.test_roster_shapes import OFFICE_CSV, _office_csv

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_roster_preview_lists_new_units_and_asks_before_creating_them(
    phone_page, hr_karimun, karimun, disdik_karimun, settings, tmp_path
):
    # given
    settings.IMPORT_DIR = tmp_path / "imports"
    text = OFFICE_CSV.replace("Dinas Pendidikan > Bidang SD", "Dinas Pendidkan")
    roster = _office_csv(tmp_path, text=text)
    page = phone_page
    page.set_default_timeout(30_000)  # the import runs inside the request (immediate tasks)
    browser_login(page, hr_karimun)
    # when
    page.goto("/registri/impor/")
    page.set_input_files("#id_berkas", str(roster))
    page.get_by_role("button", name="Unggah dan periksa").click()
    # then: the preview explains what it skipped and what it would create
    expect(page.locator("main")).to_contain_text("Berkas lolos pemeriksaan.")
    warnings = page.get_by_test_id("import-warnings")
    expect(warnings).to_contain_text("Baris 1–2 di atas judul kolom dilewati.")
    expect(warnings).to_contain_text("diabaikan: NO")
    units = page.get_by_test_id("import-new-units")
    expect(units).to_contain_text("Dinas Pendidkan")
    expect(units).to_contain_text("Apakah maksud Anda “Dinas Pendidikan”?")
    page.get_by_test_id("import-new-units").scroll_into_view_if_needed()
    page.screenshot(path="/tmp/field-roster-preview-phone.png", full_page=True)
    assert_accessible(page)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    # when: saving without ticking the box, the browser holds the form back
    page.get_by_role("button", name="Simpan ke registri").click()
    assert not Pegawai.objects.exists()
    assert not UnitKerja.objects.filter(nama="Dinas Pendidkan").exists()
    # when: ticked and saved
    page.get_by_test_id("units-ok").check()
    page.get_by_role("button", name="Simpan ke registri").click()
    # then
    expect(page.locator("main")).to_contain_text("Impor selesai.")
    assert Pegawai.objects.filter(instansi=karimun).count() == 3
    assert UnitKerja.objects.filter(nama="Dinas Pendidkan").count() == 1
