"""Issue #2 item 3 "done when", in a real browser on a phone: an HR admin uploads a
roster with three bad rows, reads the report, uploads the fixed file and imports it."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from netral.conftest import PASSWORD, current_totp
from netral.registry.models import Pegawai
from netral.registry.tests.import_helpers import asn, non_asn, write_csv

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _rows(bad: bool) -> list[dict[str, str]]:
    rows = [asn(n) for n in range(1, 6)] + [non_asn(6)]
    if bad:
        rows[1]["jenis_pegawai"] = "Honorer"
        rows[3]["email"] = "budi@"
        rows[5]["nik"] = "123"
    return rows


def test_upload_error_report_then_fixed_upload_imports(
    phone_page, hr_karimun, karimun, settings, tmp_path
):
    # given: the HR admin of Karimun, logged in with 2FA
    settings.IMPORT_DIR = tmp_path / "imports"
    bad = write_csv(tmp_path / "daftar.csv", _rows(bad=True))
    page = phone_page
    page.set_default_timeout(30_000)  # the import runs inside the request (immediate tasks)
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if "Content Security" in m.text else None)
    page.on(
        "response",
        lambda r: problems.append(r.url) if r.status >= 400 and "favicon" not in r.url else None,
    )
    page.goto("/masuk/")
    page.fill("#id_username", hr_karimun.username)
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(re.compile(r"/masuk/verifikasi-2fa/"))
    page.fill("#id_token", current_totp(hr_karimun))
    page.click("main button[type=submit]")
    page.wait_for_url(re.compile(r"/$"))

    # when: the roster with three bad rows is uploaded
    page.get_by_role("link", name="Impor daftar pegawai").click()
    page.set_input_files("#id_berkas", str(bad))
    page.get_by_role("button", name="Unggah dan periksa").click()

    # then: the report names rows 3, 5 and 7 with column and reason
    errors = page.locator("#import-errors tbody tr")
    expect(errors).to_have_count(3)
    assert [r.split("\t")[:2] for r in errors.all_inner_texts()] == [
        ["3", "jenis_pegawai"],
        ["5", "email"],
        ["7", "nik"],
    ]
    expect(page.locator("main")).to_contain_text("Tidak ada data yang disimpan.")
    expect(page.locator("#import-errors")).to_contain_text("NIK harus 16 digit angka.")
    assert Pegawai.objects.count() == 0

    # when: the fixed file is uploaded and the preview confirmed
    page.get_by_role("button", name="Unggah berkas yang sudah diperbaiki").click()
    page.set_input_files("#id_berkas", str(write_csv(tmp_path / "daftar.csv", _rows(bad=False))))
    page.get_by_role("button", name="Unggah dan periksa").click()
    expect(page.locator("main")).to_contain_text("Berkas lolos pemeriksaan.")
    expect(page.locator("#import-counts")).to_contain_text("6")
    page.get_by_test_id("units-ok").check()
    page.get_by_role("button", name="Simpan ke registri").click()

    # then
    expect(page.locator("main")).to_contain_text("Impor selesai.")
    assert Pegawai.objects.filter(instansi=karimun).count() == 6
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert problems == []
