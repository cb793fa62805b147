"""Registry: regions, agencies (instansi), their unit tree and employees (pegawai).

Organisation structure and identifiers follow shared/domain.md §1.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from netral.core.models import TimeStampedModel
from netral.registry.validators import nik_errors, nip_errors, validate_nik, validate_nip

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


class Region(models.Model):
    """Indonesian administrative region with its Kemendagri code
    (Kepmendagri 300.2.2-2430/2025; shared/datasets/wilayah-kemendagri-2025)."""

    class Level(models.IntegerChoices):
        PROVINSI = 1, _("Provinsi")
        KABKOTA = 2, _("Kabupaten/Kota")
        KECAMATAN = 3, _("Kecamatan")
        DESA = 4, _("Desa/Kelurahan")

    kode = models.CharField(_("kode Kemendagri"), max_length=13, primary_key=True)
    nama = models.CharField(_("nama"), max_length=120)
    level = models.PositiveSmallIntegerField(_("tingkat"), choices=Level.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("induk"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )

    class Meta:
        ordering = ["kode"]
        verbose_name = _("wilayah")
        verbose_name_plural = _("wilayah")

    def __str__(self) -> str:
        return f"{self.kode} {self.nama}"


class Instansi(TimeStampedModel):
    """An agency. A regional government's code is its Kemendagri region code
    (Pemprov Kepri ``21``, Pemkab Karimun ``21.02``)."""

    class Jenis(models.TextChoices):
        PEMPROV = "PEMPROV", _("Pemerintah Provinsi")
        PEMKAB = "PEMKAB", _("Pemerintah Kabupaten")
        PEMKOT = "PEMKOT", _("Pemerintah Kota")
        KEMENTERIAN = "KEMENTERIAN", _("Kementerian")
        LEMBAGA = "LEMBAGA", _("Lembaga")

    kode = models.CharField(_("kode"), max_length=20, unique=True)
    nama = models.CharField(_("nama"), max_length=200)
    jenis = models.CharField(_("jenis"), max_length=12, choices=Jenis.choices)
    region = models.ForeignKey(
        Region,
        verbose_name=_("wilayah"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        ordering = ["kode"]
        verbose_name = _("instansi")
        verbose_name_plural = _("instansi")

    def __str__(self) -> str:
        return self.nama

    @property
    def audit_org_id(self) -> int:
        return self.pk


class UnitKerja(TimeStampedModel):
    """A unit in an agency's organisation tree (OPD → bidang/bagian → seksi, UPT…),
    to any depth. ``path`` is the materialised chain of ids (``/3/17/42/``) so a
    subtree is one indexed ``startswith`` query on every database."""

    class Jenis(models.TextChoices):
        OPD = "OPD", _("OPD (dinas/badan/kantor)")
        KECAMATAN = "KECAMATAN", _("Kecamatan")
        BIDANG = "BIDANG", _("Bidang/Bagian")
        SEKSI = "SEKSI", _("Seksi/Subbagian")
        UPT = "UPT", _("UPT (puskesmas, sekolah…)")
        LAINNYA = "LAINNYA", _("Lainnya")

    instansi = models.ForeignKey(
        Instansi, verbose_name=_("instansi"), on_delete=models.PROTECT, related_name="units"
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("unit induk"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    kode = models.CharField(_("kode unit"), max_length=60)
    nama = models.CharField(_("nama"), max_length=200)
    jenis = models.CharField(
        _("jenis"), max_length=10, choices=Jenis.choices, default=Jenis.LAINNYA
    )
    path = models.CharField(max_length=255, editable=False, db_index=True)
    depth = models.PositiveSmallIntegerField(default=0, editable=False)
    # "Dinas Pendidikan > Bidang SD": what the import accepts and what users read.
    full_name = models.CharField(_("nama lengkap"), max_length=600, editable=False)

    class Meta:
        ordering = ["instansi_id", "path"]
        verbose_name = _("unit kerja")
        verbose_name_plural = _("unit kerja")
        constraints = [
            models.UniqueConstraint(
                fields=["instansi", "kode"], name="unit_kode_unique_per_instansi"
            ),
        ]
        indexes = [
            # Import resolves units given by path ("A > B") within one agency.
            models.Index(fields=["instansi", "full_name"], name="unit_instansi_fullname"),
        ]

    def __str__(self) -> str:
        return self.full_name or self.nama

    @property
    def audit_org_id(self) -> int:
        return self.instansi_id

    def opd(self) -> UnitKerja | None:
        """Top-level unit (OPD) of this unit, from the materialised path."""
        if self.depth == 0:
            return self
        top_id = int(self.path.strip("/").split("/")[0])
        return UnitKerja.objects.filter(pk=top_id).first()


class Pegawai(TimeStampedModel):
    """An employee: ASN (PNS, CPNS, PPPK) identified by NIP, or non-ASN
    (PPNPN/honorer/PTT/THL) identified by NIK (shared/domain.md §1)."""

    class Jenis(models.TextChoices):
        PNS = "PNS", _("PNS")
        CPNS = "CPNS", _("CPNS")
        PPPK = "PPPK", _("PPPK")
        NON_ASN = "NON_ASN", _("Non-ASN (PPNPN/honorer/PTT/THL)")

    class Tingkat(models.TextChoices):
        JPT = "JPT", _("JPT (eselon II ke atas)")
        ADMINISTRATOR = "ADMINISTRATOR", _("Administrator (eselon III)")
        PENGAWAS = "PENGAWAS", _("Pengawas (eselon IV)")
        PELAKSANA = "PELAKSANA", _("Pelaksana")
        FUNGSIONAL = "FUNGSIONAL", _("Fungsional")
        NON_ASN = "NON_ASN", _("Non-ASN")

    instansi = models.ForeignKey(
        Instansi, verbose_name=_("instansi"), on_delete=models.PROTECT, related_name="pegawai"
    )
    unit = models.ForeignKey(
        UnitKerja, verbose_name=_("unit kerja"), on_delete=models.PROTECT, related_name="pegawai"
    )
    nip = models.CharField(
        _("NIP"), max_length=18, null=True, blank=True, validators=[validate_nip]
    )
    nik = models.CharField(
        _("NIK"), max_length=16, null=True, blank=True, validators=[validate_nik]
    )
    nama = models.CharField(_("nama"), max_length=200, db_index=True)
    jenis_pegawai = models.CharField(_("jenis pegawai"), max_length=8, choices=Jenis.choices)
    golongan = models.CharField(_("golongan"), max_length=10, blank=True)
    jabatan = models.CharField(_("jabatan"), max_length=200)
    tingkat_jabatan = models.CharField(
        _("tingkat jabatan"), max_length=14, choices=Tingkat.choices, blank=True
    )
    atasan = models.ForeignKey(
        "self",
        verbose_name=_("atasan langsung"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="bawahan",
    )
    email = models.EmailField(_("e-mail"), blank=True)
    telepon = models.CharField(_("telepon"), max_length=30, blank=True)
    is_active = models.BooleanField(_("aktif"), default=True)
    # Why an HR admin deactivated the record (issue 11 item 12): retired, moved agency…
    # db_default: the roster import's set-based INSERT does not name the column.
    inactive_reason = models.CharField(
        _("alasan dinonaktifkan"), max_length=300, blank=True, default="", db_default=""
    )
    # Copy of unit.path so "employees in this subtree" needs no join (OPD-scoped lists).
    unit_path = models.CharField(max_length=255, editable=False, db_index=True, default="")

    class Meta:
        ordering = ["nama", "id"]
        verbose_name = _("pegawai")
        verbose_name_plural = _("pegawai")
        constraints = [
            models.UniqueConstraint(
                fields=["nip"], condition=Q(nip__isnull=False), name="pegawai_nip_unique"
            ),
            models.UniqueConstraint(
                fields=["nik"], condition=Q(nik__isnull=False), name="pegawai_nik_unique"
            ),
            # ASN are identified by NIP; non-ASN have none and need a NIK.
            models.CheckConstraint(
                condition=(Q(jenis_pegawai="NON_ASN", nip__isnull=True, nik__isnull=False))
                | (~Q(jenis_pegawai="NON_ASN") & Q(nip__isnull=False)),
                name="pegawai_identifier_by_type",
            ),
        ]
        indexes = [
            # Registry list: agency-scoped, filtered by type, ordered by name.
            models.Index(
                fields=["instansi", "jenis_pegawai", "nama"], name="pegawai_instansi_jenis_nama"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.nama} ({self.identifier})"

    @property
    def identifier(self) -> str:
        return self.nip or self.nik or "-"

    @property
    def audit_org_id(self) -> int:
        return self.instansi_id

    @property
    def is_asn(self) -> bool:
        return self.jenis_pegawai != self.Jenis.NON_ASN

    def clean(self) -> None:
        errors: dict[str, list[StrOrPromise]] = {}
        if self.jenis_pegawai == self.Jenis.NON_ASN:
            if self.nip:
                errors.setdefault("nip", []).append(_("Pegawai non-ASN tidak memiliki NIP."))
            if not self.nik:
                errors.setdefault("nik", []).append(_("Pegawai non-ASN wajib memiliki NIK."))
        elif not self.nip:
            errors.setdefault("nip", []).append(_("Pegawai ASN wajib memiliki NIP."))
        elif reasons := nip_errors(self.nip, jenis_pegawai=self.jenis_pegawai):
            errors.setdefault("nip", []).extend(reasons)
        if self.nik and (reasons := nik_errors(self.nik)):
            errors.setdefault("nik", []).extend(reasons)
        if self.unit_id and self.instansi_id and self.unit.instansi_id != self.instansi_id:
            errors.setdefault("unit", []).append(_("Unit kerja bukan milik instansi ini."))
        if errors:
            raise ValidationError(errors)


class AkunMedsos(TimeStampedModel):
    """A social-media account an employee declared (SKB 2022: social-media conduct;
    shared/domain.md §4 items 2, 5, 6). One owner per platform + handle."""

    class Platform(models.TextChoices):
        INSTAGRAM = "instagram", "Instagram"
        FACEBOOK = "facebook", "Facebook"
        X = "x", "X (Twitter)"
        TIKTOK = "tiktok", "TikTok"
        YOUTUBE = "youtube", "YouTube"
        THREADS = "threads", "Threads"
        LAINNYA = "lainnya", _("Lainnya")

    pegawai = models.ForeignKey(Pegawai, on_delete=models.CASCADE, related_name="akun_medsos")
    platform = models.CharField(_("platform"), max_length=12, choices=Platform.choices)
    handle = models.CharField(_("nama akun"), max_length=100)

    class Meta:
        ordering = ["platform", "handle"]
        verbose_name = _("akun media sosial")
        verbose_name_plural = _("akun media sosial")
        constraints = [
            models.UniqueConstraint(
                fields=["platform", "handle"], name="akun_medsos_unique_per_platform"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.platform}:{self.handle}"

    def clean(self) -> None:
        from netral.registry.validators import handle_error

        # Stored as services.normalise_handle does: lower-case, no "@".
        self.handle = (self.handle or "").strip().lstrip("@").lower()
        if self.platform and self.handle and (reason := handle_error(self.platform, self.handle)):
            raise ValidationError({"handle": reason})

    @property
    def audit_org_id(self) -> int:
        return self.pegawai.instansi_id


class ImportJob(TimeStampedModel):
    """One roster upload in the browser: validated (preview), then confirmed and applied
    in the background (issue #2 item 3; ``registry.importing``). The file waits in a
    non-public directory and is deleted once the job is rejected, applied or failed."""

    class Status(models.TextChoices):
        VALIDATING = "validating", _("Sedang diperiksa")
        INVALID = "invalid", _("Ditolak karena ada kesalahan")
        VALID = "valid", _("Siap diimpor")
        APPLYING = "applying", _("Sedang diimpor")
        APPLIED = "applied", _("Selesai diimpor")
        FAILED = "failed", _("Gagal diproses")

    owner = models.ForeignKey(
        "accounts.User", verbose_name=_("pengunggah"), on_delete=models.CASCADE, related_name="+"
    )
    instansi = models.ForeignKey(
        Instansi, verbose_name=_("instansi"), on_delete=models.CASCADE, related_name="+"
    )
    original_name = models.CharField(_("nama berkas"), max_length=255)
    file_path = models.CharField(max_length=500, editable=False)
    file_format = models.CharField(max_length=4, editable=False)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    progress = models.OneToOneField(
        "core.JobProgress", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Counts, preview rows or the error report (ImportResult.as_json()).
    result = models.JSONField(_("hasil"), default=dict, blank=True)
    applied_at = models.DateTimeField(_("diterapkan"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("impor pegawai")
        verbose_name_plural = _("impor pegawai")

    def __str__(self) -> str:
        return f"{self.original_name} ({self.get_status_display()})"

    @property
    def audit_org_id(self) -> int:
        return self.instansi_id
