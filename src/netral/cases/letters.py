"""Issuing official letters of a case (issue 10 item 5): writes (house style §2).

``letter_issue`` fills the active template of a kind with the case's data, takes the next
number of the issuing office's series for the year, renders the PDF in the official layout
(``letter_pdf``), signs it with the installation certificate (PAdES) and keeps it as a
``CaseDocument`` with its SHA-256, so the transition that needs that document can go
ahead. ``letter_scan_upload`` keeps the signed scan beside it, hashed.

Numbers are gap-free and concurrency-safe: the counter row of (office, year) is bumped by
one ``UPDATE … RETURNING`` that holds its row lock until the transaction commits, and the
letter row is written in the same transaction; a failure anywhere rolls the number back,
so no number is skipped and none is used twice (``case_letter_seq`` makes sure).
Quirk: the lock is held while the PDF is rendered and signed (tens of milliseconds); an
office issues a few letters a day, so the wait is never felt.

Privacy (UU 27/2022 PDP): the reporter's identity never goes into a letter; a reporter
is "Pelapor" with the intake number. No storage path or file name reaches a document:
files are stored under random names and offered for download under the letter number.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import uuid
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import connections, models, router, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from netral.accounts import authz
from netral.accounts.models import RoleAssignment
from netral.accounts.roles import Role
from netral.cases.letter_models import (
    CaseLetter,
    LetterCounter,
    LetterKind,
    LetterOffice,
    LetterTemplate,
)
from netral.cases.models import Case, CaseDocument, CaseEvent, CaseStatus
from netral.core import audit
from netral.core.errors import DomainError

LETTER_ISSUED = audit.register("cases.letter.issued", _("Surat perkara diterbitkan"))
SCAN_UPLOADED = audit.register("cases.letter.scan", _("Pindaian surat bertanda tangan diunggah"))

# Who issues each kind of letter (shared/domain.md §1, §3): Bawaslu (and the Satgas in the
# BKN SBT flow) up to the forwarding, the recommending body its recommendation, the PPK
# the decree, and the HR office (BKPSDM) the execution report.
ISSUER_ROLES: dict[str, tuple[str, ...]] = {
    LetterKind.TANDA_TERIMA: (Role.BAWASLU, Role.SATGAS),
    LetterKind.PEMBERITAHUAN: (Role.BAWASLU, Role.SATGAS),
    LetterKind.BA_KLARIFIKASI: (Role.BAWASLU, Role.SATGAS),
    LetterKind.HASIL_KAJIAN: (Role.BAWASLU,),
    LetterKind.SURAT_PENERUSAN: (Role.BAWASLU,),
    LetterKind.REKOMENDASI: (Role.KASN_BKN,),
    LetterKind.SK_HUKUMAN: (Role.PPK,),
    LetterKind.PERNYATAAN_MORAL: (Role.PPK,),
    LetterKind.LAPORAN_PELAKSANAAN: (Role.HR_ADMIN, Role.PPK),
}
# The stages at which each letter is written (shared/domain.md §3): no decree before a
# recommendation, no forwarding letter before the study.
S = CaseStatus
KIND_STAGES: dict[str, frozenset[str]] = {
    LetterKind.TANDA_TERIMA: frozenset({S.INFORMASI, S.INITIAL_STUDY, S.RETURNED, S.STUDY}),
    LetterKind.PEMBERITAHUAN: frozenset({S.INITIAL_STUDY, S.RETURNED}),
    LetterKind.BA_KLARIFIKASI: frozenset({S.STUDY}),
    LetterKind.HASIL_KAJIAN: frozenset({S.STUDY}),
    LetterKind.SURAT_PENERUSAN: frozenset({S.STUDY, S.FORWARDED, S.AGENCY}),
    LetterKind.REKOMENDASI: frozenset({S.BODY_EXAM, S.RECOMMENDED}),
    LetterKind.SK_HUKUMAN: frozenset({S.RECOMMENDED, S.AGENCY, S.APPEAL}),
    LetterKind.PERNYATAAN_MORAL: frozenset({S.RECOMMENDED, S.AGENCY, S.APPEAL}),
    LetterKind.LAPORAN_PELAKSANAAN: frozenset({S.DECIDED, S.EXECUTED}),
}
MAX_SCAN_BYTES = 20 * 1024 * 1024
SCAN_TYPES = {b"%PDF": "application/pdf", b"\xff\xd8\xff": "image/jpeg", b"\x89PNG": "image/png"}

if TYPE_CHECKING:
    from netral.accounts.models import User
    from netral.cases import letter_pdf
    from netral.registry.models import Instansi, Region


def _pdf() -> Any:
    """``cases.letter_pdf``, imported on first use: reportlab costs ~0.5 s at start-up and
    this module is loaded by the admin for every management command (issue 15 item 3)."""
    from netral.cases import letter_pdf

    return letter_pdf


class LetterErrorCode(models.TextChoices):
    # Kept here rather than in errors.py so the letter module stays self-contained.
    NOT_ISSUER = "letter_not_issuer", _("Jenis surat ini tidak diterbitkan oleh peran Anda.")
    WRONG_STAGE = (
        "letter_wrong_stage",
        _("Surat ini belum atau tidak lagi dapat diterbitkan pada tahap ini."),
    )
    NO_TEMPLATE = "letter_no_template", _("Belum ada templat aktif untuk jenis surat ini.")
    SCAN_REJECTED = (
        "letter_scan_rejected",
        _("Pindaian harus berupa PDF, JPEG atau PNG dan paling besar 20 MB."),
    )


class LetterError(DomainError):
    """A letter could not be issued or a scan not kept."""


# --- Offices ---------------------------------------------------------------------------


def _region_words(region: Region) -> str:
    """``KAB. KARIMUN`` → ``Kabupaten Karimun``; a province → ``Provinsi Kepulauan Riau``."""
    text = region.nama.strip()
    for short, long in (("KAB. ", "Kabupaten "), ("KABUPATEN ", "Kabupaten "), ("KOTA ", "Kota ")):
        if text.upper().startswith(short):
            return long + text[len(short) :].title()
    if region.level == 1 and not text.upper().startswith("PROVINSI"):
        return "Provinsi " + text.title()
    return text.title()


def _head_of(instansi: Instansi) -> str:
    """The PPK of a regional government: ``Pemerintah Kabupaten Karimun`` → ``Bupati
    Karimun`` (UU 20/2023: the regional head is the PPK)."""
    nama = instansi.nama
    for prefix, head in (
        ("Pemerintah Kabupaten ", "Bupati "),
        ("Pemerintah Kota ", "Wali Kota "),
        ("Pemerintah Provinsi ", "Gubernur "),
    ):
        if nama.startswith(prefix):
            return head + nama[len(prefix) :]
    return f"Pejabat Pembina Kepegawaian {nama}"


def _office_defaults(a: RoleAssignment, case: Case) -> tuple[str, dict[str, str]]:
    if a.role in (Role.BAWASLU, Role.SATGAS):
        where = _region_words(a.region) if a.region else "Republik Indonesia"
        if a.role == Role.BAWASLU:
            authority, title = "Badan Pengawas Pemilihan Umum", f"Ketua Bawaslu {where}"
        else:
            authority, title = "Satuan Tugas Netralitas ASN", f"Ketua Satgas Netralitas ASN {where}"
        code = f"{'BWSL' if a.role == Role.BAWASLU else 'SATGAS'}-{a.region_id or 'RI'}"
        return f"{a.role}:{a.region_id or '-'}", {
            "authority": authority,
            "office": where,
            "place": where.split(" ", 1)[-1],
            "number_code": code,
            "signer_title": title,
        }
    if a.role == Role.KASN_BKN:
        body = case.recommending_body
        name = body.name if body else "Badan Kepegawaian Negara"
        short = body.short_name if body else "BKN"
        return f"{a.role}:{short}:{a.region_id or '-'}", {
            "authority": name,
            "office": a.user.nama if a.region_id else "",
            "place": "Jakarta",
            "number_code": short,
            "signer_title": f"Kepala {a.user.nama or short}",
        }
    instansi = a.instansi
    assert instansi is not None  # PPK and BKPSDM roles are agency-scoped (roles.ROLE_SCOPE)
    where = instansi.nama.removeprefix("Pemerintah ")
    if a.role == Role.PPK:
        head = _head_of(instansi)
        return f"{a.role}:{instansi.pk}", {
            "authority": head,
            "office": "",
            "place": where.split(" ", 1)[-1],
            "number_code": "BKPSDM",
            "signer_title": head,
        }
    return f"{a.role}:{instansi.pk}", {
        "authority": instansi.nama,
        "office": "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia",
        "place": where.split(" ", 1)[-1],
        "number_code": "BKPSDM",
        "signer_title": f"Kepala BKPSDM {where}",
    }


def _issuing_assignment(*, actor: User, kind: str) -> RoleAssignment:
    allowed = ISSUER_ROLES.get(kind, ())
    for a in authz.assignments(actor):
        if a.role in allowed:
            return a
    raise LetterError(LetterErrorCode.NOT_ISSUER)


def issuer_roles_of(user: Any) -> set[str]:
    mine = authz.roles(user)
    return {r for roles in ISSUER_ROLES.values() for r in roles if r in mine}


def kinds_offered(*, case: Case, user: Any) -> list[tuple[str, str]]:
    """The letter kinds ``user`` may issue for ``case`` at its current stage."""
    mine = authz.roles(user)
    return [
        (kind, str(LetterKind(kind).label))
        for kind, roles in ISSUER_ROLES.items()
        if mine & set(roles) and case.status in KIND_STAGES[kind]
    ]


def office_for(*, actor: User, kind: str, case: Case) -> LetterOffice:
    """The office ``actor`` issues ``kind`` letters for: found by its key, else created
    with defaults from the actor's role and scope (an administrator refines them)."""
    a = _issuing_assignment(actor=actor, kind=kind)
    key, defaults = _office_defaults(a, case)
    office, _created = LetterOffice.objects.get_or_create(key=key, defaults=defaults)
    return office


# --- Numbers ---------------------------------------------------------------------------


def next_seq(*, office: LetterOffice, year: int) -> int:
    """Next gap-free number of ``office`` in ``year``; the counter row stays locked until
    the surrounding transaction commits (see the module docstring)."""
    conn = connections[router.db_for_write(LetterCounter)]
    table = conn.ops.quote_name(LetterCounter._meta.db_table)
    sql = f"UPDATE {table} SET last = last + 1 WHERE office_id = %s AND year = %s RETURNING last"  # noqa: S608 (table name from the model)
    with conn.cursor() as cur:
        cur.execute(sql, [office.pk, year])
        row = cur.fetchone()
        if row is None:  # first letter of the year: create the row, then lock it
            LetterCounter.objects.get_or_create(office=office, year=year)
            cur.execute(sql, [office.pk, year])
            row = cur.fetchone()
    return int(row[0])


def format_number(*, seq: int, template: LetterTemplate, office: LetterOffice, on: dt.date) -> str:
    """``012/PP.01.02/K.KR-05/XII/2026``: sequence, classification, office, month, year
    (the usual form of *tata naskah dinas* numbers)."""
    return (
        f"{seq:03d}/{template.classification}/{office.number_code}/"
        f"{_pdf().bulan_romawi(on)}/{on.year}"
    )


# --- Filling the template ------------------------------------------------------------------

PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")
DASH = "-"

# The placeholders a template may use (the admin form rejects others).
PLACEHOLDERS: dict[str, Any] = {
    "nomor_kasus": _("nomor perkara"),
    "pokok": _("pokok perkara"),
    "uraian": _("uraian perkara"),
    "nomor_laporan": _("nomor penerimaan laporan/temuan"),
    "tanggal_laporan": _("tanggal laporan diterima"),
    "waktu_diterima": _("waktu laporan diterima"),
    "jenis_laporan": _("laporan atau temuan"),
    "jumlah_bukti": _("jumlah bukti"),
    "nomor_registrasi": _("nomor registrasi"),
    "tanggal_registrasi": _("tanggal registrasi"),
    "nama_terlapor": _("nama terlapor"),
    "nip_terlapor": _("NIP/NIK terlapor"),
    "jabatan_terlapor": _("jabatan terlapor"),
    "jenis_pegawai": _("jenis pegawai terlapor"),
    "instansi_terlapor": _("instansi terlapor"),
    "jenis_pelanggaran": _("jenis pelanggaran"),
    "dasar_pelanggaran": _("dasar hukum pelanggaran"),
    "sanksi": _("sanksi (direkomendasikan atau ditetapkan)"),
    "dasar_sanksi": _("dasar hukum sanksi"),
    "badan_rekomendasi": _("lembaga pemberi rekomendasi"),
    "tujuan_penerusan": _("tujuan penerusan"),
    "ppk": _("Pejabat Pembina Kepegawaian"),
    "ppk_besar": _("Pejabat Pembina Kepegawaian, huruf kapital"),
    "nomor_penerusan": _("nomor surat penerusan"),
    "nomor_rekomendasi": _("nomor surat rekomendasi"),
    "nomor_keputusan": _("nomor keputusan PPK"),
    "tanggal_keputusan": _("tanggal keputusan PPK"),
    "tanggal_pelaksanaan": _("tanggal pelaksanaan sanksi"),
    "batas_waktu": _("tenggat tahap berjalan"),
    "kantor": _("kantor penerbit"),
    "tempat": _("tempat surat"),
    "tanggal": _("tanggal surat"),
    "tanggal_terbilang": _("hari dan tanggal dengan huruf"),
    "alamat_cek": _("alamat pemantauan laporan"),
    "pihak": _("pihak yang diklarifikasi"),
    "isi": _("isi yang ditulis petugas"),
}


def unknown_placeholders(text: str) -> list[str]:
    return sorted({m for m in PLACEHOLDER.findall(text) if m not in PLACEHOLDERS})


def fill(text: str, values: dict[str, str]) -> str:
    return PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group(0)), text)


def _latest_number(case: Case, kind: str) -> str:
    letter = case.letters.filter(kind=kind).order_by("-created_at", "-id").first()
    if letter is not None:
        return letter.number
    doc = case.documents.filter(kind=kind).exclude(number="").order_by("-created_at").first()
    return doc.number if doc is not None else DASH


def case_values(
    *, case: Case, office: LetterOffice, on: dt.date, text: str = "", party: str = ""
) -> dict[str, str]:
    """The placeholder values for ``case`` (no reporter identity, see module docstring)."""
    reports = [cr.report for cr in case.case_reports.select_related("report").order_by("id")]
    subjects = list(
        case.subjects.select_related("pegawai", "recommended_sanction", "decided_sanction")
    )
    first = subjects[0] if subjects else None
    received = timezone.localtime(reports[0].received_at) if reports else None
    sanction = (first.decided_sanction or first.recommended_sanction) if first else None
    vt = case.violation_type
    body = case.recommending_body
    instansi = case.instansi
    ident = DASH
    if first is not None and first.pegawai is not None:
        ident = first.pegawai.nip or first.pegawai.nik or DASH
    executed = case.executed_on or (first.executed_on if first else None)
    to_agency = case.forwarded_to == Case.ForwardedTo.AGENCY
    values = {
        "nomor_kasus": case.number,
        "pokok": case.title,
        "uraian": case.summary or case.title,
        "nomor_laporan": ", ".join(r.intake_number for r in reports) or DASH,
        "tanggal_laporan": _pdf().tanggal(received.date()) if received else DASH,
        "waktu_diterima": (
            f"{_pdf().tanggal(received.date())} pukul {received:%H.%M} {received.tzname()}"
            if received
            else DASH
        ),
        "jenis_laporan": reports[0].get_kind_display() if reports else DASH,
        "jumlah_bukti": str(sum(r.evidence.count() for r in reports)),
        "nomor_registrasi": case.registration_number or DASH,
        "tanggal_registrasi": _pdf().tanggal(case.registered_on) if case.registered_on else DASH,
        "nama_terlapor": ", ".join(s.nama for s in subjects) or DASH,
        "nip_terlapor": ident,
        "jabatan_terlapor": (first.jabatan if first else "") or DASH,
        "jenis_pegawai": first.get_jenis_pegawai_display() if first else DASH,
        "instansi_terlapor": instansi.nama if instansi else DASH,
        "jenis_pelanggaran": vt.title if vt else DASH,
        "dasar_pelanggaran": vt.citation if vt else DASH,
        "sanksi": sanction.name if sanction else DASH,
        "dasar_sanksi": sanction.citation if sanction else DASH,
        "badan_rekomendasi": body.name if body else "Badan Kepegawaian Negara",
        "tujuan_penerusan": (
            _head_of(instansi)
            if (to_agency and instansi)
            else (body.name if body else "Badan Kepegawaian Negara")
        ),
        "ppk": _head_of(instansi) if instansi else DASH,
        "ppk_besar": _head_of(instansi).upper() if instansi else DASH,
        "nomor_penerusan": _latest_number(case, LetterKind.SURAT_PENERUSAN),
        "nomor_rekomendasi": case.recommendation_number
        or _latest_number(case, LetterKind.REKOMENDASI),
        "nomor_keputusan": case.decree_number or DASH,
        "tanggal_keputusan": _pdf().tanggal(case.decided_on) if case.decided_on else DASH,
        # The execution report is written when the sanction takes effect: its own date.
        "tanggal_pelaksanaan": _pdf().tanggal(executed or on),
        "batas_waktu": _pdf().tanggal(case.stage_due_on) if case.stage_due_on else DASH,
        "kantor": f"{office.authority} {office.office}".strip(),
        "tempat": office.place,
        "tanggal": _pdf().tanggal(on),
        "tanggal_terbilang": _pdf().tanggal_terbilang(on),
        "alamat_cek": f"{settings.SITE_URL}/lapor/cek/",
        "pihak": party.strip() or DASH,
        "isi": text.strip(),
    }
    return {k: str(v) for k, v in values.items()}


def _lines(text: str, values: dict[str, str]) -> tuple[str, ...]:
    return tuple(line.strip() for line in fill(text, values).splitlines() if line.strip())


def build_letter(
    *,
    template: LetterTemplate,
    office: LetterOffice,
    values: dict[str, str],
    number: str,
    on: dt.date,
    actor: User,
    party: str = "",
) -> letter_pdf.Letter:
    pegawai = getattr(actor, "pegawai", None)
    signer = _pdf().Signatory(
        title=office.signer_title,
        name=office.signer_name or getattr(actor, "nama", "") or str(actor),
        id_line=office.signer_id_line or (f"NIP {pegawai.nip}" if pegawai and pegawai.nip else ""),
        signed_at=timezone.localtime(),
    )
    extra: tuple[letter_pdf.Signatory, ...] = ()
    if template.kind == LetterKind.BA_KLARIFIKASI and party.strip():
        extra = (_pdf().Signatory(title="Yang diklarifikasi", name=party.strip()),)
    letter: letter_pdf.Letter = _pdf().Letter(
        layout=template.layout,
        letterhead=_pdf().Letterhead(office.authority, office.office, office.address),
        title=fill(template.title, values),
        number=number,
        place=office.place,
        date=on,
        body=fill(template.body, values),
        signatory=signer,
        recipient=_lines(template.recipient, values),
        sifat=template.sifat,
        subject_line=fill(template.subject_line, values),
        tembusan=_lines(template.tembusan, values),
        citation=template.citation,
        footer=(
            "Dokumen ini ditandatangani secara elektronik (PAdES) dengan sertifikat instalasi "
            f"Netral; nomor perkara {values['nomor_kasus']}."
        ),
        extra_signatories=extra,
    )
    return letter


def _download_name(number: str) -> str:
    return re.sub(r"[^A-Za-z0-9.-]+", "-", number).strip("-") + ".pdf"


# --- Services ------------------------------------------------------------------------------


@dataclass(frozen=True)
class IssueInput:
    kind: str
    text: str = ""
    party: str = ""


def active_template(kind: str) -> LetterTemplate:
    template = LetterTemplate.objects.filter(kind=kind, is_active=True).first()
    if template is None:
        raise LetterError(LetterErrorCode.NO_TEMPLATE, kind=kind)
    return template


def letter_issue(*, case: Case, data: IssueInput, actor: User) -> CaseLetter:
    """Issue a letter of ``data.kind`` for ``case`` as ``actor``'s office; see the module
    docstring. The caller has already checked that ``actor`` may see ``case``."""
    if case.status not in KIND_STAGES.get(data.kind, frozenset()):
        raise LetterError(LetterErrorCode.WRONG_STAGE)
    template = active_template(data.kind)
    office = office_for(actor=actor, kind=data.kind, case=case)
    on = timezone.localdate()
    with transaction.atomic():
        seq = next_seq(office=office, year=on.year)
        number = format_number(seq=seq, template=template, office=office, on=on)
        values = case_values(case=case, office=office, on=on, text=data.text, party=data.party)
        letter = build_letter(
            template=template,
            office=office,
            values=values,
            number=number,
            on=on,
            actor=actor,
            party=data.party,
        )
        pdf = _pdf().sign(
            _pdf().render(letter),
            reason=f"{template.get_kind_display()} {number}",
            location=office.place,
        )
        doc = CaseDocument(
            case=case,
            kind=data.kind,
            title=letter.title,
            number=number,
            content_type="application/pdf",
            size=len(pdf),
            sha256=hashlib.sha256(pdf).hexdigest(),
            uploaded_by=actor,
        )
        doc.file.save(f"{uuid.uuid4().hex}.pdf", ContentFile(pdf), save=False)
        doc.full_clean()
        doc.save()
        row = CaseLetter(
            case=case,
            kind=data.kind,
            template=template,
            office=office,
            year=on.year,
            seq=seq,
            number=number,
            letter_date=on,
            issued_by=actor,
            document=doc,
        )
        row.full_clean(exclude=["document"])
        row.save()
        CaseEvent.objects.create(
            case=case,
            kind=CaseEvent.Kind.DOCUMENT,
            text=f"{template.get_kind_display()} {number}",
            actor=actor,
            data={"letter": str(row.public_id), "sha256": doc.sha256},
        )
        audit.record(
            actor=actor,
            action=LETTER_ISSUED,
            target=case,
            data={
                "kind": data.kind,
                "number": number,
                "template_version": template.version,
                "sha256": doc.sha256,
            },
        )
    return row


def _sniff(head: bytes) -> str | None:
    return next((ct for magic, ct in SCAN_TYPES.items() if head.startswith(magic)), None)


def letter_scan_upload(*, letter: CaseLetter, file: UploadedFile[bytes], actor: User) -> CaseLetter:
    """Keep the signed paper copy of ``letter`` (PDF, JPEG or PNG, recognised by its
    leading bytes) as a document of the same kind with its SHA-256; the uploader's file
    name is not kept. A new scan replaces the link, the old document stays on record.
    Only an officer of a role that issues this kind of letter may upload it."""
    _issuing_assignment(actor=actor, kind=letter.kind)
    if file.size is None or file.size > MAX_SCAN_BYTES or file.size == 0:
        raise LetterError(LetterErrorCode.SCAN_REJECTED)
    file.seek(0)
    head = file.read(8)
    content_type = _sniff(head)
    if content_type is None:
        raise LetterError(LetterErrorCode.SCAN_REJECTED)
    digest = hashlib.sha256()
    file.seek(0)
    for chunk in file.chunks():
        digest.update(chunk)
    file.seek(0)
    suffix = {"application/pdf": ".pdf", "image/jpeg": ".jpg", "image/png": ".png"}[content_type]
    with transaction.atomic():
        doc = CaseDocument(
            case=letter.case,
            kind=letter.kind,
            title=f"Pindaian bertanda tangan {letter.number}",
            number=letter.number,
            content_type=content_type,
            size=file.size,
            sha256=digest.hexdigest(),
            uploaded_by=actor,
        )
        doc.file.save(f"{uuid.uuid4().hex}{suffix}", file, save=False)
        doc.full_clean()
        doc.save()
        letter.scan = doc
        letter.save(update_fields=["scan", "updated_at"])
        CaseEvent.objects.create(
            case=letter.case,
            kind=CaseEvent.Kind.DOCUMENT,
            text=f"Pindaian bertanda tangan {letter.number}",
            actor=actor,
            data={"letter": str(letter.public_id), "sha256": doc.sha256},
        )
        audit.record(
            actor=actor,
            action=SCAN_UPLOADED,
            target=letter.case,
            data={"number": letter.number, "sha256": doc.sha256},
        )
    return letter


def download_name(doc: CaseDocument) -> str:
    """The file name offered for download: from the letter number, never the stored name."""
    base = doc.number or doc.get_kind_display()
    name = _download_name(base)
    if doc.content_type == "image/jpeg":
        return name[:-4] + ".jpg"
    if doc.content_type == "image/png":
        return name[:-4] + ".png"
    return name
