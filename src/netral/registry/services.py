"""Registry writes (house style §2). Bulk import lives in ``importer.py``."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from netral.core import audit
from netral.registry.models import AkunMedsos, Instansi, Pegawai, Region, UnitKerja

INSTANSI_CREATED = audit.register("registry.instansi.created", gettext_lazy("Instansi dibuat"))
UNIT_CREATED = audit.register("registry.unit.created", gettext_lazy("Unit kerja dibuat"))
PEGAWAI_CREATED = audit.register("registry.pegawai.created", gettext_lazy("Pegawai ditambahkan"))
PEGAWAI_UPDATED = audit.register("registry.pegawai.updated", gettext_lazy("Data pegawai diubah"))
PEGAWAI_VIEWED = audit.register("registry.pegawai.viewed", gettext_lazy("Data pegawai dilihat"))
MEDSOS_SET = audit.register("registry.medsos.updated", gettext_lazy("Akun media sosial diperbarui"))

PATH_SEP = " > "


def normalise_handle(handle: str) -> str:
    """Handles are case-insensitive on every major platform; store them lower-case, no '@'."""
    return handle.strip().lstrip("@").lower()


@transaction.atomic
def instansi_create(
    *, kode: str, nama: str, jenis: str, region: Region | None, actor: Any = None
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
    actor: Any = None,
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
    *, actor: Any = None, akun_medsos: list[tuple[str, str]] | None = None, **fields: Any
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
def pegawai_update(*, pegawai: Pegawai, actor: Any = None, **fields: Any) -> Pegawai:
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
def akun_medsos_set(
    *,
    pegawai: Pegawai,
    accounts: list[tuple[str, str]],
    actor: Any = None,
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


def pegawai_viewed(*, pegawai: Pegawai, actor: Any) -> None:
    """Record a read of an employee's personal data (UU 27/2022 PDP access logging)."""
    audit.record(actor=actor, action=PEGAWAI_VIEWED, target=pegawai)
