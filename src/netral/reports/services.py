"""Report writes (house style §2): intake, evidence, messages, triage, identity access.

Every public action is audited with ``anonymous=True`` so no IP or user agent is kept
with a report. The reporter's identity never leaves this module in clear except through
``identity_reveal``, which requires ``Perm.REPORT_IDENTITY`` and a reason and is logged.
"""

from __future__ import annotations

import hashlib
import json
import logging
import tempfile
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import File
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, connections, router, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from netral.accounts import authz
from netral.accounts.roles import Perm
from netral.core import audit, crypto, dates, idempotency, ratelimit
from netral.core.tasks import enqueue_on_commit, enqueue_with_rows
from netral.registry.models import Instansi, Pegawai, Region, UnitKerja
from netral.reports import evidence as ev
from netral.reports import receipts
from netral.reports.errors import EvidenceRejected, InvalidTransition, ReportError
from netral.reports.models import (
    ElectionType,
    Evidence,
    IntakeCounter,
    Message,
    Report,
    ReportedPerson,
    ReportEvent,
    ViolationType,
)

if TYPE_CHECKING:
    from netral.accounts.models import User

logger = logging.getLogger(__name__)

SUBMITTED = audit.register("reports.report.submitted", gettext_lazy("Laporan diterima"))
audit.register_target_url("reports.report", "reports:detail", lookup="public_id")
RECORDED = audit.register("reports.report.recorded", gettext_lazy("Laporan/temuan dicatat petugas"))
EVIDENCE_ADDED = audit.register("reports.evidence.added", gettext_lazy("Bukti ditambahkan"))
EVIDENCE_ORIGINAL = audit.register(
    "reports.evidence.original_opened", gettext_lazy("Berkas bukti asli dibuka")
)
MESSAGE_IN = audit.register("reports.message.received", gettext_lazy("Pesan dari pelapor"))
MESSAGE_OUT = audit.register("reports.message.sent", gettext_lazy("Pesan kepada pelapor"))
NOTE_ADDED = audit.register("reports.note.added", gettext_lazy("Catatan telaah ditambahkan"))
PERSON_MATCHED = audit.register(
    "reports.person.matched", gettext_lazy("Terlapor dicocokkan dengan registri")
)
IDENTITY_VIEWED = audit.register(
    "reports.identity.viewed", gettext_lazy("Identitas pelapor dilihat")
)
# Evidence kinds that get a metadata-free copy; videos have none (served to the
# identity grant only, like originals).
CLEANED_KINDS = (Evidence.Kind.IMAGE, Evidence.Kind.PDF)
RECEIPT_FAILED = audit.register(
    "reports.receipt.failed", gettext_lazy("Kode tanda terima salah (dibatasi)")
)

IDENTITY_PURPOSE = "reports.identity"
# Evidence originals: a subkey of the same identity keys (core.crypto, HKDF purpose).
EVIDENCE_PURPOSE = "reports.evidence.original"
IDENTITY_FIELDS = ("nama", "nik", "alamat", "telepon", "email")


@dataclass
class PersonInput:
    nama: str
    instansi: Instansi | None = None
    unit: UnitKerja | None = None
    jabatan: str = ""
    nip: str = ""
    nik: str = ""


@dataclass
class ReportInput:
    """What a report says, whichever channel it came through."""

    event_at: datetime
    event_region: Region
    description: str
    identity_mode: str
    persons: list[PersonInput]
    election_type: str = ElectionType.TIDAK_TAHU
    place_detail: str = ""
    violation_type: ViolationType | None = None
    identity: dict[str, str] = field(default_factory=dict)
    links: list[str] = field(default_factory=list)
    # When the reporter learned of the event (the reporting window runs from it) or, for a
    # finding, when the supervisor discovered it (shared/domain.md §3).
    learned_on: date | None = None
    # False when the reporter gave only a date: event_at is then that day's start.
    event_time_known: bool = True


@dataclass
class SubmitResult:
    report: Report
    # Only on first creation, and only in memory: shown once, never stored.
    receipt_code: str | None
    created: bool


def _intake_number(prefix: str, year: int) -> str:
    """Next gap-free number for ``prefix``/``year``; the counter row stays locked until the
    surrounding transaction commits, so numbers are never reused or skipped."""
    # One round trip: the UPDATE takes the row lock and RETURNING gives the new value.
    conn = connections[router.db_for_write(IntakeCounter)]
    table = conn.ops.quote_name(IntakeCounter._meta.db_table)
    sql = f"UPDATE {table} SET last = last + 1 WHERE prefix = %s AND year = %s RETURNING last"
    with conn.cursor() as cur:
        cur.execute(sql, [prefix, year])
        row = cur.fetchone()
        if row is None:  # first entry of the year: create the row, then lock it
            IntakeCounter.objects.get_or_create(prefix=prefix, year=year)
            cur.execute(sql, [prefix, year])
            row = cur.fetchone()
    return f"{prefix}-{year}-{row[0]:06d}"


def _kind_for(*, channel: str, identity_mode: str) -> str:
    if channel == Report.Channel.TEMUAN:
        return Report.Kind.TEMUAN
    # A formal laporan needs the reporter's identity (Perbawaslu 7/2022; domain.md §3.1).
    if identity_mode == Report.IdentityMode.ANONYMOUS:
        return Report.Kind.INFORMASI
    return Report.Kind.LAPORAN


PREFIX: dict[str, str] = {
    Report.Kind.LAPORAN: "LAP",
    Report.Kind.INFORMASI: "INF",
    Report.Kind.TEMUAN: "TEM",
}


def _content_hash(report: Report, persons: list[ReportedPerson], items: list[Evidence]) -> str:
    canonical = {
        "intake_number": report.intake_number,
        "received_at": report.received_at.isoformat(),
        "kind": report.kind,
        "event_at": report.event_at.isoformat(),
        "region": report.region_kode,
        "place_detail": report.place_detail,
        "description": report.description,
        "violation": report.violation_type.code if report.violation_type else "",
        "persons": [[p.nama, p.instansi_id, p.unit_id, p.jabatan, p.nip, p.nik] for p in persons],
        "evidence": [e.sha256 or e.url for e in items],
    }
    blob = json.dumps(canonical, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(blob.encode()).hexdigest()


def _clean_identity(identity: dict[str, str]) -> dict[str, str]:
    return {k: (identity.get(k) or "").strip() for k in IDENTITY_FIELDS if identity.get(k)}


def _store_files(
    *, report: Report, checked: list[ev.CheckedFile], actor: User | None
) -> list[Evidence]:
    """Store originals unchanged; images get their clean copy from a task after commit."""
    items = []
    for c in checked:
        item = Evidence(
            report=report,
            kind=c.kind.kind,
            content_type=c.kind.mime,
            size=c.size,
            sha256=c.sha256,
            received_at=c.received_at,
            added_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        # Named by random ids only: the reporter's file name may identify them.
        name = f"evidence/{report.public_id}/{item.public_id}{c.kind.ext}{ENCRYPTED_SUFFIX}"
        c.file.seek(0)
        item.original.name = default_storage.save(name, _encrypted(c.file, item))
        item.encrypted = True
        # The report row was just inserted; uniqueness (random UUID) and the check
        # constraint are enforced by the database, without a SELECT each here.
        item.full_clean(exclude=["report"], validate_unique=False, validate_constraints=False)
        item.save()
        items.append(item)
    return items


ENCRYPTED_SUFFIX = ".enc"


def _context(item: Evidence) -> str:
    # Binds the ciphertext to its row: a file swapped on disk fails to decrypt.
    return f"evidence:{item.public_id}"


def _encrypted(plain: Any, item: Evidence) -> File[Any]:
    """The original encrypted with the identity key into a temporary file (streamed in
    chunks, never whole in memory), ready for ``default_storage.save``."""
    out = tempfile.TemporaryFile()  # noqa: SIM115 (closed by the storage's save)
    crypto.encrypt_file(plain, out, purpose=EVIDENCE_PURPOSE, context=_context(item))
    out.seek(0)
    return File(out)


def evidence_original_chunks(item: Evidence) -> Iterator[bytes]:
    """The original's plaintext, chunk by chunk (decrypted; a changed or swapped file
    raises ``crypto.DecryptionError`` instead of yielding altered bytes). Callers must
    have checked the identity grant (``evidence_original_opened``)."""
    with item.original.open("rb") as fh:
        if item.encrypted:
            yield from crypto.decrypt_file(fh, purpose=EVIDENCE_PURPOSE, context=_context(item))
        else:
            while chunk := fh.read(crypto.FILE_CHUNK):
                yield chunk


def _original_plain(item: Evidence) -> Any:
    """A temporary file with the decrypted original (for making the clean copy)."""
    out = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)  # noqa: SIM115
    for chunk in evidence_original_chunks(item):
        out.write(chunk)
    out.seek(0)
    return out


def evidence_encrypt_existing(model: Any = Evidence) -> int:
    """Encrypt originals stored in clear before encryption at rest (migration
    ``reports.0011`` runs this; idempotent). Each file is written encrypted under a new
    name, the row updated, then the clear file deleted. Returns the number encrypted."""
    done = 0
    for item in model.objects.filter(encrypted=False).exclude(original="").iterator():
        old = item.original.name
        with default_storage.open(old, "rb") as fh:
            encrypted = _encrypted(fh, item)
            new = default_storage.save(f"{old}{ENCRYPTED_SUFFIX}", encrypted)
        if model.objects.filter(pk=item.pk, encrypted=False).update(original=new, encrypted=True):
            default_storage.delete(old)
            done += 1
        else:
            default_storage.delete(new)
    return done


def _enqueue_after_intake(*, report_id: int, image_ids: list[int]) -> None:
    """Clean copies of the images and the handlers' notice, queued only if the report
    commits (call inside the intake transaction). With the database queue the queue rows
    belong to the report's transaction (core.tasks.enqueue_with_rows)."""
    for pk in image_ids:
        enqueue_with_rows("netral.reports.tasks.make_shareable_copy", pk, model=Report)
    enqueue_with_rows("netral.reports.tasks.notify_handlers", report_id, "new", model=Report)


def _store_links(*, report: Report, links: list[str], actor: User | None) -> list[Evidence]:
    items = []
    for url in links:
        item = Evidence(
            report=report,
            kind=Evidence.Kind.LINK,
            url=url,
            received_at=timezone.now(),
            added_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        item.full_clean(exclude=["report"])  # just inserted in this transaction
        item.save()
        items.append(item)
    return items


def report_submit(
    *,
    data: ReportInput,
    files: list[UploadedFile[bytes]],
    channel: str,
    actor: User | None,
    idempotency_key: Any = None,
) -> SubmitResult:
    """File a report from the public form, the API, or a staff member's intake.

    Public channels (WEB/API) get a receipt code; staff intake (paper, phone, walk-in,
    temuan) does not, since the reporter did not use the system themselves. The same
    ``idempotency_key`` returns the first report instead of creating a second one.
    Evidence files are checked (``evidence.check_files``) before anything is written.
    Legal basis: UU 7/2017 Pasal 454, UU 10/2016 Pasal 134, Perbawaslu 7/2022;
    shared/domain.md §2–§3.1. Notifications to handlers (after commit) carry no identity.
    """
    checked = ev.check_files(files)
    try:
        # No SELECT for the key first: the unique constraint on ``idempotency_key``
        # decides, and the report row is inserted before any file is stored.
        return _report_create(
            data=data, checked=checked, channel=channel, actor=actor, key=idempotency_key
        )
    except IntegrityError:
        # A repeated (or concurrent double) submit: the first report wins.
        existing = (
            Report.objects.filter(idempotency_key=idempotency_key).first()
            if idempotency_key is not None
            else None
        )
        if existing is None:
            raise
        return SubmitResult(existing, None, False)


@transaction.atomic
def _report_create(
    *, data: ReportInput, checked: list[ev.CheckedFile], channel: str, actor: User | None, key: Any
) -> SubmitResult:
    public = channel in (Report.Channel.WEB, Report.Channel.API)
    kind = _kind_for(channel=channel, identity_mode=data.identity_mode)
    # Range-check the event moment before deriving dates from it: year 0 cannot even be
    # converted to the local zone (issue 9, defect 1).
    dates.check_event_at(data.event_at)
    now = timezone.now()
    identity = (
        {}
        if data.identity_mode == Report.IdentityMode.ANONYMOUS
        else _clean_identity(data.identity)
    )
    report = Report(
        kind=kind,
        channel=channel,
        received_at=now,
        idempotency_key=key,
        election_type=data.election_type,
        event_at=data.event_at,
        event_time_known=data.event_time_known,
        learned_on=data.learned_on or timezone.localdate(data.event_at),
        discovered_on=(
            (data.learned_on or timezone.localdate(data.event_at))
            if channel == Report.Channel.TEMUAN
            else None
        ),
        event_region=data.event_region,
        region_kode=data.event_region.kode,
        place_detail=data.place_detail,
        description=data.description,
        violation_type=data.violation_type,
        identity_mode=data.identity_mode,
        identity_token=crypto.encrypt(json.dumps(identity), purpose=IDENTITY_PURPOSE)
        if identity
        else "",
        has_reporter_name=bool(identity.get("nama")),
        has_reporter_address=bool(identity.get("alamat")),
        has_reporter_contact=bool(identity.get("telepon") or identity.get("email")),
        created_by=None if public else actor,
        content_hash="0" * 64,
    )
    code = None
    if public:
        code = receipts.new_code()
        report.receipt_prefix, report.receipt_salt, report.receipt_hash = receipts.hash_code(code)
    # A placeholder until the very end: the counter row lock is held only for the last
    # statements of the transaction, so concurrent submissions barely wait on it.
    report.intake_number = f"TMP-{report.public_id.hex[:16]}"
    # Uniqueness is the database's job (and a racing duplicate is handled by the caller);
    # skipping the per-constraint SELECTs keeps intake fast.
    # The region and catalogue entry are rows the form (or API serializer) just loaded;
    # their foreign keys are enforced by the database, so no existence SELECT here.
    report.full_clean(
        exclude=["event_region", "violation_type", "created_by"],
        validate_unique=False,
        validate_constraints=False,
    )
    # Inserted first so a racing duplicate hits the unique constraint before files are stored.
    report.save()
    persons = []
    for p in data.persons:
        person = ReportedPerson(
            report=report,
            nama=p.nama.strip(),
            instansi=p.instansi,
            unit=p.unit,
            jabatan=p.jabatan.strip(),
            nip=p.nip.strip(),
            nik=p.nik.strip(),
        )
        # The report was just inserted in this transaction and the agency/unit rows were
        # loaded by the form; the database enforces those foreign keys without a SELECT.
        person.full_clean(exclude=["report", "instansi", "unit"])
        persons.append(person)
    ReportedPerson.objects.bulk_create(persons)
    items = _store_files(report=report, checked=checked, actor=actor)
    items += _store_links(report=report, links=data.links, actor=actor)
    _enqueue_after_intake(
        report_id=report.pk,
        image_ids=[e.pk for e in items if e.kind in CLEANED_KINDS],
    )
    # Numbering comes last: the counter row stays locked only for the final statements.
    report.intake_number = _intake_number(PREFIX[kind], now.year)
    report.content_hash = _content_hash(report, persons, items)
    report.save(update_fields=["intake_number", "content_hash"])
    ReportEvent.objects.create(
        report=report,
        kind=ReportEvent.Kind.STATUS,
        status=Report.Status.RECEIVED,
        is_public=True,
        text=_("Laporan diterima dengan nomor %(number)s.") % {"number": report.intake_number},
        actor=None if public else actor,
    )
    audit.record(
        actor=None if public else actor,
        action=SUBMITTED if public else RECORDED,
        target=report,
        data={"kind": kind, "channel": channel, "files": len(items)},
        anonymous=public,
    )
    return SubmitResult(report, code, True)


def evidence_add(
    *,
    report: Report,
    files: list[UploadedFile[bytes]],
    links: list[str],
    actor: User | None,
    idempotency_key: uuid.UUID | None = None,
) -> list[Evidence]:
    """Add evidence after filing (reporter through the receipt code, or a handler).
    Same checks and chain-of-custody record as at filing. A resend of the same form
    (``idempotency_key``, issue 9 defect 6) adds nothing and returns ``[]``."""
    added: list[Evidence] = []

    def add() -> Report:
        added.extend(_evidence_add(report=report, files=files, links=links, actor=actor))
        return report

    idempotency.once(idempotency_key, "reports.evidence", Report, add)
    return added


@transaction.atomic
def _evidence_add(
    *, report: Report, files: list[UploadedFile[bytes]], links: list[str], actor: User | None
) -> list[Evidence]:
    if actor is not None and not authz.has_perm(actor, Perm.REPORT_HANDLE):
        raise ValidationError(str(ReportError.NOT_ALLOWED.label))
    held = list(report.evidence.exclude(kind=Evidence.Kind.LINK).values_list("size", flat=True))
    used = sum(held)
    checked = ev.check_files(files, already=len(held))
    if used + sum(c.size for c in checked) > ev.max_report_bytes():
        raise EvidenceRejected(ReportError.REPORT_TOO_LARGE, ev.too_large_message())
    items = _store_files(report=report, checked=checked, actor=actor)
    items += _store_links(report=report, links=links, actor=actor)
    ReportEvent.objects.create(
        report=report,
        kind=ReportEvent.Kind.EVIDENCE,
        is_public=True,
        text=_("%(count)s bukti ditambahkan.") % {"count": len(items)},
        actor=actor,
    )
    audit.record(
        actor=actor,
        action=EVIDENCE_ADDED,
        target=report,
        data={"count": len(items), "sha256": [i.sha256 for i in items if i.sha256]},
        anonymous=actor is None,
    )
    if actor is None:
        enqueue_on_commit("netral.reports.tasks.notify_handlers", report.pk, "evidence")
    # Files added later get their clean copy like those sent with the report (issue 9).
    for pk in [i.pk for i in items if i.kind in CLEANED_KINDS]:
        enqueue_on_commit("netral.reports.tasks.make_shareable_copy", pk)
    return items


def evidence_make_shareable(*, evidence_id: int) -> Evidence | None:
    """Write the metadata-free copy of an image (idempotent: skips when one exists).
    The original is only read, never rewritten, so its SHA-256 stays valid."""
    item = Evidence.objects.filter(pk=evidence_id, kind__in=CLEANED_KINDS).first()
    if item is None or item.shareable:
        return item
    with _original_plain(item) as fh:
        copy, ext = (ev.pdf_clean_copy if item.kind == Evidence.Kind.PDF else ev.shareable_copy)(fh)
    name = default_storage.save(
        f"evidence/{item.report.public_id}/{item.public_id}-bersih{ext}", copy
    )
    updated = Evidence.objects.filter(pk=item.pk, shareable="").update(shareable=name)
    if not updated:
        default_storage.delete(name)  # another worker finished first
    item.refresh_from_db()
    return item


def evidence_original_opened(*, item: Evidence, actor: User) -> None:
    """Chain of custody and identity protection: an original may carry the reporter's
    name, phone model and GPS position (EXIF, PDF Info), so it opens only with the
    identity grant (``Perm.REPORT_IDENTITY``), and each opening is in the report's
    identity-access log (issue 9, defect 3; UU 27/2022 PDP)."""
    if not authz.has_perm(actor, Perm.REPORT_IDENTITY):
        raise PermissionDenied
    audit.record(
        actor=actor, action=EVIDENCE_ORIGINAL, target=item.report, data={"sha256": item.sha256}
    )


@idempotency.idempotent("reports.message_from_reporter", Message)
@transaction.atomic
def message_from_reporter(
    *, report: Report, body: str, idempotency_key: uuid.UUID | None = None
) -> Message:
    msg = Message(report=report, direction=Message.Direction.FROM_REPORTER, body=body.strip())
    msg.full_clean()
    msg.save()
    audit.record(actor=None, action=MESSAGE_IN, target=report, anonymous=True)
    enqueue_on_commit("netral.reports.tasks.notify_handlers", report.pk, "message")
    return msg


@idempotency.idempotent("reports.message_to_reporter", Message)
@transaction.atomic
def message_to_reporter(
    *, report: Report, body: str, actor: User, idempotency_key: uuid.UUID | None = None
) -> Message:
    """A handler writes to the reporter; shown on /lapor/cek/ under the office's name."""
    if not authz.has_perm(actor, Perm.REPORT_HANDLE):
        raise ValidationError(str(ReportError.NOT_ALLOWED.label))
    msg = Message(
        report=report, direction=Message.Direction.TO_REPORTER, body=body.strip(), author=actor
    )
    msg.full_clean()
    msg.save()
    audit.record(actor=actor, action=MESSAGE_OUT, target=report)
    return msg


@transaction.atomic
def messages_mark_read(*, report: Report, direction: str) -> int:
    return Message.objects.filter(report=report, direction=direction, read_at__isnull=True).update(
        read_at=timezone.now()
    )


@idempotency.idempotent("reports.triage_note", ReportEvent)
@transaction.atomic
def triage_note_add(
    *, report: Report, text: str, actor: User, idempotency_key: uuid.UUID | None = None
) -> ReportEvent:
    if not authz.has_perm(actor, Perm.REPORT_HANDLE):
        raise ValidationError(str(ReportError.NOT_ALLOWED.label))
    note = ReportEvent(report=report, kind=ReportEvent.Kind.NOTE, text=text.strip(), actor=actor)
    note.full_clean()
    note.save()
    audit.record(actor=actor, action=NOTE_ADDED, target=report)
    return note


@transaction.atomic
def person_match_confirm(
    *, person: ReportedPerson, pegawai: Pegawai | None, actor: User
) -> ReportedPerson:
    """A handler confirms (or clears, with ``pegawai=None``) the registry match of a
    reported person. Suggestions are only suggestions until this is called."""
    if not authz.has_perm(actor, Perm.REPORT_HANDLE):
        raise ValidationError(str(ReportError.NOT_ALLOWED.label))
    old = person.pegawai_id
    person.pegawai = pegawai
    person.matched_by = actor if pegawai else None
    person.full_clean()
    person.save(update_fields=["pegawai", "matched_by", "updated_at"])
    ReportEvent.objects.create(
        report=person.report,
        kind=ReportEvent.Kind.MATCH,
        text=str(pegawai) if pegawai else _("Pencocokan dibatalkan."),
        actor=actor,
    )
    audit.record(
        actor=actor,
        action=PERSON_MATCHED,
        target=person.report,
        data={"person": person.pk, "old": old, "new": pegawai.pk if pegawai else None},
    )
    return person


@transaction.atomic
def identity_reveal(*, report: Report, actor: User, reason: str) -> dict[str, str]:
    """Decrypt the reporter's identity for a handler holding the explicit
    ``Perm.REPORT_IDENTITY`` grant, after a stated reason; every view is audit-logged
    with the reason and shown to supervisors on the report page (UU 27/2022 PDP)."""
    reason = reason.strip()
    if not authz.has_perm(actor, Perm.REPORT_IDENTITY):
        raise ValidationError(str(ReportError.NOT_ALLOWED.label))
    if len(reason) < 10:
        raise ValidationError(_("Tuliskan alasan membuka identitas (minimal 10 karakter)."))
    audit.record(actor=actor, action=IDENTITY_VIEWED, target=report, data={"reason": reason})
    if not report.identity_token:
        return {}
    identity: dict[str, str] = json.loads(
        crypto.decrypt(report.identity_token, purpose=IDENTITY_PURPOSE)
    )
    return identity


class ReceiptRejected(Exception):
    def __init__(self, code: ReportError) -> None:
        self.code = code
        super().__init__(str(code.label))


def receipt_open(*, code: str, client: str) -> Report:
    """The report for a receipt code, or ``ReceiptRejected``.

    Guessing is throttled per client (hashed address, never stored): each try is counted
    *before* the code is checked, atomically, so a parallel burst gets at most the limit
    checked (issue 9, defect 9); a right code gives its try back. Lockouts are keyed by
    client only, so guesses from elsewhere never lock the reporter out. Guesses at one
    6-digit prefix are also counted globally: once a prefix has had
    ``3 × REPORT_RECEIPT_TRIES`` wrong guesses in the window it is *under attack*, and every
    client then gets only ``REPORT_RECEIPT_TRIES_UNDER_ATTACK`` tries at it — a botnet is
    slowed, the reporter (on their own address) still gets in. The 14 secret digits
    (``receipts``) make a distributed search hopeless either way. A wrong code and an
    unknown code get the same answer (no existence leak)."""
    limit, period = settings.REPORT_RECEIPT_TRIES, 600
    digits = receipts.normalise(code)
    prefix = digits[: receipts.PREFIX_DIGITS]
    tries = ratelimit.count("receipt-client", client, period=period)
    if tries > limit or (
        prefix
        and tries > settings.REPORT_RECEIPT_TRIES_UNDER_ATTACK
        and ratelimit.is_blocked("receipt-prefix", prefix, limit=limit * 3, period=period)
    ):
        raise ReceiptRejected(ReportError.RATE_LIMITED)
    if len(digits) == receipts.RECEIPT_DIGITS:
        for report in Report.objects.filter(receipt_prefix=prefix).only(
            "id", "receipt_salt", "receipt_hash"
        ):
            if receipts.verify(
                digits, salt=bytes(report.receipt_salt), expected=bytes(report.receipt_hash)
            ):
                ratelimit.refund("receipt-client", client, period=period)
                return Report.objects.get(pk=report.pk)
    if prefix:
        ratelimit.hit("receipt-prefix", prefix, limit=limit * 3, period=period)
    return _receipt_fail()


def _receipt_fail() -> Report:
    raise ReceiptRejected(ReportError.RECEIPT_INVALID)


def submit_allowed(*, client: str) -> bool:
    """Per-client submission limit (hashed client address in the cache only)."""
    return ratelimit.hit(
        "report-submit",
        client,
        limit=settings.REPORT_SUBMIT_LIMIT,
        period=settings.REPORT_SUBMIT_PERIOD,
    )


INFORMASI_TO_TEMUAN = audit.register(
    "reports.informasi.temuan", gettext_lazy("Informasi awal dijadikan temuan")
)


def informasi_to_temuan(*, report: Report, discovered_on: date, actor: User) -> Report:
    """A supervisor turns an anonymous tip (*informasi awal*, no reporting window) into a
    finding (*temuan*) whose 7 days run from their own discovery (shared/domain.md §3.1).
    Conditional UPDATE: only an *informasi* row changes."""
    with transaction.atomic():
        changed = Report.objects.filter(pk=report.pk, kind=Report.Kind.INFORMASI).update(
            kind=Report.Kind.TEMUAN, discovered_on=discovered_on, updated_at=timezone.now()
        )
        if changed != 1:
            raise InvalidTransition(ReportError.INVALID_TRANSITION)
        report.kind, report.discovered_on = Report.Kind.TEMUAN, discovered_on
        audit.record(
            actor=actor,
            action=INFORMASI_TO_TEMUAN,
            target=report,
            data={"discovered_on": discovered_on.isoformat()},
        )
    return report
