"""Outreach writes (house style §2): circulars, acknowledgements, reminders.

Legal basis: SKB 2022 (prevention through socialisation and instruction of neutrality,
shared/domain.md §2); seeds 000 (the regional head's instruction letter) and 001.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import uuid
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from netral.core import audit, idempotency
from netral.core.tasks import enqueue_on_commit
from netral.outreach import selectors
from netral.outreach.errors import InvalidTransition, OutreachError
from netral.outreach.models import Acknowledgement, Attendance, Circular, Event, SigningPlanNotice
from netral.registry.models import Instansi, Pegawai, UnitKerja

if TYPE_CHECKING:
    from netral.accounts.models import User

CIRCULAR_CREATED = audit.register("outreach.circular.created", gettext_lazy("Edaran dibuat"))
CIRCULAR_ACKNOWLEDGED = audit.register(
    "outreach.circular.acknowledged", gettext_lazy("Edaran ditandai telah dibaca")
)
CIRCULAR_REMINDED = audit.register(
    "outreach.circular.reminded", gettext_lazy("Pengingat edaran dikirim")
)

PDF_MAX_BYTES = 10 * 1024 * 1024


def pdf_checked(
    file: UploadedFile[bytes] | None, *, field: str
) -> tuple[ContentFile[bytes] | None, str]:
    """Read an uploaded PDF (checked by its leading bytes and size, never its name) into
    a file with a random name; returns (file, sha256) or (None, "")."""
    if file is None:
        return None, ""
    if file.size is not None and file.size > PDF_MAX_BYTES:
        raise ValidationError({field: _("Berkas terlalu besar (maksimal 10 MB).")})
    data = file.read()
    if not data.startswith(b"%PDF-"):
        raise ValidationError({field: _("Berkas harus berupa PDF.")})
    return ContentFile(data, name=f"{uuid.uuid4().hex}.pdf"), hashlib.sha256(data).hexdigest()


def _check_units(units: list[UnitKerja], instansi: Instansi) -> None:
    if any(u.instansi_id != instansi.pk for u in units):
        raise ValidationError({"units": _("Unit kerja bukan milik instansi ini.")})


def circular_create(
    *,
    instansi: Instansi,
    jenis: str,
    nomor: str,
    tanggal: dt.date,
    penandatangan: str,
    jabatan_penandatangan: str,
    perihal: str,
    actor: User,
    isi: str = "",
    berkas: UploadedFile[bytes] | None = None,
    dasar_hukum: str = "",
    batas_konfirmasi: dt.date | None = None,
    tingkat_jabatan: list[str] | None = None,
    jenis_pegawai: list[str] | None = None,
    units: list[UnitKerja] | None = None,
    opd_level_only: bool = False,
) -> Circular:
    """Create a draft circular addressed to an audience (the rule of pledge stages). The
    letter number is unique in the agency, so a double submit creates one circular and
    the second gets a clear error."""
    units = list(units or [])
    _check_units(units, instansi)
    pdf, sha = pdf_checked(berkas, field="berkas")
    circular = Circular(
        instansi=instansi,
        jenis=jenis,
        nomor=nomor.strip(),
        tanggal=tanggal,
        penandatangan=penandatangan.strip(),
        jabatan_penandatangan=jabatan_penandatangan.strip(),
        perihal=perihal.strip(),
        isi=isi.strip(),
        berkas_sha256=sha,
        batas_konfirmasi=batas_konfirmasi,
        tingkat_jabatan=sorted(set(tingkat_jabatan or [])),
        jenis_pegawai=sorted(set(jenis_pegawai or [])),
        opd_level_only=opd_level_only,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    if dasar_hukum.strip():
        circular.dasar_hukum = dasar_hukum.strip()
    if batas_konfirmasi is not None and batas_konfirmasi < tanggal:
        raise ValidationError(
            {"batas_konfirmasi": _("Batas tanda telah membaca tidak boleh sebelum tanggal surat.")}
        )
    circular.full_clean(exclude=["berkas"], validate_unique=False, validate_constraints=False)
    try:
        with transaction.atomic():
            if pdf is not None:
                circular.berkas.save(pdf.name or "surat.pdf", pdf, save=False)
            circular.save()
            circular.units.set(units)
            audit.record(
                actor=actor,
                action=CIRCULAR_CREATED,
                target=circular,
                data={"nomor": circular.nomor, "units": [u.pk for u in units]},
            )
    except IntegrityError:
        if circular.berkas:
            circular.berkas.delete(save=False)
        raise ValidationError(
            {"nomor": _("Nomor surat ini sudah dipakai oleh edaran lain di instansi ini.")}
        ) from None
    return circular


def circular_acknowledge(
    *, circular: Circular, pegawai: Pegawai, actor: User | None, now: dt.datetime | None = None
) -> tuple[Acknowledgement, bool]:
    """Record that ``pegawai`` has read ``circular`` (*telah membaca*). Returns
    ``(acknowledgement, created)``: a double tap, or two at once, give one record (the
    ``ack_once`` constraint decides a race). Only a published circular addressed to the
    employee can be acknowledged."""
    existing = Acknowledgement.objects.filter(circular=circular, pegawai=pegawai).first()
    if existing is not None:
        return existing, False
    if circular.status != Circular.Status.PUBLISHED:
        raise InvalidTransition(OutreachError.NOT_PUBLISHED)
    if not selectors.circular_audience(circular).includes(pegawai):
        raise InvalidTransition(OutreachError.NOT_ADDRESSED)
    ack = Acknowledgement(
        circular=circular,
        pegawai=pegawai,
        acknowledged_at=now or timezone.now(),
        actor=actor if getattr(actor, "is_authenticated", False) else None,
    )
    try:
        with transaction.atomic():
            ack.save(force_insert=True)
            audit.record(
                actor=actor,
                action=CIRCULAR_ACKNOWLEDGED,
                target=circular,
                data={"pegawai_id": pegawai.pk},
            )
    except IntegrityError:
        existing = Acknowledgement.objects.filter(circular=circular, pegawai=pegawai).first()
        if existing is None:
            raise
        return existing, False
    return ack, True


def circular_reminders_queue(
    *, circular: Circular, user: Any, unit: UnitKerja | None = None
) -> int:
    """E-mail the addressees in the user's scope (optionally one unit) who have not
    acknowledged a published circular; the task sends after commit. Returns the count."""
    if circular.status != Circular.Status.PUBLISHED:
        raise InvalidTransition(OutreachError.NOT_PUBLISHED)
    ids = list(
        selectors.circular_pending(circular=circular, user=user, unit=unit)
        .exclude(email="")
        .values_list("pk", flat=True)
    )
    with transaction.atomic():
        audit.record(
            actor=user,
            action=CIRCULAR_REMINDED,
            target=circular,
            data={"count": len(ids), "unit_id": unit.pk if unit else None},
        )
        if ids:
            enqueue_on_commit(
                "netral.outreach.tasks.send_circular",
                circular_id=circular.pk,
                pegawai_ids=ids,
                reminder=True,
            )
    return len(ids)


def circular_mail_deliver(
    *, circular_id: int, pegawai_ids: list[int] | None = None, reminder: bool = False
) -> int:
    """Send the circular's notice (or reminder) to addressees with an e-mail address, in
    batches of 100 on one SMTP connection. ``pegawai_ids`` None: every addressee."""
    from django.core.mail import EmailMessage, mailers

    circular = Circular.objects.select_related("instansi").get(pk=circular_id)
    if circular.status != Circular.Status.PUBLISHED:
        return 0
    people = selectors.circular_addressees(circular).exclude(email="")
    if pegawai_ids is not None:
        people = people.filter(pk__in=pegawai_ids)
    url = f"{settings.SITE_URL}/sosialisasi/edaran/{circular.pk}/"
    sent = 0
    with mailers.default as conn:
        batch: list[EmailMessage] = []
        for p in people.order_by("pk").iterator():
            with translation.override("id"):
                subject = (
                    _("Pengingat: %(perihal)s") if reminder else _("%(jenis)s: %(perihal)s")
                ) % {"jenis": circular.get_jenis_display(), "perihal": circular.perihal}
                body = _(
                    "Yth. %(nama)s,\n\n%(jenis)s nomor %(nomor)s tentang %(perihal)s telah "
                    "diterbitkan untuk Anda. Silakan baca lalu tandai telah membaca di "
                    "%(url)s.\n\nDasar: %(dasar)s.\n\nTerima kasih."
                ) % {
                    "nama": p.nama,
                    "jenis": circular.get_jenis_display(),
                    "nomor": circular.nomor,
                    "perihal": circular.perihal,
                    "url": url,
                    "dasar": circular.dasar_hukum,
                }
            batch.append(EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [p.email]))
            if len(batch) >= 100:
                sent += conn.send_messages(batch) or 0
                batch = []
        if batch:
            sent += conn.send_messages(batch) or 0
    return sent


# --- events -----------------------------------------------------------------------------

EVENT_CREATED = audit.register(
    "outreach.event.created", gettext_lazy("Kegiatan sosialisasi dibuat")
)
ATTENDANCE_RECORDED = audit.register(
    "outreach.event.attendance", gettext_lazy("Kehadiran kegiatan sosialisasi dicatat")
)

# The QR shown at the venue changes every QR_WINDOW seconds; a code stays valid for the
# current and the previous window, so a slow phone or login still succeeds but a photo
# of the code sent to someone at home stops working within minutes.
QR_WINDOW = 120
CHECKIN_OPENS_BEFORE = dt.timedelta(hours=1)
CHECKIN_CLOSES_AFTER = dt.timedelta(hours=1)


@idempotency.idempotent("outreach.event", Event)
def event_create(
    *,
    instansi: Instansi,
    jenis: str,
    judul: str,
    penyelenggara: str,
    tempat: str,
    mulai: dt.datetime,
    selesai: dt.datetime,
    actor: User,
    tema: str = "",
    narasumber: str = "",
    materi: UploadedFile[bytes] | None = None,
    pembacaan_ikrar: bool = False,
    campaign: Any = None,
    dasar_hukum: str = "",
    tingkat_jabatan: list[str] | None = None,
    jenis_pegawai: list[str] | None = None,
    units: list[UnitKerja] | None = None,
    opd_level_only: bool = False,
    idempotency_key: uuid.UUID | None = None,
) -> Event:
    """Create a draft event inviting an audience (the rule of pledge stages). An event
    that includes the pledge reading may link the agency's pledge campaign."""
    import secrets

    units = list(units or [])
    _check_units(units, instansi)
    if selesai <= mulai:
        raise ValidationError({"selesai": _("Waktu selesai harus setelah waktu mulai.")})
    if campaign is not None and campaign.instansi_id != instansi.pk:
        raise ValidationError({"campaign": _("Kampanye ikrar bukan milik instansi ini.")})
    pdf, sha = pdf_checked(materi, field="materi")
    event = Event(
        instansi=instansi,
        jenis=jenis,
        judul=judul.strip(),
        tema=tema.strip(),
        penyelenggara=penyelenggara.strip(),
        narasumber=narasumber.strip(),
        tempat=tempat.strip(),
        mulai=mulai,
        selesai=selesai,
        materi_sha256=sha,
        pembacaan_ikrar=pembacaan_ikrar or campaign is not None,
        campaign=campaign,
        tingkat_jabatan=sorted(set(tingkat_jabatan or [])),
        jenis_pegawai=sorted(set(jenis_pegawai or [])),
        opd_level_only=opd_level_only,
        checkin_secret=secrets.token_hex(16),
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    if dasar_hukum.strip():
        event.dasar_hukum = dasar_hukum.strip()
    event.full_clean(exclude=["materi"])
    with transaction.atomic():
        if pdf is not None:
            event.materi.save(pdf.name or "materi.pdf", pdf, save=False)
        event.save()
        event.units.set(units)
        audit.record(actor=actor, action=EVENT_CREATED, target=event, data={"judul": event.judul})
    return event


def checkin_token(event: Event, *, window: int) -> str:
    """The code in the venue's QR for one time window (HMAC of the event's secret)."""
    from django.utils.crypto import salted_hmac

    value = f"{event.pk}:{event.checkin_secret}:{window}"
    return salted_hmac("netral.outreach.checkin", value).hexdigest()[:20]


def current_checkin_token(event: Event, *, now: dt.datetime | None = None) -> str:
    now = now or timezone.now()
    return checkin_token(event, window=int(now.timestamp()) // QR_WINDOW)


def checkin_token_valid(event: Event, token: str, *, now: dt.datetime | None = None) -> bool:
    import hmac

    now = now or timezone.now()
    window = int(now.timestamp()) // QR_WINDOW
    return any(
        hmac.compare_digest(checkin_token(event, window=w), token) for w in (window, window - 1)
    )


def checkin_open(event: Event, *, now: dt.datetime | None = None) -> bool:
    now = now or timezone.now()
    return event.mulai - CHECKIN_OPENS_BEFORE <= now <= event.selesai + CHECKIN_CLOSES_AFTER


def _attendance_create(
    *, event: Any, pegawai_ids: list[int], method: str, actor: User | None, now: dt.datetime
) -> int:
    """Insert the attendance rows not yet there (the unique constraint makes a
    concurrent duplicate a no-op) and audit the count. Returns how many were new."""

    with transaction.atomic():
        already = set(
            Attendance.objects.filter(event=event, pegawai_id__in=pegawai_ids).values_list(
                "pegawai_id", flat=True
            )
        )
        rows = [
            Attendance(
                event=event,
                pegawai_id=pk,
                method=method,
                marked_at=now,
                marked_by=actor if getattr(actor, "is_authenticated", False) else None,
            )
            for pk in dict.fromkeys(pegawai_ids)
            if pk not in already
        ]
        before = Attendance.objects.filter(event=event).count()
        Attendance.objects.bulk_create(rows, ignore_conflicts=True)
        added = Attendance.objects.filter(event=event).count() - before
        if added:
            audit.record(
                actor=actor,
                action=ATTENDANCE_RECORDED,
                target=event,
                data={"method": method, "added": added},
            )
    return added


def event_check_in(
    *, event: Any, pegawai: Pegawai, token: str, actor: User | None, now: dt.datetime | None = None
) -> tuple[Any, bool]:
    """Check ``pegawai`` in by the venue's QR code on their own phone. Returns
    ``(attendance, created)``: a double tap gives one record. Guards: the event is
    announced, check-in is open (an hour either side), the code is current and the
    employee is active in the organising agency."""

    existing = Attendance.objects.filter(event=event, pegawai=pegawai).first()
    if existing is not None:
        return existing, False
    now = now or timezone.now()
    if event.status != Event.Status.PUBLISHED:
        raise InvalidTransition(OutreachError.EVENT_NOT_OPEN)
    if not checkin_open(event, now=now):
        raise InvalidTransition(OutreachError.CHECKIN_CLOSED)
    if not checkin_token_valid(event, token, now=now):
        raise InvalidTransition(OutreachError.CHECKIN_CODE_EXPIRED)
    if not pegawai.is_active or pegawai.instansi_id != event.instansi_id:
        raise InvalidTransition(OutreachError.NOT_IN_AGENCY)
    created = _attendance_create(
        event=event, pegawai_ids=[pegawai.pk], method=Attendance.Method.QR, actor=actor, now=now
    )
    return Attendance.objects.get(event=event, pegawai=pegawai), bool(created)


def event_mark(*, event: Event, pegawai_ids: list[int], method: str, actor: User | None) -> int:
    """The organiser marks attendees (by NIP entry or in bulk); only active employees of
    the organising agency count, and marking someone twice is a no-op. Allowed while the
    event is announced and after it closed (a paper list typed in later)."""

    if event.status not in (Event.Status.PUBLISHED, Event.Status.CLOSED):
        raise InvalidTransition(OutreachError.EVENT_NOT_OPEN)
    valid = list(
        Pegawai.objects.filter(
            pk__in=pegawai_ids, instansi_id=event.instansi_id, is_active=True
        ).values_list("pk", flat=True)
    )
    return _attendance_create(
        event=event, pegawai_ids=valid, method=method, actor=actor, now=timezone.now()
    )


def event_mark_identifiers(
    *, event: Any, text: str, actor: User | None, method: str
) -> tuple[int, list[str]]:
    """Mark attendees from typed or pasted NIPs/NIKs: (newly marked, not found)."""
    from netral.registry.selectors import pegawai_by_identifiers

    found, missing = pegawai_by_identifiers(instansi_id=event.instansi_id, text=text)
    added = event_mark(event=event, pegawai_ids=list(found.values()), method=method, actor=actor)
    return added, missing


def event_invitations_deliver(*, event_id: int) -> int:
    """E-mail the invitation to every invitee with an address (batches of 100)."""
    from django.core.mail import EmailMessage, mailers

    event = Event.objects.select_related("instansi").get(pk=event_id)
    if event.status != Event.Status.PUBLISHED:
        return 0
    people = selectors.event_invitees(event).exclude(email="")
    when = timezone.localtime(event.mulai)
    sent = 0
    with mailers.default as conn:
        batch: list[EmailMessage] = []
        for p in people.order_by("pk").iterator():
            with translation.override("id"):
                subject = _("Undangan: %(judul)s") % {"judul": event.judul}
                body = _(
                    "Yth. %(nama)s,\n\nAnda diundang mengikuti %(jenis)s \u201c%(judul)s\u201d "
                    "yang diselenggarakan %(org)s pada %(when)s di %(tempat)s. Saat kegiatan, "
                    "pindai kode QR di lokasi dengan ponsel Anda untuk mengisi daftar hadir."
                    "\n\nDasar: %(dasar)s.\n\nTerima kasih."
                ) % {
                    "nama": p.nama,
                    "jenis": event.get_jenis_display().lower(),
                    "judul": event.judul,
                    "org": event.penyelenggara,
                    "when": when.strftime("%d-%m-%Y %H.%M"),
                    "tempat": event.tempat,
                    "dasar": event.dasar_hukum,
                }
            batch.append(EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [p.email]))
            if len(batch) >= 100:
                sent += conn.send_messages(batch) or 0
                batch = []
        if batch:
            sent += conn.send_messages(batch) or 0
    return sent


# --- the signing plan notice to Bawaslu ---------------------------------------------------

PLAN_SENT = audit.register(
    "outreach.plan.sent", gettext_lazy("Pemberitahuan rencana penandatanganan dikirim ke Bawaslu")
)


def tanggal_id(day: dt.date) -> str:
    """``3 Desember 2026`` as letters print it (``core.datefmt.tanggal``)."""
    from netral.core.datefmt import tanggal

    return tanggal(day)


def _plan_inputs(campaign: Any) -> tuple[list[Any], list[Any], int]:
    """The stages as the notice prints them, the events that read the pledge, and how
    many distinct employees sign (an employee may be in more than one stage)."""
    from django.db.models import Q

    from netral.outreach.documents import PlanStage
    from netral.pledges.selectors import stage_audience_q, stage_audience_rule
    from netral.registry.models import Pegawai as P

    stages = []
    everyone = Q(pk__in=[])
    for stage in campaign.stages.select_related("unit").order_by("order"):
        everyone |= stage_audience_q(stage)
        paths = P.objects.filter(stage_audience_q(stage)).values_list("unit_path", flat=True)
        opds = {selectors.opd_id_of(p) for p in paths}
        if stage.open_rule == stage.OpenRule.DATE and stage.opens_on:
            opening = f"dibuka {tanggal_id(stage.opens_on)}"
        else:
            opening = (
                f"dibuka otomatis setelah tahap sebelumnya mencapai {stage.threshold_percent}%"
            )
        unit_names = [stage.unit.nama] if stage.unit_id else []
        stages.append(
            PlanStage(
                order=stage.order,
                nama=stage.nama,
                audience=stage_audience_rule(stage).describe(unit_names),
                employees=len(paths),
                opds=len(opds),
                opening=opening,
                deadline=stage.deadline,
            )
        )
    ceremonies = list(
        Event.objects.filter(campaign=campaign)
        .exclude(status=Event.Status.CANCELLED)
        .order_by("mulai")
    )
    return stages, ceremonies, P.objects.filter(everyone).count()


def signing_plan_pdf(
    *,
    campaign: Any,
    nomor: str,
    tanggal: dt.date,
    kop_kantor: str,
    kepada: str,
    penandatangan: str,
    jabatan_penandatangan: str,
    signed_at: dt.datetime | None = None,
) -> bytes:
    """Render the notice for ``campaign`` (also the unsaved preview)."""
    from netral.outreach.documents import signing_plan_letter

    stages, ceremonies, total = _plan_inputs(campaign)
    return signing_plan_letter(
        campaign=campaign,
        stages=stages,
        ceremonies=ceremonies,
        total=total,
        nomor=nomor,
        tanggal=tanggal,
        kop_kantor=kop_kantor,
        kepada=kepada,
        penandatangan=penandatangan,
        jabatan_penandatangan=jabatan_penandatangan,
        signed_at=signed_at,
    )


def signing_plan_send(
    *,
    campaign: Any,
    nomor: str,
    kop_kantor: str,
    kepada: str,
    email: str,
    penandatangan: str,
    jabatan_penandatangan: str,
    actor: User,
    now: dt.datetime | None = None,
) -> Any:
    """Generate, sign, keep and e-mail the signing plan notice (seed 004: Bawaslu is
    told how signing is organised before it starts). Only for a campaign that has not
    opened yet (DRAFT) and has stages; records the notice date on the campaign
    (``pledges.services.campaign_bawaslu_notified``). A revised plan is a new notice with
    a new number; the same number twice is one notice."""
    from netral.pledges.models import Campaign
    from netral.pledges.services import campaign_bawaslu_notified

    if campaign.status != Campaign.Status.DRAFT:
        raise InvalidTransition(OutreachError.PLAN_CAMPAIGN_OPEN)
    if not campaign.stages.exists():
        raise InvalidTransition(OutreachError.PLAN_NO_STAGES)
    now = now or timezone.now()
    tanggal = timezone.localtime(now).date()
    nomor = nomor.strip()
    if SigningPlanNotice.objects.filter(campaign=campaign, nomor=nomor).exists():
        raise ValidationError({"nomor": _("Nomor surat ini sudah dipakai untuk kampanye ini.")})
    pdf = signing_plan_pdf(
        campaign=campaign,
        nomor=nomor,
        tanggal=tanggal,
        kop_kantor=kop_kantor,
        kepada=kepada,
        penandatangan=penandatangan,
        jabatan_penandatangan=jabatan_penandatangan,
        signed_at=timezone.localtime(now),
    )
    notice = SigningPlanNotice(
        campaign=campaign,
        nomor=nomor,
        tanggal=tanggal,
        kop_kantor=kop_kantor.strip(),
        kepada=kepada.strip(),
        email=email.strip(),
        penandatangan=penandatangan.strip(),
        jabatan_penandatangan=jabatan_penandatangan.strip(),
        pdf_sha256=hashlib.sha256(pdf).hexdigest(),
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    notice.full_clean(exclude=["pdf"], validate_constraints=False)
    try:
        with transaction.atomic():
            notice.pdf.save(f"{uuid.uuid4().hex}.pdf", ContentFile(pdf), save=False)
            notice.save()
            campaign_bawaslu_notified(campaign=campaign, on=tanggal, actor=actor)
            audit.record(
                actor=actor,
                action=PLAN_SENT,
                target=campaign,
                data={"notice": notice.pk, "nomor": nomor, "email": notice.email},
            )
            enqueue_on_commit("netral.outreach.tasks.send_signing_plan", notice_id=notice.pk)
    except IntegrityError:
        notice.pdf.delete(save=False)
        raise ValidationError(
            {"nomor": _("Nomor surat ini sudah dipakai untuk kampanye ini.")}
        ) from None
    return notice


def signing_plan_mail_deliver(*, notice_id: int) -> bool:
    """E-mail the kept PDF to the Bawaslu office and record when it left (a rerun after
    success sends nothing)."""
    from django.core.mail import EmailMessage

    notice = SigningPlanNotice.objects.select_related("campaign", "campaign__instansi").get(
        pk=notice_id
    )
    if notice.emailed_at is not None:
        return False
    instansi = notice.campaign.instansi
    message = EmailMessage(
        f"Pemberitahuan rencana penandatanganan pakta integritas netralitas ASN — {instansi.nama}",
        (
            f"Yth. {notice.kepada},\n\nBersama ini kami sampaikan surat nomor {notice.nomor} "
            f"tanggal {tanggal_id(notice.tanggal)} tentang rencana penandatanganan pakta "
            f"integritas netralitas ASN di lingkungan {instansi.nama} (terlampir, PDF "
            f"bertanda tangan elektronik; SHA-256 {notice.pdf_sha256}).\n\n"
            f"Hormat kami,\n{notice.jabatan_penandatangan}"
        ),
        settings.DEFAULT_FROM_EMAIL,
        [notice.email],
    )
    with notice.pdf.open("rb") as fh:
        message.attach(f"pemberitahuan-{notice.pk}.pdf", fh.read(), "application/pdf")
    message.send()
    SigningPlanNotice.objects.filter(pk=notice.pk, emailed_at__isnull=True).update(
        emailed_at=timezone.now()
    )
    return True
