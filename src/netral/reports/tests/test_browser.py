"""A new reporter on a phone: confidential report with two photos and a PDF, keeps the
receipt, comes back, reads the handler's question and answers it (issue 4 "Done when")."""

import datetime as dt

import pytest
from django.utils import timezone

from netral.registry.models import Region
from netral.reports import services
from netral.reports.models import Message, Report
from netral.reports.tests.factories import jpeg_bytes, pdf_bytes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def regions(db):
    # Transactional tests flush the migration-loaded regions; put back the few we use.
    kepri, _ = Region.objects.get_or_create(
        kode="21", defaults={"nama": "KEPULAUAN RIAU", "level": 1}
    )
    Region.objects.get_or_create(
        kode="21.02", defaults={"nama": "KAB. KARIMUN", "level": 2, "parent": kepri}
    )


def test_confidential_report_with_photos_and_pdf_then_follow_up(
    phone_page, regions, disdik_karimun, bawaslu_karimun, tmp_path, settings
):
    # given
    settings.REPORT_SUBMIT_LIMIT = 100
    files = []
    for name, content in [
        ("foto1.jpg", jpeg_bytes(gps=True)),
        ("foto2.jpg", jpeg_bytes(color="green")),
        ("surat.pdf", pdf_bytes()),
    ]:
        path = tmp_path / name
        path.write_bytes(content)
        files.append(str(path))
    page = phone_page
    page.goto("/lapor/")
    assert "jaringan atau perangkat kantor" in page.content()
    # when: who is reported
    page.fill("#id_terlapor-0-nama", "Pak Kepala Dinas")
    page.select_option("#id_terlapor-0-instansi", label="Pemerintah Kabupaten Karimun")
    page.fill("#id_terlapor-0-unit_cari", "Pendidikan")
    page.wait_for_selector(
        "#id_terlapor-0-unit option:has-text('Dinas Pendidikan')", state="attached"
    )
    page.select_option("#id_terlapor-0-unit", label="Dinas Pendidikan")
    page.fill("#id_terlapor-0-jabatan", "Kepala Dinas")
    # what happened
    page.fill("#id_event_date", (timezone.localdate() - dt.timedelta(days=1)).isoformat())
    page.fill("#id_region_cari", "karimun")
    page.wait_for_selector("#id_event_region option[value='21.02']", state="attached")
    page.select_option("#id_event_region", value="21.02")
    page.fill("#id_description", "Kepala dinas mengajak guru mendukung calon saat rapat dinas.")
    page.set_input_files("#id_bukti", files)
    # identity: confidential (the default)
    assert page.is_checked("input[name=identity_mode][value=CONFIDENTIAL]")
    page.fill("#id_nama", "Pelapor Uji Peramban")
    page.fill("#id_alamat", "Jalan Uji Nomor 1, Karimun")
    page.fill("#id_telepon", "081200000000")
    page.click("button[type=submit]:has-text('Kirim laporan')")
    # then: the receipt
    page.wait_for_selector("#receipt-code")
    code = page.inner_text("#receipt-code")
    report = Report.objects.get()
    assert report.evidence.count() == 3
    assert len(code.replace(" ", "")) == 20
    # no horizontal scrolling on a 360px screen
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    # given: a handler asks a question
    services.message_to_reporter(
        report=report, body="Apakah ada saksi lain?", actor=bawaslu_karimun
    )
    # when: the reporter comes back with the code
    page.click("button:has-text('Saya sudah menyimpan kode')")
    page.wait_for_url("**/lapor/cek/")
    page.fill("#id_code", code)
    page.click("button:has-text('Buka laporan')")
    page.wait_for_selector("text=Apakah ada saksi lain?")
    page.fill("#id_body", "Ada, dua orang guru.")
    page.click("button:has-text('Kirim pesan')")
    page.wait_for_selector("text=Pesan Anda terkirim.")
    # then
    assert report.messages.filter(
        direction=Message.Direction.FROM_REPORTER, body="Ada, dua orang guru."
    ).exists()
    assert page.is_visible("text=Ada, dua orang guru.")
