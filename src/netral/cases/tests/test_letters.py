"""Issuing letters: numbers per office and year (gap-free), the signed PDF kept as a case
document with its SHA-256, the issuer's role, the signed scan, and what the PDF says."""

import datetime as dt
import hashlib

import pypdfium2 as pdfium
import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from netral.accounts.roles import Role
from netral.accounts.tests.factories import RoleAssignmentFactory, UserFactory
from netral.cases import letter_pdf, letters
from netral.cases.letter_models import LetterCounter, LetterKind, LetterTemplate
from netral.cases.models import Case, CaseDocument, CaseEvent, CaseReport, CaseSubject
from netral.registry.models import Region
from netral.registry.tests.factories import PegawaiFactory
from netral.reports.tests.factories import REPORTER, submit

pytestmark = pytest.mark.django_db


def text_of(pdf: bytes) -> str:
    doc = pdfium.PdfDocument(pdf)
    return "\n".join(doc[i].get_textpage().get_text_range() for i in range(len(doc)))


@pytest.fixture
def case(karimun, bidang_sd):
    report = submit().report
    c = Case.objects.create(
        number="PKR-2026-000001",
        election_type="PILKADA",
        title="Ajakan memilih calon saat rapat dinas",
        summary="Kepala sekolah mengajak guru mendukung calon tertentu.",
        region=Region.objects.get(kode="21.02"),
        region_kode="21.02",
        instansi=karimun,
        status="study",
    )
    CaseReport.objects.create(case=c, report=report)
    pegawai = PegawaiFactory(unit=bidang_sd, nama="Siti Rahma", nip="198001012005012001")
    CaseSubject.objects.create(
        case=c, pegawai=pegawai, nama=pegawai.nama, jenis_pegawai="PNS", jabatan="Guru"
    )
    return c


@pytest.fixture
def ppk_karimun(karimun):
    user = UserFactory(username="ppk", nama="Bupati Uji")
    RoleAssignmentFactory(user=user, role=Role.PPK, instansi=karimun)
    return user


def test_seeded_templates_cover_every_letter_with_a_citation():
    kinds = set(LetterTemplate.objects.filter(is_active=True).values_list("kind", flat=True))
    assert kinds == set(LetterKind.values) - {LetterKind.LAINNYA}
    for t in LetterTemplate.objects.all():
        assert t.citation
        assert letters.unknown_placeholders(t.body + t.title + t.recipient + t.tembusan) == []


@time_machine.travel(dt.datetime(2026, 12, 3, 2, 0, tzinfo=dt.UTC))
def test_issue_numbers_signs_and_keeps_the_document(case, bawaslu_karimun):
    # when
    first = letters.letter_issue(
        case=case,
        data=letters.IssueInput(kind=LetterKind.SURAT_PENERUSAN, text="Mohon segera."),
        actor=bawaslu_karimun,
    )
    second = letters.letter_issue(
        case=case,
        data=letters.IssueInput(kind=LetterKind.HASIL_KAJIAN, text="Terbukti."),
        actor=bawaslu_karimun,
    )
    # then: one series per office and year, in the official form
    assert first.number == "001/PP.01.02/BWSL-21.02/XII/2026"
    assert second.seq == 2 and second.number.startswith("002/")
    doc = first.document
    assert doc.kind == CaseDocument.Kind.SURAT_PENERUSAN
    pdf = doc.file.read()
    assert hashlib.sha256(pdf).hexdigest() == doc.sha256
    text = text_of(pdf)
    assert first.number in text
    assert "Siti Rahma" in text and "198001012005012001" in text
    assert "PKR-2026-000001" in text
    assert "Mohon segera." in text
    # no storage path or file name in the document
    assert doc.file.name.rsplit("/", 1)[-1] not in pdf.decode("latin-1")
    assert "case" not in text.lower().replace("perkara", "")
    assert CaseEvent.objects.filter(case=case, kind=CaseEvent.Kind.DOCUMENT).count() == 2


def test_reporter_identity_never_in_the_receipt(case, bawaslu_karimun):
    # given: the report's reporter (factory identity) is not in any letter
    letter = letters.letter_issue(
        case=case, data=letters.IssueInput(kind=LetterKind.TANDA_TERIMA), actor=bawaslu_karimun
    )
    text = text_of(letter.document.file.read())
    assert "dirahasiakan" in text
    report = case.case_reports.get().report
    assert report.intake_number in text
    assert REPORTER["nama"] not in text
    assert REPORTER["alamat"] not in text


def test_numbers_restart_each_year_and_per_office(case, bawaslu_karimun, ppk_karimun):
    with time_machine.travel(dt.datetime(2025, 12, 31, 3, 0, tzinfo=dt.UTC)):
        old = letters.letter_issue(
            case=case, data=letters.IssueInput(kind=LetterKind.TANDA_TERIMA), actor=bawaslu_karimun
        )
    with time_machine.travel(dt.datetime(2026, 1, 2, 3, 0, tzinfo=dt.UTC)):
        new = letters.letter_issue(
            case=case, data=letters.IssueInput(kind=LetterKind.TANDA_TERIMA), actor=bawaslu_karimun
        )
        Case.objects.filter(pk=case.pk).update(status="recommended")
        case.status = "recommended"
        decree = letters.letter_issue(
            case=case, data=letters.IssueInput(kind=LetterKind.SK_HUKUMAN), actor=ppk_karimun
        )
    assert (old.year, old.seq) == (2025, 1)
    assert (new.year, new.seq) == (2026, 1)
    assert decree.seq == 1 and decree.office != new.office
    assert "Bupati Karimun" in text_of(decree.document.file.read())


def test_a_failed_issue_uses_no_number(case, bawaslu_karimun, monkeypatch):
    # given: signing fails once
    def broken(pdf, **kw):
        raise RuntimeError("signer unavailable")

    monkeypatch.setattr(letter_pdf, "sign", broken)
    with pytest.raises(RuntimeError):
        letters.letter_issue(
            case=case, data=letters.IssueInput(kind=LetterKind.TANDA_TERIMA), actor=bawaslu_karimun
        )
    monkeypatch.undo()
    # when
    letter = letters.letter_issue(
        case=case, data=letters.IssueInput(kind=LetterKind.TANDA_TERIMA), actor=bawaslu_karimun
    )
    # then: no gap
    assert letter.seq == 1
    assert LetterCounter.objects.get().last == 1
    assert not CaseDocument.objects.exclude(pk=letter.document_id).exists()


def test_only_the_issuing_role_may_issue(case, ppk_karimun, bawaslu_karimun):
    with pytest.raises(letters.LetterError) as err:
        letters.letter_issue(
            case=case, data=letters.IssueInput(kind=LetterKind.SURAT_PENERUSAN), actor=ppk_karimun
        )
    assert err.value.code == letters.LetterErrorCode.NOT_ISSUER
    with pytest.raises(letters.LetterError):
        letters.letter_issue(
            case=case, data=letters.IssueInput(kind=LetterKind.SK_HUKUMAN), actor=bawaslu_karimun
        )


def test_no_decree_before_a_recommendation(case, ppk_karimun):
    # given: the case is still being studied by Bawaslu
    # when / then
    with pytest.raises(letters.LetterError) as err:
        letters.letter_issue(
            case=case, data=letters.IssueInput(kind=LetterKind.SK_HUKUMAN), actor=ppk_karimun
        )
    assert err.value.code == letters.LetterErrorCode.WRONG_STAGE
    assert letters.kinds_offered(case=case, user=ppk_karimun) == []


def test_signed_scan_is_kept_with_its_hash(case, bawaslu_karimun):
    # given
    letter = letters.letter_issue(
        case=case, data=letters.IssueInput(kind=LetterKind.SURAT_PENERUSAN), actor=bawaslu_karimun
    )
    scan = b"%PDF-1.4\n% pindaian\n" + b"0" * 100
    # when
    letters.letter_scan_upload(
        letter=letter,
        file=SimpleUploadedFile("C:\\Users\\staf\\scan surat rahasia.pdf", scan),
        actor=bawaslu_karimun,
    )
    # then
    letter.refresh_from_db()
    assert letter.scan.sha256 == hashlib.sha256(scan).hexdigest()
    assert letter.scan.kind == letter.kind
    assert "rahasia" not in letter.scan.file.name and "staf" not in letter.scan.file.name
    name = letters.download_name(letter.scan)
    assert name.startswith("001-PP.01.02-BWSL-21.02-") and name.endswith(".pdf")


def test_scan_must_be_pdf_or_image(case, bawaslu_karimun):
    letter = letters.letter_issue(
        case=case, data=letters.IssueInput(kind=LetterKind.SURAT_PENERUSAN), actor=bawaslu_karimun
    )
    with pytest.raises(letters.LetterError):
        letters.letter_scan_upload(
            letter=letter,
            file=SimpleUploadedFile("x.exe", b"MZ\x90\x00" * 10),
            actor=bawaslu_karimun,
        )


def test_placeholders_unknown_are_listed():
    assert letters.unknown_placeholders("{nomor_kasus} {rahasia_pelapor}") == ["rahasia_pelapor"]
