"""Stage deadlines mean something (issue 11 item 7) and the Bawaslu recap is legible
(item 9): landscape A4 with the agency's letterhead, Indonesian numbers, late
signatures counted apart, and no English left in the forms."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pypdfium2 as pdfium
import pytest
from django.utils import timezone

from netral.pledges import recap, selectors, services
from netral.pledges.errors import InvalidTransition, PledgeError
from netral.pledges.models import Campaign, Signature
from netral.pledges.tests.factories import make_campaign
from netral.registry.tests.factories import PegawaiFactory

pytestmark = pytest.mark.django_db

LAST_WEEK = dt.date.today() - dt.timedelta(days=7)
YESTERDAY = dt.date.today() - dt.timedelta(days=1)


def _overdue_campaign(karimun, *, policy=Campaign.LatePolicy.RECORD):
    campaign = make_campaign(
        instansi=karimun, stages=[{"nama": "Semua", "opens_on": LAST_WEEK, "deadline": YESTERDAY}]
    )
    Campaign.objects.filter(pk=campaign.pk).update(late_policy=policy)
    campaign.refresh_from_db()
    return campaign


def _sign(campaign, pegawai, **kw):
    return services.pact_sign(
        campaign=campaign, pegawai=pegawai, actor=None, method=Signature.Method.PASSWORD, **kw
    )


def test_signature_after_the_deadline_is_recorded_late_and_counted_apart(
    karimun, bidang_sd, hr_karimun
):
    # given: one signed on time (the day before the deadline), one today
    campaign = _overdue_campaign(karimun)
    early, late = PegawaiFactory(unit=bidang_sd), PegawaiFactory(unit=bidang_sd)
    PegawaiFactory(unit=bidang_sd)  # has not signed
    on_time_moment = timezone.make_aware(dt.datetime.combine(YESTERDAY, dt.time(10)))
    # when
    first, _ = _sign(campaign, early, now=on_time_moment)
    second, _ = _sign(campaign, late)
    # then
    assert (first.late, second.late) == (False, True)
    progress = selectors.campaign_progress(campaign=campaign, user=hr_karimun)
    overall = progress.stages[0].overall
    assert (overall.total, overall.signed, overall.late, overall.on_time) == (3, 2, 1, 1)
    assert progress.stages[0].past_deadline


def test_campaign_that_refuses_late_signatures_refuses_them(karimun, bidang_sd):
    # given
    campaign = _overdue_campaign(karimun, policy=Campaign.LatePolicy.REFUSE)
    # when / then
    with pytest.raises(InvalidTransition) as exc:
        _sign(campaign, PegawaiFactory(unit=bidang_sd))
    assert exc.value.code == PledgeError.STAGE_PAST_DEADLINE
    assert not Signature.objects.exists()


def test_pages_show_the_passed_deadline(login, karimun, bidang_sd, hr_karimun, asn_karimun):
    # given
    campaign = _overdue_campaign(karimun)
    _sign(campaign, PegawaiFactory(unit=bidang_sd))
    # when
    staff = login(hr_karimun).get(f"/ikrar/kampanye/{campaign.pk}/").content.decode()
    mine = login(asn_karimun).get("/ikrar/").content.decode()
    # then
    assert "Lewat batas waktu" in staff
    assert "Termasuk 1 tanda tangan terlambat" in staff
    assert "tanda tangan dicatat terlambat" in mine


def _pdf_text(data: bytes) -> tuple[str, tuple[float, float]]:
    pdf = pdfium.PdfDocument(data)
    text = " ".join(page.get_textpage().get_text_range() for page in pdf)
    if (out := __import__("os").environ.get("RECAP_PNG")) is not None:
        pdf[0].render(scale=1.4).to_pil().save(out)
    return " ".join(text.split()), pdf[0].get_size()


def test_recap_is_landscape_with_letterhead_indonesian_numbers_and_late_column(
    karimun, bidang_sd, hr_karimun
):
    # given: every employee signed, one of them late
    campaign = _overdue_campaign(karimun)
    on_time = timezone.make_aware(dt.datetime.combine(YESTERDAY, dt.time(9)))
    _sign(campaign, PegawaiFactory(unit=bidang_sd), now=on_time)
    _sign(campaign, PegawaiFactory(unit=bidang_sd))
    progress = selectors.campaign_progress(campaign=campaign, user=hr_karimun)
    # when
    text, (width, height) = _pdf_text(recap.recap_pdf(progress))
    # then
    assert width > height  # landscape
    assert "PEMERINTAH KABUPATEN KARIMUN" in text  # letterhead
    assert "100,0 %" in text and "100.0" not in text
    assert "Terlambat" in text and "halaman 1" in text
    # and the spreadsheet has the late count as a number
    sheet = openpyxl.load_workbook(io.BytesIO(recap.recap_xlsx(progress))).active
    total = next(r for r in sheet.iter_rows(values_only=True) if r and r[2] == "JUMLAH")
    assert total[3:7] == (2, 2, 1, 100.0)


def test_indonesian_number_format():
    assert recap.id_number(1234567) == "1.234.567"
    assert recap.id_percent(100) == "100,0 %"
    assert recap.id_percent(33.3) == "33,3 %"


def test_no_english_left_in_the_campaign_and_stage_forms(login, hr_karimun, karimun):
    # given
    campaign = make_campaign(instansi=karimun, activate=False)
    hr = login(hr_karimun)
    # when
    pages = [
        hr.get("/ikrar/kampanye/baru/").content.decode(),
        hr.get(f"/ikrar/kampanye/{campaign.pk}/tahap/baru/").content.decode(),
    ]
    # then
    for page in pages:
        assert "Select an option" not in page and "---------" not in page
    assert "— Pilih —" in pages[0]
    assert "Tanda tangan setelah batas waktu tahap" in pages[0]
