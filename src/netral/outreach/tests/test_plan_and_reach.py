"""The signing plan notice to Bawaslu (item 3) and reach per unit (item 4)."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from netral.outreach import selectors, services
from netral.outreach.errors import InvalidTransition, OutreachError
from netral.outreach.models import SigningPlanNotice
from netral.outreach.tests.factories import make_circular, make_event
from netral.pledges import services as pledge_services
from netral.pledges.tests.factories import make_campaign
from netral.registry.models import Pegawai
from netral.registry.tests.factories import PegawaiFactory

pytestmark = pytest.mark.django_db

PLAN = {
    "nomor": "800.1.2/BKPSDM/2024/101",
    "kop_kantor": "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia",
    "kepada": "Ketua Bawaslu Kabupaten Karimun",
    "email": "karimun@bawaslu.example",
    "penandatangan": "Drs. Contoh Nama",
    "jabatan_penandatangan": "Kepala BKPSDM Kabupaten Karimun",
}


def _draft(karimun, disdik_karimun):
    today = dt.date.today()
    return make_campaign(
        instansi=karimun,
        activate=False,
        stages=[
            {
                "nama": "Kepala OPD",
                "opens_on": today + dt.timedelta(days=7),
                "tingkat_jabatan": [Pegawai.Tingkat.JPT],
                "opd_level_only": True,
            },
            {"nama": "Seluruh ASN Disdik", "threshold_percent": 100, "unit": disdik_karimun},
        ],
    )


def test_plan_is_generated_kept_and_mailed_before_the_campaign_opens(
    karimun, disdik_karimun, bidang_sd, asn_karimun, hr_karimun, django_capture_on_commit_callbacks
):
    # given
    PegawaiFactory(unit=disdik_karimun, tingkat_jabatan=Pegawai.Tingkat.JPT)
    campaign = _draft(karimun, disdik_karimun)
    make_event(instansi=karimun, campaign=campaign, judul="Apel ikrar netralitas", publish=False)
    # when
    with django_capture_on_commit_callbacks(execute=True):
        notice = services.signing_plan_send(campaign=campaign, actor=hr_karimun, **PLAN)
    # then: kept with its date, PDF signed, campaign knows the day, e-mail left with it
    notice.refresh_from_db()
    campaign.refresh_from_db()
    assert campaign.bawaslu_notified_on == notice.tanggal == dt.date.today()
    assert notice.emailed_at is not None
    data = notice.pdf.read()
    assert data.startswith(b"%PDF") and b"/ByteRange" in data
    assert mail.outbox[0].to == ["karimun@bawaslu.example"]
    assert mail.outbox[0].attachments[0][2] == "application/pdf"
    # the text: stages with their people, units and dates, and the pledge reading
    from pyhanko.pdf_utils.reader import PdfFileReader

    reader = PdfFileReader(io.BytesIO(data))
    assert reader.root["/Pages"]["/Count"] == 1
    contents = reader.root["/Pages"]["/Kids"][0]["/Contents"]
    streams = contents if isinstance(contents, list) else [contents]
    text = b"".join(s.get_object().data for s in streams)
    # each phrase below is drawn on one line of the page
    for phrase in (
        b"Tahap 1, Kepala OPD",
        b"Seluruh ASN Disdik",
        b"100%",
        b"Apel ikrar netralitas",
        b"Ketua Bawaslu Kabupaten Karimun",
    ):
        assert phrase in text, phrase


def test_no_plan_once_the_campaign_is_open_and_one_per_number(
    karimun, disdik_karimun, asn_karimun, hr_karimun
):
    campaign = _draft(karimun, disdik_karimun)
    services.signing_plan_send(campaign=campaign, actor=hr_karimun, **PLAN)
    with pytest.raises(ValidationError):
        services.signing_plan_send(campaign=campaign, actor=hr_karimun, **PLAN)
    assert SigningPlanNotice.objects.count() == 1
    open_campaign = make_campaign(instansi=karimun, election="pemilu-2024")
    with pytest.raises(InvalidTransition) as exc:
        services.signing_plan_send(campaign=open_campaign, actor=hr_karimun, **PLAN)
    assert exc.value.code == OutreachError.PLAN_CAMPAIGN_OPEN


def test_plan_pages(
    client, login, karimun, disdik_karimun, asn_karimun, hr_karimun, opd_disdik, opd_natuna
):
    campaign = _draft(karimun, disdik_karimun)
    login(hr_karimun)
    url = reverse("outreach:signing_plan", args=[campaign.pk])
    assert "Ketua Bawaslu" in client.get(url).content.decode()
    preview = client.get(reverse("outreach:signing_plan_preview", args=[campaign.pk]))
    assert preview.content.startswith(b"%PDF")
    client.post(url, PLAN)
    client.post(url, PLAN)
    notice = SigningPlanNotice.objects.get()
    assert PLAN["nomor"] in client.get(url).content.decode()
    assert client.get(reverse("outreach:signing_plan_file", args=[notice.pk])).status_code == 200
    login(opd_disdik)
    assert client.get(url).status_code == 403
    login(opd_natuna)
    assert client.get(reverse("outreach:signing_plan_file", args=[notice.pk])).status_code == 404


@pytest.fixture
def reach_setup(karimun, disdik_karimun, dinkes_karimun, bidang_sd, asn_karimun):
    guru = asn_karimun.pegawai
    other = PegawaiFactory(unit=bidang_sd, nama="Guru Lain")
    nurse = PegawaiFactory(unit=dinkes_karimun, nama="Perawat")
    honorer = PegawaiFactory(unit=dinkes_karimun, non_asn=True, nama="Honorer")
    circular = make_circular(instansi=karimun)
    services.circular_acknowledge(circular=circular, pegawai=guru, actor=None)
    event = make_event(instansi=karimun)
    services.event_mark(event=event, pegawai_ids=[nurse.pk, guru.pk], method="BULK", actor=None)
    campaign = make_campaign(instansi=karimun)
    pledge_services.pact_sign(campaign=campaign, pegawai=other, actor=None, method="PASSWORD")
    return {"guru": guru, "other": other, "nurse": nurse, "honorer": honorer, "campaign": campaign}


def test_reach_per_unit_and_type(karimun, reach_setup, hr_karimun, opd_disdik):
    table = selectors.reach_by_unit(user=hr_karimun, instansi=karimun)
    cells = {(r.opd.nama, r.jenis): r.counts for r in table.rows}
    disdik = cells[("Dinas Pendidikan", "PNS")]
    assert (disdik.total, disdik.acknowledged, disdik.attended, disdik.signed, disdik.none) == (
        2,
        1,
        1,
        1,
        0,
    )
    assert cells[("Dinas Kesehatan", "NON_ASN")].none == 1
    assert (table.overall.total, table.overall.none) == (4, 1)
    unreached = selectors.reach_unreached(user=hr_karimun, instansi=karimun)
    assert list(unreached) == [reach_setup["honorer"]]
    # the OPD admin sees their own OPD only
    mine = selectors.reach_by_unit(user=opd_disdik, instansi=karimun)
    assert {r.opd.nama for r in mine.rows} == {"Dinas Pendidikan"}


def test_reach_pages_and_exports(client, login, karimun, reach_setup, hr_karimun, opd_natuna):
    login(hr_karimun)
    page = client.get(reverse("outreach:reach")).content.decode()
    assert "Dinas Kesehatan" in page
    none = client.get(reverse("outreach:reach_unreached")).content.decode()
    assert "Honorer" in none and "Perawat" not in none
    xlsx = client.get(reverse("outreach:reach_export", args=["xlsx"]))
    from openpyxl import load_workbook

    ws = load_workbook(io.BytesIO(xlsx.content)).active
    values = [[c.value for c in row] for row in ws.iter_rows()]
    assert any(row[0] == "Dinas Kesehatan" and row[9] == 1 for row in values)
    csv = client.get(reverse("outreach:reach_export", args=["csv"])).content.decode("utf-8-sig")
    assert "Tidak terjangkau" in csv
    login(opd_natuna)
    assert client.get(reverse("outreach:reach") + f"?instansi={karimun.pk}").status_code in (
        200,
        404,
    )
    body = client.get(reverse("outreach:reach") + f"?instansi={karimun.pk}")
    assert "Honorer" not in body.content.decode()
