"""Issue 9, defect 4: every GET page, reached by following links as each role (and as an
anonymous visitor), answers the bad-input strings in every query parameter it reads
with a 4xx (a 400 with a message), never a 500. Part of ``make test``."""

from __future__ import annotations

import pytest
from django.utils import timezone

from netral.accounts.roles import Role
from netral.cases import services as case_services
from netral.conftest import _staff, verified_login
from netral.core.tests.badinput import Walk, attack, bad_client, crawl
from netral.pledges.tests.factories import make_campaign
from netral.registry.models import Region
from netral.registry.tests.factories import PegawaiFactory
from netral.reports.tests.factories import jpeg_bytes, submit, upload

pytestmark = pytest.mark.django_db

# Routes the attack run found failing; the walk must reach each of them.
MUST_REACH = (
    "laporan/",
    "audit/",
    "lapor/",
)


@pytest.fixture
def world(
    hr_karimun,
    opd_disdik,
    bawaslu_karimun,
    asn_karimun,
    sysadmin,
    bidang_sd,
    karimun,
    django_capture_on_commit_callbacks,
):
    """A little of everything: a campaign with a stage, a report with a photo, a case."""
    satgas = _staff("satgas.kepri", Role.SATGAS, region=Region.objects.get(kode="21"))
    PegawaiFactory.create_batch(3, unit=bidang_sd)
    make_campaign(instansi=karimun, actor=hr_karimun)
    with django_capture_on_commit_callbacks(execute=True):
        report = submit(files=[upload("f.jpg", jpeg_bytes())]).report
        other = submit(event_at=timezone.now() - timezone.timedelta(days=2)).report
    case_services.case_open(reports=[other], actor=bawaslu_karimun)
    return {
        "anonymous": None,
        "hr": hr_karimun,
        "opd": opd_disdik,
        "bawaslu": bawaslu_karimun,
        "satgas": satgas,
        "employee": asn_karimun,
        "admin": sysadmin,
        "report": report,
    }


def test_no_page_answers_bad_query_parameters_with_a_500(world):
    failures: list[str] = []
    reached: set[str] = set()
    attacked: set[str] = set()
    for who, user in world.items():
        if who == "report":
            continue
        client = bad_client()
        if user is not None:
            verified_login(client, user)
        starts = ["/", "/lapor/", "/lapor/cek/", "/statistik/"] if user is None else ["/"]
        # Each route is attacked once, by the first role that reaches it.
        walk = crawl(client, starts, walk=Walk(attacked=attacked), limit=120)
        reached |= set(walk.pages)
        failures += attack(client, walk, who=who).failures
    assert failures == []
    assert set(MUST_REACH) <= reached, sorted(reached)


def test_named_attacks_get_a_400_with_a_message(client, hr_karimun, bawaslu_karimun, karimun):
    # given: the requests the attack run reported as 500s
    campaign = make_campaign(instansi=karimun, actor=hr_karimun)
    anonymous = bad_client()
    hr = verified_login(bad_client(), hr_karimun)
    bawaslu = verified_login(bad_client(), bawaslu_karimun)
    # when / then
    r = hr.get(f"/ikrar/kampanye/{campaign.pk}/belum-tanda-tangan/", {"tahap": "abc"})
    assert r.status_code == 400
    assert "“tahap” harus berupa bilangan bulat" in r.content.decode()
    assert (
        hr.get(f"/ikrar/kampanye/{campaign.pk}/belum-tanda-tangan/", {"unit": "1x"}).status_code
        == 400
    )
    r = anonymous.get("/lapor/", {"region_cari": "Kari\x00mun"})
    assert r.status_code == 400
    assert "karakter kendali" in r.content.decode()
    assert bawaslu.get("/laporan/", {"q": "a\x00"}).status_code == 400
    assert hr.get("/audit/", {"date_to": "9999-12-31"}).status_code in (200, 400)
    r = hr.post(f"/ikrar/kampanye/{campaign.pk}/pengingat/", {"unit": "abc"})
    assert r.status_code == 400 and "“unit”" in r.content.decode()
    report = submit().report
    r = bawaslu.post(f"/laporan/{report.public_id}/cocokkan/", {"person": "1 OR 1=1"})
    assert r.status_code == 400 and "“person”" in r.content.decode()
    api = anonymous.get("/api/v1/stats", {"provinsi": "\x00"})
    assert api.status_code == 400 and api.json()["error"]["code"] == "invalid"


def test_an_export_with_no_table_in_scope_is_a_valid_workbook():
    import io

    import openpyxl

    from netral.analytics.exports import xlsx_bytes

    wb = openpyxl.load_workbook(io.BytesIO(xlsx_bytes([])))
    assert wb.sheetnames == ["Data"]


def test_a_nul_in_a_posted_choice_is_a_form_error_not_a_500(db):
    # given: issue 9, defect 4 — /lapor/ event_region with a NUL was a 500 on PostgreSQL
    client = bad_client()
    data = {
        "event_region": "21.02\x00",
        "description": "Kepala dinas mengajak pegawai memilih calon tertentu.",
        "event_date": timezone.localdate().isoformat(),
        "identity_mode": "ANONYMOUS",
        "terlapor-TOTAL_FORMS": "0",
        "terlapor-INITIAL_FORMS": "0",
    }
    # when
    response = client.post("/lapor/", data)
    # then
    assert response.status_code == 400
