"""Outreach: the prevention instruments besides the pledge (issue 14).

* circulars (*surat instruksi / surat edaran*) of the regional head or the HR office,
  addressed to an audience and acknowledged (*telah membaca*) by each addressee;
* socialisation and political-education events (*sosialisasi*, *pendidikan politik*,
  *apel*) with attendance;
* the signing plan notice to Bawaslu generated from a pledge campaign.

Legal basis: SKB 2022 (prevention: socialisation of neutrality); seeds 000, 001, 004 in
shared/domain.md §4. Audiences follow the same rule as pledge stages
(``registry.selectors.Audience``).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from netral.core.models import TimeStampedModel

# What users read when a page or a letter states the rule (shared/domain.md §2).
DEFAULT_CITATION = (
    "SKB Menteri PANRB, Mendagri, Kepala BKN, Ketua KASN dan Ketua Bawaslu Tahun 2022 "
    "tentang Pedoman Pembinaan dan Pengawasan Netralitas Pegawai ASN; "
    "UU 20/2023 tentang ASN; PP 94/2021 Pasal 5 huruf n"
)


class AudienceFields(models.Model):
    """The criteria of ``registry.selectors.Audience`` (the same as a pledge stage's):
    empty means "everyone" for that criterion."""

    tingkat_jabatan = models.JSONField(_("tingkat jabatan"), default=list, blank=True)
    jenis_pegawai = models.JSONField(_("jenis pegawai"), default=list, blank=True)
    units = models.ManyToManyField(
        "registry.UnitKerja",
        verbose_name=_("unit kerja (beserta sub-unit)"),
        blank=True,
        related_name="+",
    )
    opd_level_only = models.BooleanField(
        _("hanya pegawai yang ditempatkan langsung di OPD"), default=False
    )

    class Meta:
        abstract = True


class Circular(AudienceFields, TimeStampedModel):
    """A circular or instruction letter on neutrality, published to its addressees."""

    class Jenis(models.TextChoices):
        INSTRUKSI = "INSTRUKSI", _("Surat instruksi")
        EDARAN = "EDARAN", _("Surat edaran")

    class Status(models.TextChoices):
        DRAFT = "DRAFT", _("Draf")
        PUBLISHED = "PUBLISHED", _("Diterbitkan")
        WITHDRAWN = "WITHDRAWN", _("Dicabut")

    instansi = models.ForeignKey(
        "registry.Instansi",
        verbose_name=_("instansi"),
        on_delete=models.PROTECT,
        related_name="circulars",
    )
    jenis = models.CharField(_("jenis surat"), max_length=10, choices=Jenis.choices)
    nomor = models.CharField(_("nomor surat"), max_length=100)
    tanggal = models.DateField(_("tanggal surat"))
    penandatangan = models.CharField(_("nama penanda tangan"), max_length=200)
    jabatan_penandatangan = models.CharField(_("jabatan penanda tangan"), max_length=200)
    perihal = models.CharField(_("perihal"), max_length=300)
    isi = models.TextField(_("isi surat"), blank=True)
    # Stored under a random name; served only through the permission-checked view.
    berkas = models.FileField(_("berkas PDF"), upload_to="outreach/edaran/", blank=True)
    berkas_sha256 = models.CharField(max_length=64, blank=True, editable=False)
    dasar_hukum = models.CharField(_("dasar hukum"), max_length=500, default=DEFAULT_CITATION)
    batas_konfirmasi = models.DateField(_("batas tanda telah membaca"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    published_at = models.DateTimeField(_("waktu terbit"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-tanggal", "-id"]
        verbose_name = _("edaran")
        verbose_name_plural = _("edaran")
        constraints = [
            # A letter number is used once per agency; a double submit of the form
            # therefore creates one circular.
            models.UniqueConstraint(fields=["instansi", "nomor"], name="circular_nomor_unique")
        ]
        indexes = [
            # The employee's page: published circulars of their agency.
            models.Index(
                fields=["instansi", "tanggal"],
                condition=Q(status="PUBLISHED"),
                name="circular_published",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_jenis_display()} {self.nomor}: {self.perihal}"

    @property
    def audit_org_id(self) -> int:
        return self.instansi_id


class Acknowledgement(models.Model):
    """An addressee's *telah membaca* on a circular: one per employee and circular, so a
    double tap records one (``ack_once``)."""

    circular = models.ForeignKey(
        Circular, on_delete=models.CASCADE, related_name="acknowledgements"
    )
    pegawai = models.ForeignKey(
        "registry.Pegawai", on_delete=models.PROTECT, related_name="circular_acks"
    )
    acknowledged_at = models.DateTimeField(_("waktu membaca"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-acknowledged_at", "-id"]
        verbose_name = _("tanda telah membaca")
        verbose_name_plural = _("tanda telah membaca")
        constraints = [
            models.UniqueConstraint(fields=["circular", "pegawai"], name="ack_once"),
        ]

    def __str__(self) -> str:
        return f"{self.circular_id}:{self.pegawai_id}"

    @property
    def audit_org_id(self) -> int:
        return self.circular.instansi_id
