# ruff: noqa: F811  (the ``case`` fixture is imported from test_letters)
"""The queue, assignment, letters on the case page, the employee record and the
reporter's public status, through HTTP."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from netral.accounts.roles import Role
from netral.cases import workflow
from netral.cases.letter_models import CaseLetter, LetterKind
from netral.cases.models import Case, CaseEvent
from netral.cases.tests.test_letters import case  # noqa: F401  (fixture)
from netral.conftest import _staff
from netral.registry.models import Region

pytestmark = pytest.mark.django_db


def test_queue_lists_waiting_cases_and_filters(login, client, case, bawaslu_karimun):  # noqa: F811
    # given
    login(bawaslu_karimun)
    # when
    page = client.get("/perkara/antrean/")
    # then
    assert page.status_code == 200
    assert case.number in page.content.decode()
    assert case.number not in client.get("/perkara/antrean/?lewat=on").content.decode()
    assert case.number in client.get("/perkara/antrean/?tahap=study").content.decode()


def test_outsider_sees_nothing(login, client, case, opd_natuna):  # noqa: F811
    login(opd_natuna)
    assert client.get("/perkara/antrean/").status_code == 403
    assert client.get(f"/perkara/{case.public_id}/").status_code in (403, 404)


def test_other_region_queue_is_empty(login, client, case):  # noqa: F811
    other = _staff("bawaslu.natuna", Role.BAWASLU, region=Region.objects.get(kode="21.03"))
    login(other)
    assert case.number not in client.get("/perkara/antrean/").content.decode()
    assert client.get(f"/perkara/{case.public_id}/").status_code == 404


def test_bulk_assign_to_me(login, client, case, bawaslu_karimun):  # noqa: F811
    login(bawaslu_karimun)
    response = client.post(
        "/perkara/antrean/massal/", {"case": [str(case.public_id)], "me": "1", "officer": ""}
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.assigned_to == bawaslu_karimun
    assert CaseEvent.objects.filter(case=case, kind=CaseEvent.Kind.ASSIGNED).exists()


def test_issue_letter_from_the_case_page_and_upload_scan(login, client, case, bawaslu_karimun):  # noqa: F811
    # given
    login(bawaslu_karimun)
    page = client.get(f"/perkara/{case.public_id}/").content.decode()
    assert "Terbitkan surat" in page
    # when
    client.post(
        f"/perkara/{case.public_id}/surat/",
        {"surat-kind": LetterKind.HASIL_KAJIAN, "surat-text": "Terbukti menurut kajian."},
    )
    letter = CaseLetter.objects.get()
    client.post(
        f"/perkara/{case.public_id}/surat/{letter.public_id}/pindaian/",
        {"scan": SimpleUploadedFile("scan.pdf", b"%PDF-1.4 scan")},
    )
    # then
    letter.refresh_from_db()
    assert letter.scan is not None
    page = client.get(f"/perkara/{case.public_id}/").content.decode()
    assert letter.number in page
    pdf = client.get(f"/perkara/{case.public_id}/dokumen/{letter.document.public_id}/")
    assert pdf.status_code == 200
    assert letter.document.file.name.rsplit("/", 1)[-1] not in pdf["Content-Disposition"]
    assert LetterKind.HASIL_KAJIAN in workflow._documents(Case.objects.get(pk=case.pk))


def test_employee_record_on_registry_page(login, client, case, hr_karimun, bawaslu_karimun):  # noqa: F811
    # given: the case reached the PPK
    subject = case.subjects.get()
    Case.objects.filter(pk=case.pk).update(
        status="decided", ppk_received_on="2026-11-01", decree_number="800/12/2026"
    )
    # when
    login(hr_karimun)
    page = client.get(f"/registri/pegawai/{subject.pegawai_id}/").content.decode()
    # then
    assert "Riwayat perkara dan sanksi" in page
    assert case.number in page and "800/12/2026" in page


def test_employee_record_hidden_before_the_case_reaches_the_agency(login, client, case, hr_karimun):  # noqa: F811
    subject = case.subjects.get()
    login(hr_karimun)
    page = client.get(f"/registri/pegawai/{subject.pegawai_id}/").content.decode()
    assert case.number not in page


def test_agency_side_never_reads_reporter_messages(
    login, client, case, hr_karimun, bawaslu_karimun
):  # noqa: F811
    # given: a reporter's message on the case's report, and the case at the agency
    from netral.reports import services as report_services

    report_services.message_from_reporter(
        report=case.case_reports.get().report, body="Saya tetangga."
    )
    Case.objects.filter(pk=case.pk).update(status="decided", ppk_received_on="2026-11-01")
    # when / then
    login(hr_karimun)
    assert "Saya tetangga." not in client.get(f"/perkara/{case.public_id}/").content.decode()
    login(bawaslu_karimun)
    assert "Saya tetangga." in client.get(f"/perkara/{case.public_id}/").content.decode()


def test_queue_card_shows_status_days_left_and_subjects(login, client, case, bawaslu_karimun):  # noqa: F811
    login(bawaslu_karimun)
    page = client.get("/perkara/antrean/").content.decode()
    assert f'href="/perkara/{case.public_id}/"' in page
    assert str(case.get_status_display()) in page
    for subject in case.subjects.all():
        assert subject.nama in page
