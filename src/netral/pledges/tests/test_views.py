import datetime as dt
import io
import re
import zipfile

import openpyxl
import pytest
from django.core import mail
from django.test import Client

from netral.accounts.roles import Role
from netral.accounts.tests.factories import RoleAssignmentFactory, UserFactory
from netral.conftest import PASSWORD, verified_login
from netral.pledges import services
from netral.pledges.models import Campaign, Election, PactTemplate, PledgeText, Signature, Stage
from netral.pledges.tests.factories import HEADS, ensure_seed_data, make_campaign
from netral.registry.models import Pegawai
from netral.registry.tests.factories import PegawaiFactory


def _employee_user(pegawai, username):
    user = UserFactory(username=username, pegawai=pegawai)
    RoleAssignmentFactory(user=user, role=Role.EMPLOYEE)
    return user


def _sign_via_http(client, campaign_pk, password=PASSWORD):
    page = client.get(f"/ikrar/{campaign_pk}/tanda-tangan/")
    assert page.status_code == 200, page.status_code
    sha = re.search(r'name="text_sha256" value="([0-9a-f]{64})"', page.content.decode()).group(1)
    return client.post(
        f"/ikrar/{campaign_pk}/tanda-tangan/",
        {"text_sha256": sha, "agree": "on", "confirmation": password},
    )


@pytest.mark.django_db(transaction=True)
def test_hr_admin_runs_a_three_stage_campaign_end_to_end(
    hr_karimun, disdik_karimun, dinkes_karimun, bidang_sd, asn_karimun
):
    # given: two heads of OPD with logins, staff and a non-ASN employee
    heads = [
        _employee_user(
            PegawaiFactory(unit=u, tingkat_jabatan=Pegawai.Tingkat.JPT, jabatan=f"Kepala {u.nama}"),
            f"kadis{i}",
        )
        for i, u in enumerate((disdik_karimun, dinkes_karimun))
    ]
    PegawaiFactory(unit=bidang_sd, non_asn=True)
    ensure_seed_data()
    hr = verified_login(Client(), hr_karimun)
    today = dt.date.today()
    # when: HR creates the campaign and three stages
    r = hr.post(
        "/ikrar/kampanye/baru/",
        {
            "instansi": hr_karimun.role_assignments.get().instansi_id,
            "election": Election.objects.get(kode="pilkada-2024").pk,
            "nama": "Ikrar Netralitas ASN Karimun 2024",
            "place": "Tanjung Balai Karimun",
            "pledge_text": PledgeText.objects.get(version=1).pk,
            "pact_template": PactTemplate.objects.get(version=1).pk,
        },
    )
    assert r.status_code == 302, r.content.decode()[:2000]
    campaign = Campaign.objects.get()
    url = f"/ikrar/kampanye/{campaign.pk}/"
    stages = [
        {
            "nama": "Kepala OPD",
            "tingkat_jabatan": HEADS,
            "opd_level_only": "on",
            "open_rule": "DATE",
            "opens_on": today.isoformat(),
        },
        {
            "nama": "Seluruh ASN",
            "jenis_pegawai": ["PNS", "CPNS", "PPPK"],
            "open_rule": "THRESHOLD",
            "threshold_percent": "100",
        },
        {
            "nama": "Non-ASN",
            "jenis_pegawai": ["NON_ASN"],
            "open_rule": "THRESHOLD",
            "threshold_percent": "50",
        },
    ]
    for stage in stages:
        r = hr.post(
            f"{url}tahap/baru/", {**stage, "deadline": (today + dt.timedelta(days=7)).isoformat()}
        )
        assert r.status_code == 302, r.content.decode()[:3000]
    assert hr.post(f"{url}status/mulai/").status_code == 302
    statuses = list(campaign.stages.order_by("order").values_list("status", flat=True))
    assert statuses == [Stage.Status.OPEN, Stage.Status.PLANNED, Stage.Status.PLANNED]
    # the employee cannot sign yet
    employee = verified_login(Client(), asn_karimun)
    assert employee.get(f"/ikrar/{campaign.pk}/tanda-tangan/").status_code == 403
    # when: both heads sign
    for head in heads:
        r = _sign_via_http(verified_login(Client(), head), campaign.pk)
        assert r.status_code == 302 and "/ikrar/tanda-terima/" in r["Location"]
    # then: the second stage opened by itself
    assert campaign.stages.get(order=2).status == Stage.Status.OPEN
    # when: the employee signs from the home page link and downloads the receipt
    assert f"/ikrar/{campaign.pk}/tanda-tangan/" in employee.get("/ikrar/").content.decode()
    r = _sign_via_http(employee, campaign.pk)
    assert r.status_code == 302
    receipt = employee.get(r["Location"]).content.decode()
    pdf = employee.get(f"{r['Location']}pdf/")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    # then: the QR link verifies it, anonymously and through the API
    link = re.search(r'id="verify-link">(http[^<]+)<', receipt).group(1)
    path = link.split("127.0.0.1:8000", 1)[1]
    page = Client().get(path)
    assert page.status_code == 200 and 'data-status="valid"' in page.content.decode()
    code = path.rsplit("/", 1)[1]
    api = Client().get(f"/api/v1/pledges/verify/{code}").json()
    assert api["status"] == "valid" and api["nama"] == asn_karimun.pegawai.nama
    assert set(api) == {"status", "nama", "unit", "campaign", "date"}
    # then: the recap for Bawaslu downloads
    xlsx = hr.get(f"{url}rekap.xlsx")
    assert xlsx.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx.content)).active
    rows = [r for r in sheet.iter_rows(values_only=True) if r and r[2] == "JUMLAH"]
    assert [(r[0], r[3], r[4]) for r in rows] == [(1, 2, 2), (2, 3, 3), (3, 1, 0)]
    assert hr.get(f"{url}rekap.pdf").content.startswith(b"%PDF")


@pytest.fixture
def running(karimun, bidang_sd, asn_karimun):
    campaign = make_campaign(instansi=karimun)
    return campaign


@pytest.mark.django_db
def test_progress_is_scoped_and_drills_down(
    running, login, opd_natuna, bawaslu_karimun, bidang_sd, asn_karimun
):
    # given
    unsigned = PegawaiFactory(unit=bidang_sd, nama="Belum Tandatangan")
    services.pact_sign(campaign=running, pegawai=asn_karimun.pegawai, actor=None, method="PASSWORD")
    # when / then: the outsider OPD admin cannot tell the campaign exists
    login(opd_natuna)
    assert Client().get("/").status_code in (200, 302)
    c = verified_login(Client(), opd_natuna)
    assert c.get(f"/ikrar/kampanye/{running.pk}/").status_code == 404
    assert c.get(f"/ikrar/kampanye/{running.pk}/rekap.xlsx").status_code == 404
    # Bawaslu sees the progress and who has not signed
    b = verified_login(Client(), bawaslu_karimun)
    page = b.get(f"/ikrar/kampanye/{running.pk}/").content.decode()
    assert "1 dari 2 pegawai" in page
    drill = b.get(
        f"/ikrar/kampanye/{running.pk}/belum-tanda-tangan/?unit={bidang_sd.pk}"
    ).content.decode()
    assert unsigned.nama in drill and asn_karimun.pegawai.nama not in drill
    # an employee has no access to campaign management
    e = verified_login(Client(), asn_karimun)
    assert e.get("/ikrar/kampanye/").status_code == 403


@pytest.mark.django_db
def test_verification_says_unknown_and_voided(running, asn_karimun, hr_karimun, client):
    # given
    sig, _ = services.pact_sign(
        campaign=running, pegawai=asn_karimun.pegawai, actor=None, method="PASSWORD"
    )
    # when / then
    r = client.get("/verifikasi/ABCDEFGHJKMNPQRS")
    assert r.status_code == 404 and 'data-status="unknown"' in r.content.decode()
    assert client.get(f"/verifikasi/{sig.code_display.lower()}").status_code == 200
    services.signature_void(
        signature=sig, reason="Ditandatangani oleh orang lain.", actor=hr_karimun
    )
    page = client.get(f"/verifikasi/{sig.code}").content.decode()
    assert 'data-status="voided"' in page and sig.nama in page and sig.identifier not in page
    assert client.get(f"/api/v1/pledges/verify/{sig.code}").json()["status"] == "voided"


@pytest.mark.django_db
def test_verification_is_rate_limited(client, settings):
    settings.PLEDGE_VERIFY_RATE_PER_MINUTE = 3
    codes = [client.get(f"/api/v1/pledges/verify/XXXX{i}").status_code for i in range(5)]
    assert codes == [404, 404, 404, 429, 429]


@pytest.mark.django_db
def test_receipt_belongs_to_its_owner(running, asn_karimun, bidang_sd):
    # given
    sig, _ = services.pact_sign(
        campaign=running, pegawai=asn_karimun.pegawai, actor=None, method="PASSWORD"
    )
    other = _employee_user(PegawaiFactory(unit=bidang_sd), "lain")
    # when / then
    assert (
        verified_login(Client(), other).get(f"/ikrar/tanda-terima/{sig.code}/pdf/").status_code
        == 404
    )
    assert (
        verified_login(Client(), asn_karimun).get(f"/ikrar/tanda-terima/{sig.code}/").status_code
        == 200
    )


@pytest.mark.django_db
def test_double_submit_over_http_shows_the_existing_receipt(running, asn_karimun):
    c = verified_login(Client(), asn_karimun)
    first = _sign_via_http(c, running.pk)
    sha = services.pact_render(campaign=running, pegawai=asn_karimun.pegawai).sha256
    second = c.post(
        f"/ikrar/{running.pk}/tanda-tangan/",
        {"text_sha256": sha, "agree": "on", "confirmation": PASSWORD},
    )
    assert first["Location"] == second["Location"]
    assert Signature.objects.count() == 1


@pytest.mark.django_db
def test_wrong_password_does_not_sign(running, asn_karimun):
    r = _sign_via_http(verified_login(Client(), asn_karimun), running.pk, password="bukan-sandinya")
    assert r.status_code == 200 and "salah" in r.content.decode()
    assert Signature.objects.count() == 0


@pytest.mark.django_db
def test_reminders_are_emailed_to_non_signers(
    running, hr_karimun, bidang_sd, asn_karimun, django_capture_on_commit_callbacks
):
    # given
    PegawaiFactory(unit=bidang_sd, email="rina@karimun.go.id")
    PegawaiFactory(unit=bidang_sd, email="")
    signed = PegawaiFactory(unit=bidang_sd, email="sudah@karimun.go.id")
    services.pact_sign(campaign=running, pegawai=signed, actor=None, method="PASSWORD")
    hr = verified_login(Client(), hr_karimun)
    # when
    with django_capture_on_commit_callbacks(execute=True):
        r = hr.post(f"/ikrar/kampanye/{running.pk}/pengingat/")
    # then
    assert r.status_code == 302
    assert [m.to for m in mail.outbox] == [["rina@karimun.go.id"]]
    assert "pakta integritas" in mail.outbox[0].body


@pytest.mark.django_db
def test_unit_receipts_zip_is_built_in_the_background(
    running, hr_karimun, bidang_sd, django_capture_on_commit_callbacks, settings, tmp_path
):
    # given
    settings.MEDIA_ROOT = tmp_path
    people = [PegawaiFactory(unit=bidang_sd) for _ in range(3)]
    for p in people:
        services.pact_sign(campaign=running, pegawai=p, actor=None, method="PASSWORD")
    hr = verified_login(Client(), hr_karimun)
    # when
    with django_capture_on_commit_callbacks(execute=True):
        r = hr.post(f"/ikrar/kampanye/{running.pk}/arsip-tanda-terima/", {"unit": bidang_sd.pk})
    job_url = r["Location"]
    partial = hr.get(job_url, headers={"HX-Request": "true"}).content.decode()
    # then
    assert 'id="job-download"' in partial and "3 / 3" in partial
    archive = zipfile.ZipFile(io.BytesIO(b"".join(hr.get(f"{job_url}unduh/").streaming_content)))
    assert sorted(n.split("-")[0] for n in archive.namelist()) == sorted(p.nip for p in people)
    assert all(archive.read(n).startswith(b"%PDF") for n in archive.namelist())


@pytest.mark.django_db
def test_ceremony_pages(running, hr_karimun, bidang_sd):
    # given
    people = [PegawaiFactory(unit=bidang_sd, nama=f"Peserta Apel {i}") for i in range(3)]
    hr = verified_login(Client(), hr_karimun)
    # when
    r = hr.post(
        f"/ikrar/kampanye/{running.pk}/apel/baru/",
        {
            "held_on": "2024-01-08",
            "place": "Halaman Kantor Bupati Karimun",
            "leader": "Sekretaris Daerah",
        },
    )
    ceremony_url = r["Location"]
    found = hr.get(f"{ceremony_url}?q=Peserta Apel").content.decode()
    hr.post(ceremony_url, {"pegawai": [people[0].pk]})
    hr.post(ceremony_url, {"nips": f"{people[1].nip}\n{people[2].nip}"})
    printed = hr.get(f"{ceremony_url}cetak/").content.decode()
    # then
    assert all(p.nama in found for p in people)
    assert all(p.nama in printed for p in people)
    assert "DAFTAR HADIR APEL IKRAR" in printed


@pytest.mark.django_db
def test_progress_page_query_count_does_not_grow_with_rows(
    karimun, hr_karimun, bidang_sd, dinkes_karimun, django_assert_max_num_queries
):
    # given
    campaign = make_campaign(
        instansi=karimun,
        stages=[
            {"nama": "Satu", "opens_on": dt.date.today()},
            {"nama": "Dua", "threshold_percent": 50},
            {"nama": "Tiga", "threshold_percent": 50},
        ],
    )
    hr = verified_login(Client(), hr_karimun)
    url = f"/ikrar/kampanye/{campaign.pk}/"
    for unit in (bidang_sd, dinkes_karimun):
        PegawaiFactory(unit=unit)
    hr.get(url)
    # when: ten times the employees and signatures
    for i in range(20):
        p = PegawaiFactory(unit=bidang_sd if i % 2 else dinkes_karimun)
        if i % 3 == 0:
            services.pact_sign(campaign=campaign, pegawai=p, actor=None, method="PASSWORD")
    # then
    with django_assert_max_num_queries(16):
        r = hr.get(url)
    assert r.status_code == 200


@pytest.mark.django_db
def test_reminders_say_who_has_no_email_and_offer_the_list(
    running, hr_karimun, bidang_sd, dinkes_karimun, asn_karimun, django_capture_on_commit_callbacks
):
    # given (issue 11 item 8): one with an address, three without (Budi included)
    PegawaiFactory(unit=bidang_sd, email="rina@karimun.go.id")
    PegawaiFactory(unit=bidang_sd, email="", nama="Tanpa Surel Satu")
    PegawaiFactory(unit=dinkes_karimun, email="", nama="Tanpa Surel Dua")
    hr = verified_login(Client(), hr_karimun)
    # when
    with django_capture_on_commit_callbacks(execute=True):
        r = hr.post(f"/ikrar/kampanye/{running.pk}/pengingat/", follow=True)
    # then: the page says why three got nothing and lists them
    text = r.content.decode()
    assert "1 e-mail pengingat dijadwalkan" in text
    assert "3 pegawai yang belum menandatangani tidak memiliki alamat e-mail" in text
    assert "Tanpa Surel Satu" in text and "Tanpa Surel Dua" in text
    assert "rina@karimun.go.id" not in text.split("<tbody>")[1]
    assert [m.to for m in mail.outbox] == [["rina@karimun.go.id"]]
    # when: per unit, as XLSX and for print
    base = f"/ikrar/kampanye/{running.pk}/belum-tanda-tangan/?terbuka=1&tanpa_email=1"
    xlsx = hr.get(f"{base}&unit={dinkes_karimun.pk}&format=xlsx")
    printed = hr.get(f"{base}&format=cetak").content.decode()
    # then
    rows = list(openpyxl.load_workbook(io.BytesIO(xlsx.content)).active.values)
    names = [r[1] for r in rows if r and isinstance(r[0], int)]
    assert names == ["Tanpa Surel Dua"]
    assert "DAFTAR PEGAWAI YANG BELUM MENANDATANGANI" in printed
    assert "Tanpa Surel Satu" in printed and "Tanpa Surel Dua" in printed


@pytest.mark.django_db
def test_reminders_with_no_open_stage_say_so(hr_karimun, karimun, bidang_sd):
    # given: the only stage opens next week
    campaign = make_campaign(
        instansi=karimun,
        stages=[{"nama": "Nanti", "opens_on": dt.date.today() + dt.timedelta(days=7)}],
    )
    PegawaiFactory(unit=bidang_sd, email="rina@karimun.go.id")
    hr = verified_login(Client(), hr_karimun)
    # when
    r = hr.post(f"/ikrar/kampanye/{campaign.pk}/pengingat/", follow=True)
    # then
    assert "0 e-mail: belum ada tahap yang dibuka" in r.content.decode()
    assert mail.outbox == []
