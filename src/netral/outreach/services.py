"""Outreach writes (house style §2): circulars, acknowledgements, reminders.

Legal basis: SKB 2022 (prevention through socialisation and instruction of neutrality,
shared/domain.md §2); seeds 000 (the regional head's instruction letter) and 001.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import uuid
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from netral.core import audit
from netral.core.tasks import enqueue_on_commit
from netral.outreach import selectors
from netral.outreach.errors import InvalidTransition, OutreachError
from netral.outreach.models import Acknowledgement, Circular
from netral.registry.models import Instansi, Pegawai, UnitKerja

CIRCULAR_CREATED = audit.register("outreach.circular.created", gettext_lazy("Edaran dibuat"))
CIRCULAR_ACKNOWLEDGED = audit.register(
    "outreach.circular.acknowledged", gettext_lazy("Edaran ditandai telah dibaca")
)
CIRCULAR_REMINDED = audit.register(
    "outreach.circular.reminded", gettext_lazy("Pengingat edaran dikirim")
)

PDF_MAX_BYTES = 10 * 1024 * 1024


def pdf_checked(file: UploadedFile | None, *, field: str) -> tuple[ContentFile | None, str]:
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
    actor: Any,
    isi: str = "",
    berkas: UploadedFile | None = None,
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
                circular.berkas.save(pdf.name, pdf, save=False)
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
    *, circular: Circular, pegawai: Pegawai, actor: Any, now: dt.datetime | None = None
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
