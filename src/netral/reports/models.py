"""Reports (*laporan*), findings (*temuan*), their evidence and the violation catalogue.

Handling flow: shared/domain.md §3; legal basis and formal requirements: §2; the
violation catalogue (SKB 2022 annex): §4. Regulatory values (violation types, sanctions,
deadlines, *cuti bersama*) are admin-editable rows with a citation (house style §9).

Reporter protection (UU 27/2022 PDP; GlobaLeaks as the bar): the reporter's identity is
stored only as one AES-GCM token (``core.crypto``, keys outside the database); the
receipt code only as a 6-digit public prefix plus a slow scrypt hash; no IP address.
"""

from __future__ import annotations

import datetime as dt
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from netral.core.dates import check_event_at, check_event_date
from netral.core.models import TimeStampedModel

# Any real event is far later; the database refuses anything before (see Report.Meta).
EVENT_AT_FLOOR = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)

# --- Violation catalogue and sanctions (shared with the cases app) -------------------


class ViolationCatalogueVersion(TimeStampedModel):
    """One edition of the violation catalogue (SKB 2022 annex; shared/domain.md §4).

    A new edition is added rather than the old one edited, so reports and cases keep
    pointing at the wording that applied when they were filed. Exactly one is active."""

    name = models.CharField(_("nama"), max_length=200)
    effective_from = models.DateField(_("berlaku sejak"))
    is_active = models.BooleanField(_("aktif"), default=False)
    citation = models.TextField(_("dasar hukum"))
    notes = models.TextField(_("catatan"), blank=True)

    class Meta:
        ordering = ["-effective_from", "-id"]
        verbose_name = _("versi katalog pelanggaran")
        verbose_name_plural = _("versi katalog pelanggaran")
        constraints = [
            models.UniqueConstraint(
                fields=["is_active"], condition=Q(is_active=True), name="catalogue_one_active"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class ViolationType(TimeStampedModel):
    """A kind of neutrality violation with its legal category and citation."""

    class Category(models.TextChoices):
        ETIKA = "ETIKA", _("Pelanggaran kode etik (PP 42/2004)")
        DISIPLIN = "DISIPLIN", _("Pelanggaran disiplin (PP 94/2021)")
        PDTH = "PDTH", _("Pemberhentian tidak dengan hormat (UU ASN)")

    class Level(models.TextChoices):
        RINGAN = "RINGAN", _("Ringan")
        SEDANG = "SEDANG", _("Sedang")
        BERAT = "BERAT", _("Berat")

    version = models.ForeignKey(
        ViolationCatalogueVersion,
        verbose_name=_("versi katalog"),
        on_delete=models.PROTECT,
        related_name="types",
    )
    code = models.CharField(_("kode"), max_length=30)
    category = models.CharField(_("kategori"), max_length=10, choices=Category.choices)
    title = models.CharField(_("judul"), max_length=300)
    description = models.TextField(_("uraian"), blank=True)
    discipline_level = models.CharField(
        _("tingkat hukuman disiplin"), max_length=6, choices=Level.choices, blank=True
    )
    # shared/domain.md §2 marks the Pasal 5 n levels "verify": shown in the admin.
    needs_verification = models.BooleanField(_("perlu diverifikasi"), default=False)
    citation = models.CharField(_("dasar hukum"), max_length=300)
    order = models.PositiveSmallIntegerField(_("urutan"), default=0)

    class Meta:
        ordering = ["version_id", "order", "code"]
        verbose_name = _("jenis pelanggaran")
        verbose_name_plural = _("jenis pelanggaran")
        constraints = [
            models.UniqueConstraint(fields=["version", "code"], name="violation_code_per_version"),
        ]

    def __str__(self) -> str:
        return self.title


class SanctionType(TimeStampedModel):
    """A sanction a decision maker may impose, by employment type (PP 94/2021 Pasal 8,
    PP 42/2004, PP 49/2018, employment contract for non-ASN)."""

    class Employment(models.TextChoices):
        PNS = "PNS", _("PNS (termasuk CPNS)")
        PPPK = "PPPK", _("PPPK")
        NON_ASN = "NON_ASN", _("Non-ASN")

    code = models.CharField(_("kode"), max_length=40, unique=True)
    name = models.CharField(_("nama"), max_length=300)
    employment = models.CharField(_("jenis pegawai"), max_length=8, choices=Employment.choices)
    level = models.CharField(
        _("tingkat"), max_length=6, choices=ViolationType.Level.choices, blank=True
    )
    is_moral = models.BooleanField(_("sanksi moral"), default=False)
    citation = models.CharField(_("dasar hukum"), max_length=300)
    order = models.PositiveSmallIntegerField(_("urutan"), default=0)

    class Meta:
        ordering = ["employment", "order", "code"]
        verbose_name = _("jenis sanksi")
        verbose_name_plural = _("jenis sanksi")

    def __str__(self) -> str:
        return f"{self.name} ({self.get_employment_display()})"


class AllowedSanction(models.Model):
    """Which sanctions a violation type allows (the employment type comes with the sanction)."""

    violation_type = models.ForeignKey(
        ViolationType, on_delete=models.CASCADE, related_name="allowed_sanctions"
    )
    sanction_type = models.ForeignKey(SanctionType, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["violation_type_id", "sanction_type__employment", "sanction_type__order"]
        verbose_name = _("sanksi yang dapat dijatuhkan")
        verbose_name_plural = _("sanksi yang dapat dijatuhkan")
        constraints = [
            models.UniqueConstraint(
                fields=["violation_type", "sanction_type"], name="allowed_sanction_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.violation_type} → {self.sanction_type}"


# --- Deadlines and working days ------------------------------------------------------


class ElectionType(models.TextChoices):
    PEMILU = "PEMILU", _("Pemilu (presiden, DPR, DPD, DPRD)")
    PILKADA = "PILKADA", _("Pemilihan kepala daerah (Pilkada)")
    TIDAK_TAHU = "TIDAK_TAHU", _("Tidak tahu")


class DeadlineRule(TimeStampedModel):
    """A statutory time limit (shared/domain.md §2), editable with its citation."""

    class Kind(models.TextChoices):
        REPORT_WINDOW = "REPORT_WINDOW", _("Batas waktu menyampaikan laporan")
        TEMUAN_WINDOW = "TEMUAN_WINDOW", _("Batas waktu menetapkan temuan")
        INITIAL_STUDY = "INITIAL_STUDY", _("Batas waktu kajian awal dan verifikasi")
        INCOMPLETE_NOTICE = "INCOMPLETE_NOTICE", _("Pemberitahuan laporan belum lengkap")
        COMPLETION = "COMPLETION", _("Batas waktu melengkapi laporan")
        STUDY = "STUDY", _("Batas waktu kajian")
        STUDY_EXTENDED = "STUDY_EXTENDED", _("Batas waktu kajian yang diperpanjang")
        BODY_RECOMMENDATION = "BODY_RECOMMENDATION", _("Batas waktu rekomendasi lembaga")
        PPK_FOLLOWUP = "PPK_FOLLOWUP", _("Batas waktu tindak lanjut PPK")
        EXECUTION = "EXECUTION", _("Batas waktu pelaksanaan sanksi")

    class StartEvent(models.TextChoices):
        LEARNED = "LEARNED", _("Pelapor mengetahui kejadian")
        DISCOVERED = "DISCOVERED", _("Pengawas menemukan dugaan pelanggaran")
        RECEIVED = "RECEIVED", _("Laporan diterima")
        INITIAL_STUDY = "INITIAL_STUDY", _("Kajian awal selesai")
        NOTICE = "NOTICE", _("Pemberitahuan kekurangan diterima pelapor")
        REGISTERED = "REGISTERED", _("Laporan/temuan diregistrasi")
        FORWARDED = "FORWARDED", _("Diteruskan ke lembaga")
        RECOMMENDED = "RECOMMENDED", _("Rekomendasi diterima PPK")
        DECIDED = "DECIDED", _("Keputusan PPK ditetapkan")

    kind = models.CharField(_("jenis"), max_length=20, choices=Kind.choices)
    election_type = models.CharField(
        _("jenis pemilihan"), max_length=10, choices=ElectionType.choices
    )
    days = models.PositiveSmallIntegerField(_("jumlah hari"))
    working_days = models.BooleanField(_("hari kerja"), default=False)
    start_event = models.CharField(
        _("dihitung sejak"), max_length=14, choices=StartEvent.choices, blank=True
    )
    # shared/domain.md marks some limits "verify" (e.g. the PPK follow-up): the admin shows it.
    needs_verification = models.BooleanField(_("perlu diverifikasi"), default=False)
    citation = models.CharField(_("dasar hukum"), max_length=300)

    class Meta:
        ordering = ["kind", "election_type"]
        verbose_name = _("batas waktu")
        verbose_name_plural = _("batas waktu")
        constraints = [
            models.UniqueConstraint(fields=["kind", "election_type"], name="deadline_rule_unique"),
        ]

    def __str__(self) -> str:
        unit = _("hari kerja") if self.working_days else _("hari")
        return f"{self.get_kind_display()} — {self.get_election_type_display()}: {self.days} {unit}"


class IntakeCounter(models.Model):
    """Gap-free intake numbers per kind and year; the row is locked while numbering."""

    prefix = models.CharField(max_length=3)
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["prefix", "year"]
        constraints = [
            models.UniqueConstraint(fields=["prefix", "year"], name="intake_counter_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.prefix}-{self.year}: {self.last}"


# --- Reports ---------------------------------------------------------------------------


class Report(TimeStampedModel):
    """A report from the public, a tip-off, or a supervisor's finding (shared/domain.md §3.1)."""

    class Kind(models.TextChoices):
        LAPORAN = "LAPORAN", _("Laporan")
        INFORMASI = "INFORMASI", _("Informasi awal (anonim)")
        TEMUAN = "TEMUAN", _("Temuan")

    class Channel(models.TextChoices):
        WEB = "WEB", _("Formulir daring")
        API = "API", _("Kanal integrasi (API)")
        KERTAS = "KERTAS", _("Surat/kertas")
        TELEPON = "TELEPON", _("Telepon")
        DATANG = "DATANG", _("Datang langsung")
        TEMUAN = "TEMUAN", _("Temuan pengawas")

    class IdentityMode(models.TextChoices):
        ANONYMOUS = "ANONYMOUS", _("Anonim: identitas tidak disimpan")
        CONFIDENTIAL = "CONFIDENTIAL", _("Rahasia: identitas disimpan terenkripsi")
        OPEN = "OPEN", _("Terbuka: identitas boleh diungkapkan dalam pemeriksaan")

    class Status(models.TextChoices):
        RECEIVED = "received", _("Diterima")
        TRIAGED = "triaged", _("Ditelaah awal")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    intake_number = models.CharField(_("nomor penerimaan"), max_length=20, unique=True)
    kind = models.CharField(_("jenis"), max_length=10, choices=Kind.choices)
    channel = models.CharField(_("kanal"), max_length=8, choices=Channel.choices)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.RECEIVED
    )
    received_at = models.DateTimeField(_("diterima"))
    # A double submit sends the same key; the constraint makes it one report.
    idempotency_key = models.UUIDField(null=True, blank=True, editable=False)

    election_type = models.CharField(
        _("jenis pemilihan"),
        max_length=10,
        choices=ElectionType.choices,
        default=ElectionType.TIDAK_TAHU,
    )
    # Bounded (issue 9): an out-of-range moment, once stored, cannot be read back.
    event_at = models.DateTimeField(_("waktu kejadian"), validators=[check_event_at])
    # A reporter who gives a date but no hour (issue 11 item 5): ``event_at`` is then the
    # start of that local day, a date without a time, and is never shown with an hour.
    event_time_known = models.BooleanField(_("jam kejadian diketahui"), default=True)
    # The reporting window runs from the day the reporter learned of the event, not from
    # the event (shared/domain.md §3); a finding's window from the supervisor's discovery.
    learned_on = models.DateField(
        _("tanggal mengetahui kejadian"), null=True, blank=True, validators=[check_event_date]
    )
    discovered_on = models.DateField(
        _("tanggal ditemukan pengawas"), null=True, blank=True, validators=[check_event_date]
    )
    event_region = models.ForeignKey(
        "registry.Region", verbose_name=_("tempat"), on_delete=models.PROTECT, related_name="+"
    )
    # Copy of event_region.kode: the handler inbox scopes by region prefix without a join.
    region_kode = models.CharField(max_length=13, editable=False, db_index=True)
    place_detail = models.CharField(_("detail tempat"), max_length=300, blank=True)
    description = models.TextField(_("uraian kejadian"))
    violation_type = models.ForeignKey(
        ViolationType,
        verbose_name=_("jenis pelanggaran"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    identity_mode = models.CharField(
        _("mode identitas"), max_length=12, choices=IdentityMode.choices
    )
    # AES-GCM token of the reporter's identity (JSON); never in clear in the database.
    identity_token = models.TextField(blank=True, editable=False)
    # Which identity parts exist, so the formal check needs no decryption.
    has_reporter_name = models.BooleanField(default=False, editable=False)
    has_reporter_address = models.BooleanField(default=False, editable=False)
    has_reporter_contact = models.BooleanField(default=False, editable=False)

    receipt_prefix = models.CharField(max_length=6, blank=True, db_index=True, editable=False)
    receipt_salt = models.BinaryField(max_length=16, blank=True, editable=False)
    receipt_hash = models.BinaryField(max_length=32, blank=True, editable=False)
    # SHA-256 over the canonical content (no identity), printed on the proof of filing.
    content_hash = models.CharField(max_length=64, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("dicatat oleh"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        ordering = ["-received_at", "-id"]
        verbose_name = _("laporan")
        verbose_name_plural = _("laporan")
        constraints = [
            models.UniqueConstraint(
                fields=["idempotency_key"],
                condition=Q(idempotency_key__isnull=False),
                name="report_idempotency_unique",
            ),
            models.CheckConstraint(
                condition=~Q(identity_mode="ANONYMOUS") | Q(identity_token=""),
                name="report_anonymous_has_no_identity",
            ),
            # The last line of defence for any write path that skips full_clean():
            # a year-0 timestamp would make every list containing the row fail.
            models.CheckConstraint(
                condition=Q(event_at__gte=EVENT_AT_FLOOR),
                name="report_event_at_readable",
            ),
        ]
        indexes = [
            # Handler inbox: newest open reports first within the region scope.
            models.Index(fields=["status", "region_kode", "received_at"], name="report_inbox"),
        ]

    def __str__(self) -> str:
        return self.intake_number

    @property
    def audit_org_id(self) -> None:
        return None

    @property
    def is_public_intake(self) -> bool:
        return self.channel in (self.Channel.WEB, self.Channel.API)


class ReportedPerson(TimeStampedModel):
    """Someone a report is about, as the reporter described them; ``pegawai`` is set
    only when a handler confirms a registry match (triage)."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="persons")
    nama = models.CharField(_("nama"), max_length=200)
    instansi = models.ForeignKey(
        "registry.Instansi",
        verbose_name=_("instansi"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    unit = models.ForeignKey(
        "registry.UnitKerja",
        verbose_name=_("unit kerja"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    jabatan = models.CharField(_("jabatan"), max_length=200, blank=True)
    nip = models.CharField(_("NIP"), max_length=18, blank=True)
    nik = models.CharField(_("NIK"), max_length=16, blank=True)
    pegawai = models.ForeignKey(
        "registry.Pegawai",
        verbose_name=_("pegawai di registri"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    matched_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["report_id", "id"]
        verbose_name = _("terlapor")
        verbose_name_plural = _("terlapor")
        indexes = [
            # Duplicate grouping: other reports about the same registry employee.
            models.Index(fields=["pegawai"], name="reported_person_pegawai"),
        ]

    def __str__(self) -> str:
        return self.nama


class Evidence(TimeStampedModel):
    """One piece of evidence: an uploaded file (original kept unchanged with its SHA-256
    and receipt time, plus a metadata-free copy for images) or a link."""

    class Kind(models.TextChoices):
        IMAGE = "IMAGE", _("Gambar")
        PDF = "PDF", _("PDF")
        VIDEO = "VIDEO", _("Video")
        LINK = "LINK", _("Tautan")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="evidence")
    kind = models.CharField(_("jenis"), max_length=5, choices=Kind.choices)
    original = models.FileField(_("berkas asli"), upload_to="evidence/", blank=True, max_length=200)
    # The original is identifying data (EXIF name and GPS, PDF author): stored encrypted
    # with the identity key (core.crypto.encrypt_file; issue 9, defect 3). False only for
    # files stored before that, until the migration step encrypts them.
    encrypted = models.BooleanField(_("terenkripsi"), default=False, editable=False)
    shareable = models.FileField(
        _("salinan tanpa metadata"), upload_to="evidence/", blank=True, max_length=200
    )
    content_type = models.CharField(_("tipe isi"), max_length=100, blank=True)
    size = models.BigIntegerField(_("ukuran"), default=0)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    received_at = models.DateTimeField(_("diterima"))
    url = models.URLField(_("tautan"), max_length=1000, blank=True)
    # Who added it: the reporter (None) or a staff member.
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["report_id", "received_at", "id"]
        verbose_name = _("bukti")
        verbose_name_plural = _("bukti")
        constraints = [
            models.CheckConstraint(
                condition=(Q(kind="LINK") & ~Q(url="")) | (~Q(kind="LINK") & ~Q(sha256="")),
                name="evidence_link_or_hashed_file",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.sha256[:12] or self.url[:40]}"


class ReportEvent(models.Model):
    """The report's timeline: status changes (public), notes (handlers only)."""

    class Kind(models.TextChoices):
        STATUS = "STATUS", _("Perubahan status")
        NOTE = "NOTE", _("Catatan telaah")
        EVIDENCE = "EVIDENCE", _("Bukti ditambahkan")
        MATCH = "MATCH", _("Terlapor dicocokkan dengan registri")

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(_("waktu"), auto_now_add=True)
    kind = models.CharField(_("jenis"), max_length=8, choices=Kind.choices)
    status = models.CharField(_("status"), max_length=12, blank=True)
    is_public = models.BooleanField(_("terlihat oleh pelapor"), default=False)
    text = models.TextField(_("keterangan"), blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["report_id", "at", "id"]
        verbose_name = _("riwayat laporan")
        verbose_name_plural = _("riwayat laporan")

    def __str__(self) -> str:
        return f"{self.report_id} {self.kind} {self.at:%Y-%m-%d %H:%M}"


class Message(models.Model):
    """The two-way thread between the reporter (via the receipt code) and handlers.

    Handler messages carry the author for the audit trail but are shown to the reporter
    under the office's name only."""

    class Direction(models.TextChoices):
        FROM_REPORTER = "IN", _("Dari pelapor")
        TO_REPORTER = "OUT", _("Dari petugas")

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="messages")
    at = models.DateTimeField(_("waktu"), auto_now_add=True)
    direction = models.CharField(_("arah"), max_length=3, choices=Direction.choices)
    body = models.TextField(_("pesan"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["report_id", "at", "id"]
        verbose_name = _("pesan")
        verbose_name_plural = _("pesan")

    def __str__(self) -> str:
        return f"{self.report_id} {self.direction} {self.at:%Y-%m-%d %H:%M}"
