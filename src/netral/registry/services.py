"""Registry writes (house style §2). Bulk import lives in the ``importing`` package; the
import-job services (the browser flow) are at the end of this module."""

from __future__ import annotations

import logging
import uuid
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from netral.core import audit, idempotency
from netral.core.errors import InvalidTransition
from netral.core.models import JobProgress
from netral.core.tasks import enqueue_on_commit
from netral.registry.models import AkunMedsos, ImportJob, Instansi, Pegawai, Region, UnitKerja

if TYPE_CHECKING:
    from netral.accounts.models import User

INSTANSI_CREATED = audit.register("registry.instansi.created", gettext_lazy("Instansi dibuat"))
UNIT_CREATED = audit.register("registry.unit.created", gettext_lazy("Unit kerja dibuat"))
PEGAWAI_CREATED = audit.register("registry.pegawai.created", gettext_lazy("Pegawai ditambahkan"))
audit.register_target_url("registry.pegawai", "registry:pegawai_detail")
audit.register_target_url("registry.importjob", "registry:import_detail")
PEGAWAI_UPDATED = audit.register("registry.pegawai.updated", gettext_lazy("Data pegawai diubah"))
PEGAWAI_VIEWED = audit.register("registry.pegawai.viewed", gettext_lazy("Data pegawai dilihat"))
PEGAWAI_MOVED = audit.register(
    "registry.pegawai.moved", gettext_lazy("Pegawai dipindahkan ke unit kerja lain")
)
PEGAWAI_DEACTIVATED = audit.register(
    "registry.pegawai.deactivated", gettext_lazy("Pegawai dinonaktifkan")
)
PEGAWAI_REACTIVATED = audit.register(
    "registry.pegawai.reactivated", gettext_lazy("Pegawai diaktifkan kembali")
)
MEDSOS_SET = audit.register("registry.medsos.updated", gettext_lazy("Akun media sosial diperbarui"))

PATH_SEP = " > "

log = logging.getLogger(__name__)


def normalise_handle(handle: str) -> str:
    """Handles are case-insensitive on every major platform; store them lower-case, no '@'."""
    return handle.strip().lstrip("@").lower()


@transaction.atomic
def instansi_create(
    *, kode: str, nama: str, jenis: str, region: Region | None, actor: User | None
) -> Instansi:
    instansi = Instansi(kode=kode, nama=nama, jenis=jenis, region=region)
    instansi.full_clean()
    instansi.save()
    audit.record(actor=actor, action=INSTANSI_CREATED, target=instansi)
    return instansi


def unit_tree_fields(*, parent: UnitKerja | None, nama: str) -> dict[str, Any]:
    """Depth and display path of a unit under ``parent`` (``path`` needs the new id)."""
    if parent is None:
        return {"depth": 0, "full_name": nama}
    return {"depth": parent.depth + 1, "full_name": f"{parent.full_name}{PATH_SEP}{nama}"}


@transaction.atomic
def unit_create(
    *,
    instansi: Instansi,
    nama: str,
    kode: str = "",
    jenis: str = UnitKerja.Jenis.LAINNYA,
    parent: UnitKerja | None = None,
    actor: User | None,
    audit_entry: bool = True,
) -> UnitKerja:
    """Create a unit in an agency's tree; ``kode`` defaults to a generated one."""
    if parent is not None and parent.instansi_id != instansi.pk:
        raise ValidationError({"parent": _("Unit induk harus dari instansi yang sama.")})
    if PATH_SEP.strip() in nama:
        raise ValidationError({"nama": _("Nama unit tidak boleh memuat tanda '>'.")})
    unit = UnitKerja(
        instansi=instansi,
        parent=parent,
        nama=nama.strip(),
        kode=kode or "",
        jenis=jenis,
        path="",
        **unit_tree_fields(parent=parent, nama=nama.strip()),
    )
    if not unit.kode:
        unit.kode = f"U{UnitKerja.objects.filter(instansi=instansi).count() + 1:05d}"
    unit.full_clean(exclude=["path"])
    unit.save()
    unit.path = f"{parent.path if parent else '/'}{unit.pk}/"
    unit.save(update_fields=["path"])
    if audit_entry:
        audit.record(actor=actor, action=UNIT_CREATED, target=unit)
    return unit


@transaction.atomic
def pegawai_create(
    *, actor: User | None, akun_medsos: list[tuple[str, str]] | None = None, **fields: Any
) -> Pegawai:
    """Create one employee; validates NIP/NIK (shared/domain.md §1) and identifier by type."""
    pegawai = Pegawai(**fields)
    if pegawai.unit_id:
        pegawai.unit_path = pegawai.unit.path
    pegawai.full_clean()
    pegawai.save()
    if akun_medsos:
        akun_medsos_set(pegawai=pegawai, accounts=akun_medsos, actor=actor, audit_entry=False)
    audit.record(actor=actor, action=PEGAWAI_CREATED, target=pegawai)
    return pegawai


@transaction.atomic
def pegawai_update(*, pegawai: Pegawai, actor: User | None, **fields: Any) -> Pegawai:
    old = {k: getattr(pegawai, k) for k in fields}
    for k, v in fields.items():
        setattr(pegawai, k, v)
    if "unit" in fields:
        pegawai.unit_path = pegawai.unit.path
    pegawai.full_clean()
    pegawai.save(update_fields=[*fields, "unit_path", "updated_at"])
    changed = {k: [str(old[k]), str(fields[k])] for k in fields if old[k] != fields[k]}
    audit.record(actor=actor, action=PEGAWAI_UPDATED, target=pegawai, data={"changed": changed})
    return pegawai


@transaction.atomic
def pegawai_edit(*, pegawai: Pegawai, actor: User, **fields: Any) -> Pegawai:
    """HR edits one employee's details (issue 11 item 12). The caller's selector scoped
    ``pegawai`` to the actor's REGISTRY_EDIT rows; unchanged fields are not written."""
    allowed = {"nama", "jabatan", "golongan", "tingkat_jabatan", "email", "telepon"}
    unknown = set(fields) - allowed
    if unknown:
        raise ValueError(f"pegawai_edit: not editable here: {sorted(unknown)}")
    changed = {k: v for k, v in fields.items() if getattr(pegawai, k) != v}
    if not changed:
        return pegawai
    return pegawai_update(pegawai=pegawai, actor=actor, **changed)


@transaction.atomic
def pegawai_move(*, pegawai: Pegawai, unit: UnitKerja, actor: User) -> Pegawai:
    """Move an employee to another unit of the same agency (the caller's selector scoped
    both the employee and the unit to the actor)."""
    if unit.instansi_id != pegawai.instansi_id:
        raise ValidationError(
            {"unit": _("Unit kerja harus di instansi yang sama; pindah instansi lewat impor.")}
        )
    if unit.pk == pegawai.unit_id:
        return pegawai
    old = pegawai.unit.full_name
    pegawai.unit = unit
    pegawai.unit_path = unit.path
    pegawai.full_clean()
    pegawai.save(update_fields=["unit", "unit_path", "updated_at"])
    audit.record(
        actor=actor,
        action=PEGAWAI_MOVED,
        target=pegawai,
        data={"changed": {"unit": [old, unit.full_name]}},
    )
    return pegawai


@transaction.atomic
def pegawai_deactivate(*, pegawai: Pegawai, reason: str, actor: User) -> Pegawai:
    """Deactivate with a reason: the employee leaves progress counts and campaign
    audiences, keeps their history (signatures, cases)."""
    reason = " ".join(reason.split())
    if len(reason) < 5:
        raise ValidationError({"reason": _("Tulis alasan menonaktifkan, misalnya: pensiun.")})
    updated = Pegawai.objects.filter(pk=pegawai.pk, is_active=True).update(
        is_active=False, inactive_reason=reason[:300], updated_at=timezone.now()
    )
    if updated != 1:
        raise ValidationError(_("Pegawai ini sudah tidak aktif."))
    pegawai.is_active, pegawai.inactive_reason = False, reason[:300]
    audit.record(actor=actor, action=PEGAWAI_DEACTIVATED, target=pegawai, data={"reason": reason})
    return pegawai


@transaction.atomic
def pegawai_reactivate(*, pegawai: Pegawai, actor: User) -> Pegawai:
    updated = Pegawai.objects.filter(pk=pegawai.pk, is_active=False).update(
        is_active=True, inactive_reason="", updated_at=timezone.now()
    )
    if updated != 1:
        raise ValidationError(_("Pegawai ini sudah aktif."))
    old_reason = pegawai.inactive_reason
    pegawai.is_active, pegawai.inactive_reason = True, ""
    audit.record(actor=actor, action=PEGAWAI_REACTIVATED, target=pegawai, data={"was": old_reason})
    return pegawai


@transaction.atomic
def akun_medsos_set(
    *,
    pegawai: Pegawai,
    accounts: list[tuple[str, str]],
    actor: User | None,
    audit_entry: bool = True,
) -> list[AkunMedsos]:
    """Replace an employee's declared social-media accounts (platform, handle)."""
    AkunMedsos.objects.filter(pegawai=pegawai).delete()
    created = []
    for platform, handle in accounts:
        akun = AkunMedsos(pegawai=pegawai, platform=platform, handle=normalise_handle(handle))
        akun.full_clean()
        akun.save()
        created.append(akun)
    if audit_entry:
        audit.record(
            actor=actor,
            action=MEDSOS_SET,
            target=pegawai,
            data={"accounts": [str(a) for a in created]},
        )
    return created


@transaction.atomic
def akun_medsos_declare(*, pegawai: Pegawai, platform: str, handle: str, actor: User) -> AkunMedsos:
    """An employee adds one of their own accounts (issue 11 item 13); kept by the
    registry and used by screening to link posts to the employee."""
    akun = AkunMedsos(pegawai=pegawai, platform=platform, handle=normalise_handle(handle))
    if AkunMedsos.objects.filter(platform=akun.platform, handle=akun.handle).exists():
        mine = AkunMedsos.objects.filter(
            pegawai=pegawai, platform=akun.platform, handle=akun.handle
        ).exists()
        raise ValidationError(
            {
                "handle": _("Akun ini sudah Anda cantumkan.")
                if mine
                else _("Akun ini sudah dicantumkan pegawai lain. Hubungi admin kepegawaian.")
            }
        )
    akun.full_clean()
    akun.save()
    audit.record(actor=actor, action=MEDSOS_SET, target=pegawai, data={"added": str(akun)})
    return akun


@transaction.atomic
def akun_medsos_remove(*, akun: AkunMedsos, actor: User) -> None:
    pegawai = akun.pegawai
    label = str(akun)
    akun.delete()
    audit.record(actor=actor, action=MEDSOS_SET, target=pegawai, data={"removed": label})


def pegawai_viewed(*, pegawai: Pegawai, actor: User) -> None:
    """Record a read of an employee's personal data (UU 27/2022 PDP access logging)."""
    audit.record(actor=actor, action=PEGAWAI_VIEWED, target=pegawai)


# --- Import jobs (the browser flow; states in registry.workflow) -----------------------


@transaction.atomic
@idempotency.idempotent("registry.import", ImportJob)
def import_job_create(
    *, owner: User, instansi: Instansi, upload: Any, idempotency_key: uuid.UUID | None = None
) -> ImportJob:
    """Store an uploaded roster and queue its validation (preview) in the background."""
    from netral.registry.importing import JOB_KIND, detect_format, import_dir
    from netral.registry.selectors import import_scope

    import_scope(actor=owner, instansi=instansi)  # raises PermissionDenied
    fmt = detect_format(upload.name)
    target = import_dir() / f"{uuid.uuid4().hex}.{fmt}"
    with open(target, "wb") as out:
        for chunk in upload.chunks():
            out.write(chunk)
    progress = JobProgress.objects.create(kind=JOB_KIND, owner=owner)
    job = ImportJob(
        owner=owner,
        instansi=instansi,
        original_name=Path(upload.name).name[:255],
        file_path=str(target),
        file_format=fmt,
        status=ImportJob.Status.VALIDATING,
        progress=progress,
    )
    job.full_clean()
    job.save()
    enqueue_on_commit("netral.registry.tasks.import_validate", job_id=job.pk)
    return job


def import_job_validate(*, job_id: int) -> ImportJob:
    """Background step 1: validate the stored file and keep the report or preview."""
    from netral.registry.importing import roster_import
    from netral.registry.importing.jobs import (
        _delete_file,
        _fail,
        _finish_progress,
        _ProgressWriter,
    )

    job = ImportJob.objects.select_related("instansi", "owner").get(pk=job_id)
    if job.status != ImportJob.Status.VALIDATING:
        return job
    writer = _ProgressWriter(job.progress_id)
    try:
        result = roster_import(
            path=job.file_path,
            fmt=job.file_format,
            instansi=job.instansi,
            actor=job.owner,
            apply=False,
            progress=writer,
        )
    except Exception as exc:
        log.exception("import validation crashed (job %s)", job.pk)
        _fail(job, exc)
        return job
    finally:
        writer.close()
    step = "valid" if result.ok else "invalid"
    _job_step(job, step, updates={"result": result.as_json()})
    _finish_progress(job, JobProgress.Status.DONE)
    if not result.ok:
        _delete_file(job)
    job.refresh_from_db()
    return job


def import_job_confirm(*, job: ImportJob, actor: User, units_confirmed: bool = False) -> ImportJob:
    """Confirm a validated import; a second confirm of the same job is refused.

    The claim is a conditional UPDATE (house style §4): only one request can move the
    job from VALID to APPLYING, so a double submit cannot import twice. New units are
    created only when the user confirmed the list the preview showed (issue 11 item 11).
    """
    from netral.registry.importing import ImportAlreadyClaimed
    from netral.registry.importing.jobs import ImportUnitsNotConfirmed
    from netral.registry.workflow import WORKFLOW

    pending = job.status == ImportJob.Status.VALID
    if pending and (job.result or {}).get("units_created") and not units_confirmed:
        raise ImportUnitsNotConfirmed()
    with transaction.atomic():
        try:
            WORKFLOW.apply(job, "confirm", actor=actor)
        except InvalidTransition as exc:
            raise ImportAlreadyClaimed(exc.code) from exc
        if job.progress_id:
            JobProgress.objects.filter(pk=job.progress_id).update(
                status=JobProgress.Status.PENDING, done=0, total=0, message=""
            )
        enqueue_on_commit("netral.registry.tasks.import_apply", job_id=job.pk)
    job.refresh_from_db()
    return job


def import_job_apply(*, job_id: int) -> ImportJob:
    """Background step 2: validate again (the data may have changed) and write."""
    from netral.registry.importing import roster_import
    from netral.registry.importing.jobs import (
        _delete_file,
        _fail,
        _finish_progress,
        _ProgressWriter,
    )

    job = ImportJob.objects.select_related("instansi", "owner").get(pk=job_id)
    if job.status != ImportJob.Status.APPLYING:
        return job
    writer = _ProgressWriter(job.progress_id)
    try:
        result = roster_import(
            path=job.file_path,
            fmt=job.file_format,
            instansi=job.instansi,
            actor=job.owner,
            apply=True,
            progress=writer,
            source=f"{job.original_name} (impor #{job.pk})",
            # the units the user confirmed on the preview, no others (issue 11 item 11)
            units_expected=job.result or {},
        )
    except Exception as exc:
        log.exception("import apply crashed (job %s)", job.pk)
        _fail(job, exc)
        return job
    finally:
        writer.close()
    step = "applied" if result.applied else "invalid"
    _job_step(
        job,
        step,
        updates={
            "result": result.as_json(),
            "applied_at": timezone.now() if result.applied else None,
        },
    )
    _finish_progress(job, JobProgress.Status.DONE)
    _delete_file(job)
    job.refresh_from_db()
    return job


def _job_step(job: ImportJob, step: str, *, updates: dict[str, Any]) -> None:
    """A background step of the job (system actor). A job that moved on meanwhile (it
    cannot, today: only these steps leave VALIDATING/APPLYING) is left as it is."""
    from netral.registry.workflow import WORKFLOW

    try:
        WORKFLOW.apply(job, step, actor=None, updates=updates)
    except InvalidTransition:
        log.warning("import job %s: step %s refused, job moved on", job.pk, step)
