"""Pledge writes (house style §2): campaigns, stages, signing, voiding, ceremonies,
reminders and receipt archives. Views, commands, tasks and the demo call these.

Legal basis: SKB 2022 (prevention: pledge and integrity pact), PP 94/2021 Pasal 5 n,
staged signing per shared/domain.md §4 (seed 004).
"""

from __future__ import annotations

import datetime as dt
import secrets
import uuid
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from django.contrib.auth.hashers import check_password
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Exists
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from netral.core import audit, idempotency, ratelimit
from netral.core.errors import CoreError
from netral.core.models import JobProgress
from netral.core.tasks import enqueue_on_commit
from netral.pledges import ledger, pact_text, selectors
from netral.pledges.errors import InvalidTransition, PledgeError
from netral.pledges.models import (
    Campaign,
    Ceremony,
    CeremonyAttendance,
    LedgerEntry,
    PactTemplate,
    PledgeText,
    Signature,
    Stage,
)
from netral.pledges.pact_text import RenderedPact
from netral.pledges.workflow import SIGNATURE_WORKFLOW
from netral.registry.models import Instansi, Pegawai, UnitKerja

if TYPE_CHECKING:
    from netral.accounts.models import User

BAWASLU_NOTIFIED = audit.register(
    "pledges.campaign.bawaslu_notified", gettext_lazy("Tanggal pemberitahuan ke Bawaslu dicatat")
)
CAMPAIGN_CREATED = audit.register("pledges.campaign.created", gettext_lazy("Kampanye ikrar dibuat"))
audit.register_target_url("pledges.campaign", "pledges:campaign")
STAGE_ADDED = audit.register(
    "pledges.stage.added", gettext_lazy("Tahap penandatanganan ditambahkan")
)
PACT_SIGNED = audit.register("pledges.pact.signed", gettext_lazy("Pakta integritas ditandatangani"))
PACT_CONFIRM_FAILED = audit.register(
    "pledges.pact.confirm_failed", gettext_lazy("Konfirmasi tanda tangan pakta gagal")
)
CEREMONY_RECORDED = audit.register("pledges.ceremony.recorded", gettext_lazy("Apel ikrar dicatat"))
ATTENDANCE_MARKED = audit.register(
    "pledges.ceremony.attendance", gettext_lazy("Kehadiran apel ikrar dicatat")
)
REMINDERS_QUEUED = audit.register(
    "pledges.reminders.queued", gettext_lazy("Pengingat penandatanganan dikirim")
)
RECEIPTS_EXPORTED = audit.register(
    "pledges.receipts.exported", gettext_lazy("Arsip tanda terima pakta diunduh")
)

# Verification codes: 16 symbols from an alphabet without look-alikes (0/O, 1/I/L, U):
# 30^16 ≈ 2^78, far beyond guessing through a rate-limited endpoint.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTVWXYZ23456789"
CODE_LENGTH = 16
CONFIRM_LIMIT, CONFIRM_PERIOD = 5, 900


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalise_code(raw: str) -> str:
    """Accept the grouped form, lower case and stray spaces ("abcd-efgh …")."""
    return "".join(ch for ch in raw.upper() if ch.isalnum())[:32]


# --- campaigns and stages ----------------------------------------------------------------


@idempotency.idempotent("pledges.campaign", Campaign)
@transaction.atomic
def campaign_create(
    *,
    instansi: Instansi,
    election: Any,
    nama: str,
    place: str,
    pledge_text: PledgeText,
    pact_template: PactTemplate,
    actor: User,
    bawaslu_notified_on: dt.date | None = None,
    late_policy: str = Campaign.LatePolicy.RECORD,
    idempotency_key: uuid.UUID | None = None,
) -> Campaign:
    """Create a draft campaign pointing at the exact text and template versions."""
    campaign = Campaign(
        late_policy=late_policy,
        instansi=instansi,
        election=election,
        nama=nama,
        place=place,
        pledge_text=pledge_text,
        pact_template=pact_template,
        bawaslu_notified_on=bawaslu_notified_on,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    campaign.full_clean()
    campaign.save()
    audit.record(actor=actor, action=CAMPAIGN_CREATED, target=campaign, data={"nama": nama})
    return campaign


@transaction.atomic
def campaign_bawaslu_notified(*, campaign: Campaign, on: dt.date, actor: User) -> Campaign:
    """Record the day Bawaslu was told how signing is organised (seed 004; the outreach
    app's signing plan notice calls this when it sends one)."""
    old = campaign.bawaslu_notified_on
    campaign.bawaslu_notified_on = on
    campaign.full_clean()
    campaign.save(update_fields=["bawaslu_notified_on", "updated_at"])
    audit.record(
        actor=actor,
        action=BAWASLU_NOTIFIED,
        target=campaign,
        data={"old": old.isoformat() if old else None, "new": on.isoformat()},
    )
    return campaign


@transaction.atomic
def stage_add(
    *,
    campaign: Campaign,
    nama: str,
    deadline: dt.date,
    actor: User | None,
    tingkat_jabatan: list[str] | None = None,
    jenis_pegawai: list[str] | None = None,
    unit: UnitKerja | None = None,
    opd_level_only: bool = False,
    explicit_pegawai: list[Pegawai] | None = None,
    open_rule: str = Stage.OpenRule.DATE,
    opens_on: dt.date | None = None,
    threshold_percent: int | None = None,
    idempotency_key: Any = None,
) -> Stage:
    """Append a stage to a campaign that is not closed. The first stage cannot wait for
    a previous one, so it must open on a date.

    Double submits and parallel adds (issue 9, defect 6): the campaign row is locked
    first, so adds to one campaign run one after the other and each reads the order
    the previous one wrote; a second call with the same ``idempotency_key`` returns the
    first stage (also guarded by the ``stage_idempotency_unique`` constraint)."""
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    if idempotency_key is not None:
        existing = Stage.objects.filter(campaign=campaign, idempotency_key=idempotency_key).first()
        if existing is not None:
            return existing
    if campaign.status == Campaign.Status.CLOSED:
        raise InvalidTransition(PledgeError.CAMPAIGN_NOT_ACTIVE)
    order = (campaign.stages.order_by("-order").values_list("order", flat=True).first() or 0) + 1
    if open_rule == Stage.OpenRule.THRESHOLD and order == 1:
        raise ValidationError({"open_rule": _("Tahap pertama harus dibuka pada tanggal tertentu.")})
    if unit is not None and unit.instansi_id != campaign.instansi_id:
        raise ValidationError({"unit": _("Unit kerja bukan milik instansi kampanye ini.")})
    stage = Stage(
        campaign=campaign,
        order=order,
        nama=nama,
        tingkat_jabatan=sorted(set(tingkat_jabatan or [])),
        jenis_pegawai=sorted(set(jenis_pegawai or [])),
        unit=unit,
        opd_level_only=opd_level_only,
        uses_explicit_list=bool(explicit_pegawai),
        open_rule=open_rule,
        opens_on=opens_on if open_rule == Stage.OpenRule.DATE else None,
        threshold_percent=threshold_percent if open_rule == Stage.OpenRule.THRESHOLD else None,
        deadline=deadline,
        idempotency_key=idempotency_key,
    )
    stage.full_clean()
    stage.save()
    if explicit_pegawai:
        if any(p.instansi_id != campaign.instansi_id for p in explicit_pegawai):
            raise ValidationError(
                {"explicit_pegawai": _("Semua pegawai harus dari instansi kampanye ini.")}
            )
        stage.explicit_pegawai.set(explicit_pegawai)
    audit.record(actor=actor, action=STAGE_ADDED, target=stage, data={"order": order})
    if campaign.status == Campaign.Status.ACTIVE:
        from netral.pledges import workflow

        transaction.on_commit(lambda: workflow.stages_open_due(campaign_id=campaign.pk))
    return stage


# --- the text an employee reads and signs ---------------------------------------------------


def pact_render(*, campaign: Campaign, pegawai: Pegawai) -> RenderedPact:
    """Render the campaign's pact for ``pegawai`` (``pact_text``: the same renderer prints
    the receipt)."""
    return pact_text.for_pegawai(campaign=campaign, pegawai=pegawai)


# --- signing ------------------------------------------------------------------------------


def confirm_identity(*, user: Any, secret: str) -> str | None:
    """Check the signer's confirmation: a 6-digit code from their TOTP device when they
    have one, otherwise (or else) their password. Returns the method, or None. Failures
    are rate-limited like logins, so the form cannot be used to guess passwords."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from netral.accounts.services import totp_confirmed_device

    ident = str(user.pk)
    # Counted before the check, atomically (issue 9, defect 9); a success gives it back.
    if not ratelimit.hit("pledge-confirm", ident, limit=CONFIRM_LIMIT, period=CONFIRM_PERIOD):
        return None
    secret = secret.strip()
    method = None
    if secret.isdigit() and len(secret) == 6:
        # The device django-otp loaded for this session, else the user's confirmed one.
        # A device from the identity snapshot (accounts.identity) holds no secret or
        # counters: the check reads the row afresh.
        device = getattr(user, "otp_device", None)
        if (
            not isinstance(device, TOTPDevice)
            or not device.confirmed
            or device.get_deferred_fields()
        ):
            device = totp_confirmed_device(user)
        if device is not None and device.verify_is_allowed()[0] and device.verify_token(secret):
            method = Signature.Method.TOTP
    if method is None and check_password(secret, user.password):
        method = Signature.Method.PASSWORD
    if method is None:
        audit.record(actor=user, action=PACT_CONFIRM_FAILED, target=user)
        return None
    ratelimit.refund("pledge-confirm", ident, period=CONFIRM_PERIOD)
    return method


def _payload(
    *,
    signature: Signature,
    campaign: Campaign,
    stage: Stage,
    pegawai: Pegawai,
) -> dict[str, Any]:
    """The canonical record that is signed: who (id, NIP — or NIK for non-ASN only, data
    minimisation per UU 27/2022), where, which campaign and text, when."""
    return {
        "type": "pledge.sign",
        "v": 1,
        "code": signature.code,
        "time": signature.signed_at.astimezone(dt.UTC).isoformat(timespec="microseconds"),
        "method": signature.method,
        "campaign": {
            "id": campaign.pk,
            "nama": campaign.nama,
            "instansi": campaign.instansi.kode,
            "election": campaign.election.kode,
            "stage": stage.order,
        },
        "pegawai": {
            "id": pegawai.pk,
            "nip": pegawai.nip,
            "nik": None if pegawai.nip else pegawai.nik,
            "nama": pegawai.nama,
            "jenis": pegawai.jenis_pegawai,
            "jabatan": pegawai.jabatan,
            "unit_id": pegawai.unit_id,
            "unit": pegawai.unit.full_name,
        },
        "text": {
            "pledge_text_id": campaign.pledge_text_id,
            "pact_template_id": campaign.pact_template_id,
            "sha256": signature.text_sha256,
        },
    }


def pact_sign(
    *,
    campaign: Campaign,
    pegawai: Pegawai,
    actor: User | None,
    method: str,
    text_sha256: str | None = None,
    now: dt.datetime | None = None,
) -> tuple[Signature, bool]:
    """Sign ``campaign``'s pact for ``pegawai`` (identity already confirmed by the caller
    through ``confirm_identity``). Returns ``(signature, created)``: a double submit, or a
    concurrent one, returns the existing live signature instead of a second one.

    Guards: the campaign is active, an open stage includes the employee, and the text
    hash the employee saw (``text_sha256``) is still the current rendering. Within one
    transaction: the audit entry, then the ledger append (which holds the head lock until
    commit, so it goes last), then the signature row; the unique constraint on live
    signatures turns a lost race into ``created=False``.
    """
    # One query for every stage (the open one the employee belongs to, and which stages
    # still wait to be opened) that also tells whether a live signature exists already.
    live = Signature.objects.filter(campaign=campaign, pegawai=pegawai, void_entry__isnull=True)
    stages = list(
        campaign.stages.select_related("unit")
        .annotate(already_signed=Exists(live))
        .order_by("order")
    )
    if stages and stages[0].already_signed:
        existing = live.first()
        if existing is not None:
            return existing, False
    if campaign.status != Campaign.Status.ACTIVE:
        raise InvalidTransition(PledgeError.CAMPAIGN_NOT_ACTIVE)
    today = timezone.localdate()
    stage = next(
        (
            s
            for s in stages
            if selectors.stage_is_open(s, campaign=campaign, today=today)
            and selectors.in_audience(stage=s, pegawai=pegawai)
        ),
        None,
    )
    if stage is None:
        raise InvalidTransition(PledgeError.NOT_IN_AUDIENCE)
    if stage.status == Stage.Status.PLANNED:
        # Its date has come before the sweep: the write path opens it (never a page view).
        from netral.pledges import workflow

        workflow.stage_open(stage=stage, actor=None, reason="date")
        stage.status = Stage.Status.OPEN
    now = now or timezone.now()
    # Issue 11 item 7: after the stage's deadline a signature is recorded as late, or
    # refused when the campaign says so.
    late = timezone.localdate(now) > stage.deadline
    if late and campaign.late_policy == Campaign.LatePolicy.REFUSE:
        raise InvalidTransition(PledgeError.STAGE_PAST_DEADLINE, deadline=stage.deadline)
    rendered = pact_render(campaign=campaign, pegawai=pegawai)
    if text_sha256 is not None and text_sha256 != rendered.sha256:
        raise InvalidTransition(PledgeError.TEXT_CHANGED)
    signature = Signature(
        campaign=campaign,
        stage=stage,
        pegawai=pegawai,
        code=new_code(),
        pledge_text_id=campaign.pledge_text_id,
        pact_template_id=campaign.pact_template_id,
        text_sha256=rendered.sha256,
        signed_at=now,
        late=late,
        method=method,
        nama=pegawai.nama,
        identifier=pegawai.identifier,
        jabatan=pegawai.jabatan,
        unit_name=pegawai.unit.full_name,
        unit_path=pegawai.unit_path,
        jenis_pegawai=pegawai.jenis_pegawai,
    )
    payload = _payload(signature=signature, campaign=campaign, stage=stage, pegawai=pegawai)
    try:
        with transaction.atomic():
            audit.record(
                actor=actor,
                action=PACT_SIGNED,
                target=campaign,
                data={
                    "pegawai_id": pegawai.pk,
                    "stage": stage.order,
                    "method": method,
                    **({"late": True} if late else {}),
                },
            )
            signature.entry = ledger.append(
                kind=LedgerEntry.Kind.SIGN, payload=payload, instansi_id=campaign.instansi_id
            )
            signature.save(force_insert=True)
    except IntegrityError:
        existing = Signature.objects.filter(
            campaign=campaign, pegawai=pegawai, void_entry__isnull=True
        ).first()
        if existing is None:
            raise
        return existing, False
    # Threshold recounts compare positions in the agency's log (workflow.stages_open_due).
    position = signature.entry.position
    if _opening_may_be_due(stages=stages, signed_seq=position, today=today):
        _after_signature(campaign_id=campaign.pk, signed_seq=position)
    return signature, True


def _opening_may_be_due(*, stages: Sequence[Stage], signed_seq: int, today: dt.date) -> bool:
    """Whether a planned stage may open now: its date has come, or it waits for a
    threshold this signature may have reached (``workflow.recount_needed``)."""
    from netral.pledges import workflow

    for s in stages:
        if s.status != Stage.Status.PLANNED:
            continue
        if s.open_rule == Stage.OpenRule.DATE:
            if s.opens_on is not None and s.opens_on <= today:
                return True
        elif workflow.recount_needed(stage=s, signed_seq=signed_seq):
            return True
    return False


def _after_signature(*, campaign_id: int, signed_seq: int) -> None:
    """Check the automatic opening of the next stage once the signature is committed."""
    from netral.pledges import workflow

    transaction.on_commit(
        lambda: workflow.stages_open_due(
            campaign_id=campaign_id, after_signature=True, signed_seq=signed_seq
        )
    )


def signature_void(*, signature: Signature, reason: str, actor: User | None) -> Signature:
    """Void a wrong signature by appending a VOID ledger entry that names it; the
    original entry is never edited. The employee may then sign again. The row moves
    LIVE → VOID through ``workflow.SIGNATURE_WORKFLOW`` (conditional UPDATE, audit entry
    ``SIGNATURE_VOIDED``); a second void, even a concurrent one, raises ``ALREADY_VOID``."""
    reason = reason.strip()
    if len(reason) < 10:
        raise ValidationError({"reason": _("Tuliskan alasan pembatalan (minimal 10 karakter).")})
    with transaction.atomic():
        if (
            signature.void_entry_id
            or signature.status == Signature.Status.VOID
            or Signature.objects.filter(pk=signature.pk, status=Signature.Status.VOID).exists()
        ):
            raise InvalidTransition(PledgeError.ALREADY_VOID)
        entry = ledger.append(
            instansi_id=signature.campaign.instansi_id,
            kind=LedgerEntry.Kind.VOID,
            payload={
                "type": "pledge.void",
                "v": 1,
                "voids_seq": signature.entry_id,
                "voids_entry_hash": signature.entry.entry_hash,
                "code": signature.code,
                "reason": reason,
                "by": actor.get_username() if actor is not None and actor.is_authenticated else "",
                "time": timezone.now().astimezone(dt.UTC).isoformat(timespec="microseconds"),
            },
        )
        try:
            SIGNATURE_WORKFLOW.apply(
                signature,
                "void",
                actor=actor,
                fields={"void_entry": entry, "reason": reason},
                updates={"void_entry": entry},
                audit_data={"reason": reason},
            )
        except InvalidTransition as exc:
            # Another request voided it between the check and the UPDATE: the ledger
            # entry rolls back with this transaction.
            if exc.code_value in _LOST_RACE:
                raise InvalidTransition(PledgeError.ALREADY_VOID) from exc
            raise
    return signature


_LOST_RACE = {CoreError.INVALID_TRANSITION.value, CoreError.STALE_STATE.value}


# --- ceremonies ----------------------------------------------------------------------------


@idempotency.idempotent("pledges.ceremony", Ceremony)
@transaction.atomic
def ceremony_record(
    *,
    campaign: Campaign,
    held_on: dt.date,
    place: str,
    leader: str,
    actor: User,
    notes: str = "",
    idempotency_key: uuid.UUID | None = None,
) -> Ceremony:
    """Record a pledge ceremony (*apel ikrar*, shared/domain.md §4)."""
    ceremony = Ceremony(campaign=campaign, held_on=held_on, place=place, leader=leader, notes=notes)
    ceremony.full_clean()
    ceremony.save()
    audit.record(actor=actor, action=CEREMONY_RECORDED, target=ceremony)
    return ceremony


@transaction.atomic
def ceremony_mark(*, ceremony: Ceremony, pegawai_ids: list[int], actor: User) -> int:
    """Mark attendees in bulk; only active employees of the campaign's agency count,
    and marking someone twice is a no-op. Returns how many were newly marked."""
    valid = list(
        Pegawai.objects.filter(
            pk__in=pegawai_ids, instansi_id=ceremony.campaign.instansi_id, is_active=True
        ).values_list("pk", flat=True)
    )
    already = set(
        CeremonyAttendance.objects.filter(ceremony=ceremony, pegawai_id__in=valid).values_list(
            "pegawai_id", flat=True
        )
    )
    rows = [
        CeremonyAttendance(ceremony=ceremony, pegawai_id=pk) for pk in valid if pk not in already
    ]
    CeremonyAttendance.objects.bulk_create(rows, ignore_conflicts=True)
    if rows:
        audit.record(
            actor=actor, action=ATTENDANCE_MARKED, target=ceremony, data={"added": len(rows)}
        )
    return len(rows)


def ceremony_mark_nips(*, ceremony: Ceremony, text: str, actor: User) -> tuple[int, list[str]]:
    """Mark attendees from a pasted or uploaded list of NIPs/NIKs (any separators).
    Returns (newly marked, identifiers not found in the agency)."""
    import re

    idents = list(dict.fromkeys(re.findall(r"\d{16,18}", text)))
    found = dict(
        Pegawai.objects.filter(
            instansi_id=ceremony.campaign.instansi_id, nip__in=idents
        ).values_list("nip", "pk")
    )
    found.update(
        Pegawai.objects.filter(
            instansi_id=ceremony.campaign.instansi_id, nik__in=idents, nip__isnull=True
        ).values_list("nik", "pk")
    )
    added = ceremony_mark(ceremony=ceremony, pegawai_ids=list(found.values()), actor=actor)
    return added, [i for i in idents if i not in found]


# --- reminders and receipt archives ----------------------------------------------------------


def reminders_queue(
    *, campaign: Campaign, user: Any, unit: UnitKerja | None = None
) -> selectors.ReminderAudience:
    """Queue reminder e-mails to unsigned employees of open stages (in the user's scope).
    The task sends them after commit. Returns who was reached and who could not be (no
    e-mail address, or no open stage), so the page can say why (issue 11 item 8)."""
    reach = selectors.reminder_audience(campaign=campaign, user=user, unit=unit)
    ids = list(
        selectors.reminder_recipients(campaign=campaign, user=user, unit=unit).values_list(
            "pk", flat=True
        )
    )
    with transaction.atomic():
        audit.record(
            actor=user,
            action=REMINDERS_QUEUED,
            target=campaign,
            data={
                "count": len(ids),
                "without_email": reach.without_email,
                "unit_id": unit.pk if unit else None,
            },
        )
        if ids:
            enqueue_on_commit(
                "netral.pledges.tasks.send_reminders", campaign_id=campaign.pk, pegawai_ids=ids
            )
    return selectors.ReminderAudience(
        open_stages=reach.open_stages, with_email=len(ids), without_email=reach.without_email
    )


def reminders_deliver(*, campaign: Campaign, pegawai_ids: list[int]) -> int:
    """Send the reminder e-mails (SMTP from settings), in batches on one connection."""
    from django.conf import settings
    from django.core.mail import EmailMessage, mailers

    url = f"{settings.SITE_URL}/ikrar/"
    sent = 0
    with mailers.default as conn:
        batch: list[EmailMessage] = []
        for p in Pegawai.objects.filter(pk__in=pegawai_ids).exclude(email="").order_by("pk"):
            with translation.override("id"):
                subject = _("Pengingat: tanda tangani pakta integritas netralitas ASN")
                body = _(
                    "Yth. %(nama)s,\n\nAnda belum menandatangani pakta integritas pada "
                    "kampanye %(kampanye)s. Silakan masuk ke Netral, baca ikrar netralitas, "
                    "lalu tanda tangani di %(url)s.\n\nTerima kasih."
                ) % {"nama": p.nama, "kampanye": campaign.nama, "url": url}
            batch.append(EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [p.email]))
            if len(batch) >= 100:
                sent += conn.send_messages(batch) or 0
                batch = []
        if batch:
            sent += conn.send_messages(batch) or 0
    return sent


@idempotency.idempotent("pledges.receipts_zip", JobProgress)
def receipts_export_start(
    *,
    campaign: Campaign,
    unit: UnitKerja | None,
    user: Any,
    idempotency_key: uuid.UUID | None = None,
) -> Any:
    """Create the progress row for a receipts ZIP and queue its build after commit."""
    from netral.core.models import JobProgress

    qs = selectors.signatures_visible_to(user=user).filter(
        campaign=campaign, void_entry__isnull=True
    )
    if unit is not None:
        qs = qs.filter(unit_path__startswith=unit.path)
    ids = list(qs.order_by("unit_path", "nama").values_list("pk", flat=True))
    with transaction.atomic():
        job = JobProgress.objects.create(
            kind="pledges.receipts_zip",
            owner=user,
            total=len(ids),
            result={"campaign_id": campaign.pk, "unit_id": unit.pk if unit else None},
        )
        audit.record(
            actor=user,
            action=RECEIPTS_EXPORTED,
            target=campaign,
            data={"count": len(ids), "job": job.pk},
        )
        enqueue_on_commit(
            "netral.pledges.tasks.build_receipts_zip", job_id=job.pk, signature_ids=ids
        )
    return job


def receipts_zip_build(*, job_id: int, signature_ids: list[int]) -> None:
    """Build the ZIP in a temporary file, then store it through the storage API (the
    filesystem or S3-compatible object storage, issue 15 item 4), updating the job's
    progress every few files."""
    import tempfile
    import zipfile

    from django.core.files import File
    from django.core.files.storage import default_storage

    from netral.core.models import JobProgress
    from netral.pledges.receipts import receipt_pdf

    JobProgress.objects.filter(pk=job_id).update(status=JobProgress.Status.RUNNING)
    name = f"pledges/exports/tanda-terima-{job_id}-{secrets.token_hex(8)}.zip"
    try:
        with tempfile.TemporaryFile() as tmp:
            with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as zf:
                signatures = Signature.objects.select_related(
                    "campaign", "campaign__instansi", "campaign__election", "pact_template", "entry"
                ).filter(pk__in=signature_ids)
                for done, sig in enumerate(
                    signatures.order_by("unit_path", "nama", "pk").iterator(), 1
                ):
                    zf.writestr(f"{sig.identifier}-{sig.code}.pdf", receipt_pdf(sig))
                    if done % 10 == 0 or done == len(signature_ids):
                        JobProgress.objects.filter(pk=job_id).update(done=done)
            tmp.seek(0)
            name = default_storage.save(name, File(tmp))
        JobProgress.objects.filter(pk=job_id).update(
            status=JobProgress.Status.DONE,
            done=len(signature_ids),
            result={"path": name},
        )
    except Exception as exc:
        JobProgress.objects.filter(pk=job_id).update(
            status=JobProgress.Status.FAILED, message=str(exc)[:500]
        )
        raise


# --- ledger transparency (issue 15) ---------------------------------------------------------


def receipt_proof_check(pdf: bytes) -> Any:
    """Check a receipt PDF's embedded ledger proof as an outside verifier would
    (``proof.verify_bundle``) against the checkpoint this installation publishes now for
    the same log, with the consistency proof between the two. Returns the
    ``ProofResult``; a PDF without a proof gives a result with that problem."""
    from netral.pledges import proof
    from netral.pledges.models import LedgerCheckpoint, LedgerLog

    try:
        bundle = proof.bundle_from_pdf(pdf)
    except Exception as exc:  # any unreadable upload is "no proof", never a 500
        return proof.ProofResult(ok=False, problems=[f"no readable proof: {exc}"])
    log = LedgerLog.objects.filter(origin=str(bundle.get("origin", ""))).first()
    published: list[str] = []
    consistency = None
    if log is not None:
        latest = LedgerCheckpoint.objects.filter(log=log).order_by("-tree_size").first()
        if latest is not None:
            published = [latest.note]
            try:
                from netral.core import checkpoint as cp

                own, _b, _s = cp.parse(str(bundle["checkpoint"]))
                small, big = sorted((own.size, latest.tree_size))
                if 0 < small < big <= log.size:
                    consistency = ledger.consistency_proof(log, small, big)
            except (KeyError, ValueError):
                pass
    return proof.verify_bundle(
        bundle, verifier_key=ledger.verifier_key(), published=published, consistency=consistency
    )
