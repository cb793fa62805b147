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


class Event(AudienceFields, TimeStampedModel):
    """A socialisation, political-education or assembly event (seeds 000, 001): who
    organises it, who speaks (often Bawaslu), where and when, whom it invites, its
    materials, and whether the neutrality pledge is read there (linking a campaign)."""

    class Jenis(models.TextChoices):
        SOSIALISASI = "SOSIALISASI", _("Sosialisasi netralitas ASN")
        PENDIDIKAN_POLITIK = "PENDIDIKAN_POLITIK", _("Pendidikan politik")
        APEL = "APEL", _("Apel")

    class Status(models.TextChoices):
        DRAFT = "DRAFT", _("Draf")
        PUBLISHED = "PUBLISHED", _("Diumumkan")
        CLOSED = "CLOSED", _("Selesai")
        CANCELLED = "CANCELLED", _("Dibatalkan")

    instansi = models.ForeignKey(
        "registry.Instansi", verbose_name=_("instansi"), on_delete=models.PROTECT, related_name="+"
    )
    jenis = models.CharField(_("jenis kegiatan"), max_length=20, choices=Jenis.choices)
    judul = models.CharField(_("judul"), max_length=200)
    tema = models.CharField(_("tema"), max_length=300, blank=True)
    penyelenggara = models.CharField(_("penyelenggara"), max_length=200)
    narasumber = models.TextField(_("narasumber (satu per baris)"), blank=True)
    tempat = models.CharField(_("tempat"), max_length=200)
    mulai = models.DateTimeField(_("mulai"))
    selesai = models.DateTimeField(_("selesai"))
    materi = models.FileField(_("materi (PDF)"), upload_to="outreach/materi/", blank=True)
    materi_sha256 = models.CharField(max_length=64, blank=True, editable=False)
    pembacaan_ikrar = models.BooleanField(_("termasuk pembacaan ikrar netralitas"), default=False)
    campaign = models.ForeignKey(
        "pledges.Campaign",
        verbose_name=_("kampanye ikrar"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    dasar_hukum = models.CharField(_("dasar hukum"), max_length=500, default=DEFAULT_CITATION)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    # Seeds the rotating QR code shown at the venue (services.checkin_token).
    checkin_secret = models.CharField(max_length=64, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-mulai", "-id"]
        verbose_name = _("kegiatan sosialisasi")
        verbose_name_plural = _("kegiatan sosialisasi")
        constraints = [
            models.CheckConstraint(
                condition=Q(selesai__gt=models.F("mulai")), name="event_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        return f"{self.judul} ({self.mulai:%d-%m-%Y})"

    @property
    def audit_org_id(self) -> int:
        return self.instansi_id

    @property
    def speakers(self) -> list[str]:
        return [line.strip() for line in self.narasumber.splitlines() if line.strip()]


class Attendance(models.Model):
    """One employee's attendance at an event: one row whatever the way it was recorded
    (``attendance_once``), so a double tap on the QR page records one."""

    class Method(models.TextChoices):
        QR = "QR", _("Pindai kode QR")
        NIP = "NIP", _("Input NIP/NIK oleh panitia")
        BULK = "BULK", _("Daftar dari panitia")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="attendance")
    pegawai = models.ForeignKey(
        "registry.Pegawai", on_delete=models.PROTECT, related_name="event_attendance"
    )
    method = models.CharField(_("cara pencatatan"), max_length=4, choices=Method.choices)
    marked_at = models.DateTimeField(_("waktu hadir"))
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["event_id", "marked_at", "id"]
        verbose_name = _("kehadiran")
        verbose_name_plural = _("kehadiran")
        constraints = [
            models.UniqueConstraint(fields=["event", "pegawai"], name="attendance_once"),
        ]

    def __str__(self) -> str:
        return f"{self.event_id}:{self.pegawai_id}"

    @property
    def audit_org_id(self) -> int:
        return self.event.instansi_id


class SigningPlanNotice(TimeStampedModel):
    """The notice to the region's Bawaslu office of how pact signing is organised
    (seed 004: before signing, the HR office tells Bawaslu), generated from a pledge
    campaign before it opens and kept with its date and the e-mail's sending time."""

    campaign = models.ForeignKey(
        "pledges.Campaign",
        verbose_name=_("kampanye ikrar"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    nomor = models.CharField(_("nomor surat"), max_length=100)
    tanggal = models.DateField(_("tanggal surat"))
    kop_kantor = models.CharField(_("kop baris 2 (kantor)"), max_length=200)
    kepada = models.CharField(_("kepada"), max_length=200)
    email = models.EmailField(_("e-mail Bawaslu"))
    penandatangan = models.CharField(_("nama penanda tangan"), max_length=200)
    jabatan_penandatangan = models.CharField(_("jabatan penanda tangan"), max_length=200)
    pdf = models.FileField(_("berkas PDF"), upload_to="outreach/pemberitahuan/")
    pdf_sha256 = models.CharField(max_length=64, editable=False)
    emailed_at = models.DateTimeField(_("dikirim lewat e-mail"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-tanggal", "-id"]
        verbose_name = _("pemberitahuan rencana penandatanganan")
        verbose_name_plural = _("pemberitahuan rencana penandatanganan")
        constraints = [
            # A double submit of the form is one notice (the number is the same).
            models.UniqueConstraint(fields=["campaign", "nomor"], name="plan_notice_nomor_unique")
        ]

    def __str__(self) -> str:
        return f"{self.nomor} ({self.tanggal:%d-%m-%Y})"

    @property
    def audit_org_id(self) -> int:
        return self.campaign.instansi_id
