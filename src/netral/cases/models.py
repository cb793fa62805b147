"""Cases (*perkara*) and everything the handling chain records about them.

A case gathers one or more reports/findings (``reports.Report``) about one event and one
or more employees (``CaseSubject``, linked to the registry when identified) and walks the
handling flow of shared/domain.md §3 (state machine in ``workflow.py``). Each stage has a
``CaseStage`` row with its due date from a ``reports.DeadlineRule`` row, so the sweep,
the queues and the PPK compliance table read one table. The recommending body is data
with effective dates (``RecommendingBody``: KASN until 3-9-2024, BKN since 4-9-2024;
Perpres 91 and 92/2024, SE MenPANRB 4/2024); a case keeps the body in force on the day it
was forwarded.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from netral.core.models import TimeStampedModel
from netral.reports.models import ElectionType


class RecommendingBody(TimeStampedModel):
    """The body that receives Bawaslu's forwarding and recommends a sanction to the PPK
    (shared/domain.md §1, §3.4). An administrator adds a successor (MK 121/PUU-XXII/2024)
    as a new row and closes the previous one's ``effective_until``."""

    code = models.SlugField(_("kode"), max_length=30, unique=True)
    name = models.CharField(_("nama"), max_length=200)
    short_name = models.CharField(_("singkatan"), max_length=30)
    effective_from = models.DateField(_("berlaku sejak"))
    effective_until = models.DateField(_("berlaku sampai"), null=True, blank=True)
    citation = models.CharField(_("dasar hukum"), max_length=400)

    class Meta:
        ordering = ["effective_from", "id"]
        verbose_name = _("lembaga pemberi rekomendasi")
        verbose_name_plural = _("lembaga pemberi rekomendasi")
        constraints = [
            models.CheckConstraint(
                condition=Q(effective_until__isnull=True)
                | Q(effective_until__gte=models.F("effective_from")),
                name="recommending_body_dates_ordered",
            ),
        ]

    def __str__(self) -> str:
        return self.short_name


class CaseStatus(models.TextChoices):
    """States of the handling flow (shared/domain.md §3); the table is in workflow.py."""

    INFORMASI = "informasi", _("Informasi awal")
    INITIAL_STUDY = "initial_study", _("Kajian awal")
    RETURNED = "returned", _("Dikembalikan untuk dilengkapi")
    NOT_REGISTERED = "not_registered", _("Tidak diregistrasi")
    STUDY = "study", _("Diregistrasi, dalam kajian")
    NOT_PROVEN = "not_proven", _("Tidak terbukti, dihentikan")
    FORWARDED = "forwarded", _("Diteruskan ke lembaga pemberi rekomendasi")
    BODY_EXAM = "body_exam", _("Pemeriksaan oleh lembaga pemberi rekomendasi")
    RECOMMENDED = "recommended", _("Rekomendasi sanksi kepada PPK")
    AGENCY = "agency", _("Diteruskan ke instansi pemberi kerja (non-ASN)")
    DECIDED = "decided", _("Sanksi ditetapkan PPK")
    APPEAL = "appeal", _("Upaya administratif (keberatan/banding)")
    EXECUTED = "executed", _("Sanksi dilaksanakan dan dilaporkan")
    CLOSED = "closed", _("Selesai")
    MERGED = "merged", _("Digabung ke perkara lain")
    REFERRED = "referred", _("Dilimpahkan ke tingkat lain")
    WITHDRAWN = "withdrawn", _("Dicabut pelapor")


TERMINAL_STATES = frozenset(
    {
        CaseStatus.NOT_REGISTERED,
        CaseStatus.NOT_PROVEN,
        CaseStatus.CLOSED,
        CaseStatus.MERGED,
        CaseStatus.REFERRED,
        CaseStatus.WITHDRAWN,
    }
)


class CaseCounter(models.Model):
    """Gap-free case numbers per year; the row is locked while numbering."""

    year = models.PositiveSmallIntegerField(unique=True)
    last = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["year"]

    def __str__(self) -> str:
        return f"{self.year}: {self.last}"


class Case(TimeStampedModel):
    """One case (*perkara*) about one event; see the module docstring."""

    class ForwardedTo(models.TextChoices):
        BODY = "BODY", _("Lembaga pemberi rekomendasi (ASN)")
        AGENCY = "AGENCY", _("Instansi pemberi kerja (non-ASN)")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    number = models.CharField(_("nomor perkara"), max_length=20, unique=True)
    status = models.CharField(
        _("status"), max_length=16, choices=CaseStatus.choices, default=CaseStatus.INITIAL_STUDY
    )
    election_type = models.CharField(
        _("jenis pemilihan"), max_length=10, choices=ElectionType.choices
    )
    title = models.CharField(_("pokok perkara"), max_length=300)
    summary = models.TextField(_("uraian"), blank=True)
    region = models.ForeignKey(
        "registry.Region", verbose_name=_("wilayah"), on_delete=models.PROTECT, related_name="+"
    )
    # Copy of region.kode: Bawaslu/Satgas/body queues scope by region prefix without a join.
    region_kode = models.CharField(max_length=13, editable=False)
    # The employing agency (PPK, BKPSDM and Inspektorat scope); null until identified.
    instansi = models.ForeignKey(
        "registry.Instansi",
        verbose_name=_("instansi terlapor"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    violation_type = models.ForeignKey(
        "reports.ViolationType",
        verbose_name=_("jenis pelanggaran"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # Current stage: due date and the rule it came from (copied from the open CaseStage so
    # queue pages sort and filter on one table).
    stage_due_on = models.DateField(_("tenggat tahap"), null=True, blank=True)
    stage_rule = models.CharField(_("aturan tenggat"), max_length=20, blank=True)

    discovered_on = models.DateField(_("tanggal ditemukan"), null=True, blank=True)
    registered_on = models.DateField(_("tanggal registrasi"), null=True, blank=True)
    registration_number = models.CharField(_("nomor registrasi"), max_length=40, blank=True)
    study_extended = models.BooleanField(_("kajian diperpanjang"), default=False)
    gakkumdu_on = models.DateField(_("diteruskan ke Gakkumdu"), null=True, blank=True)
    forwarded_on = models.DateField(_("tanggal diteruskan"), null=True, blank=True)
    forwarded_to = models.CharField(
        _("diteruskan kepada"), max_length=6, choices=ForwardedTo.choices, blank=True
    )
    recommending_body = models.ForeignKey(
        RecommendingBody,
        verbose_name=_("lembaga pemberi rekomendasi"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cases",
    )
    # The day the case reached the PPK (recommendation, or forwarding for non-ASN).
    ppk_received_on = models.DateField(_("diterima PPK"), null=True, blank=True)
    recommendation_number = models.CharField(_("nomor rekomendasi"), max_length=60, blank=True)
    decree_number = models.CharField(_("nomor keputusan PPK"), max_length=60, blank=True)
    decided_on = models.DateField(_("tanggal keputusan"), null=True, blank=True)
    executed_on = models.DateField(_("tanggal pelaksanaan"), null=True, blank=True)
    # Set by the sweep when the PPK misses the follow-up deadline (shared/domain.md §3.7).
    ppk_flagged_at = models.DateTimeField(_("PPK melewati tenggat"), null=True, blank=True)
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("digabung ke"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="merged_cases",
    )
    referred_to = models.CharField(_("dilimpahkan kepada"), max_length=200, blank=True)
    closing_reason = models.TextField(_("alasan penghentian"), blank=True)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("petugas"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("perkara")
        verbose_name_plural = _("perkara")
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="merged") | Q(merged_into__isnull=False),
                name="case_merged_has_target",
            ),
        ]
        indexes = [
            # Region queues (Bawaslu, Satgas, recommending body): status + region prefix,
            # soonest due first. region_kode uses a pattern-ops opclass on PostgreSQL
            # (migration 0002) so ``LIKE '21.02.%'`` can use it.
            models.Index(
                fields=["status", "region_kode", "stage_due_on"], name="case_queue_region"
            ),
            # Agency queues (PPK, BKPSDM, Inspektorat) and the compliance table.
            models.Index(fields=["status", "instansi", "stage_due_on"], name="case_queue_instansi"),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def audit_org_id(self) -> int | None:
        return self.instansi_id


class CaseReport(models.Model):
    """A report or finding that is part of a case. A report belongs to one case at most
    (a merged case keeps its own rows and points at the case it was merged into)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="case_reports")
    report = models.OneToOneField(
        "reports.Report", on_delete=models.PROTECT, related_name="case_link"
    )
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["case_id", "id"]
        verbose_name = _("laporan dalam perkara")
        verbose_name_plural = _("laporan dalam perkara")

    def __str__(self) -> str:
        return f"{self.case_id} ← {self.report_id}"


class CaseSubject(TimeStampedModel):
    """An employee a case is about, with the sanction recommended, decided and executed
    for them, and the HR-data blocking when the PPK misses the deadline (Peraturan BKN
    1/2023; shared/domain.md §3.7)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="subjects")
    pegawai = models.ForeignKey(
        "registry.Pegawai",
        verbose_name=_("pegawai di registri"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="case_subjects",
    )
    nama = models.CharField(_("nama"), max_length=200)
    jenis_pegawai = models.CharField(
        _("jenis pegawai"),
        max_length=8,
        choices=[
            ("PNS", _("PNS")),
            ("CPNS", _("CPNS")),
            ("PPPK", _("PPPK")),
            ("NON_ASN", _("Non-ASN (PPNPN/honorer/PTT/THL)")),
        ],
    )
    jabatan = models.CharField(_("jabatan"), max_length=200, blank=True)
    recommended_sanction = models.ForeignKey(
        "reports.SanctionType",
        verbose_name=_("sanksi yang direkomendasikan"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_sanction = models.ForeignKey(
        "reports.SanctionType",
        verbose_name=_("sanksi yang ditetapkan"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    executed_on = models.DateField(_("tanggal pelaksanaan"), null=True, blank=True)
    blocked_at = models.DateTimeField(_("diblokir (data kepegawaian)"), null=True, blank=True)
    block_lifted_at = models.DateTimeField(_("blokir dibuka"), null=True, blank=True)

    class Meta:
        ordering = ["case_id", "id"]
        verbose_name = _("terlapor perkara")
        verbose_name_plural = _("terlapor perkara")
        constraints = [
            models.UniqueConstraint(
                fields=["case", "pegawai"],
                condition=Q(pegawai__isnull=False),
                name="case_subject_pegawai_once",
            ),
        ]
        indexes = [
            # Employee record page: an employee's cases and sanctions.
            models.Index(fields=["pegawai"], name="case_subject_pegawai"),
        ]

    def __str__(self) -> str:
        return self.nama

    @property
    def is_asn(self) -> bool:
        return self.jenis_pegawai != "NON_ASN"

    @property
    def is_blocked(self) -> bool:
        return self.blocked_at is not None and self.block_lifted_at is None


class CaseStage(models.Model):
    """One stage of a case with a legal deadline: entered, due, completed; the sweep marks
    it overdue once (``overdue_at``) and escalates once (``escalated_at``)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="stages")
    status = models.CharField(_("tahap"), max_length=16, choices=CaseStatus.choices)
    rule = models.CharField(_("aturan tenggat"), max_length=20)
    responsible_role = models.CharField(_("peran penanggung jawab"), max_length=16)
    started_on = models.DateField(_("mulai dihitung"))
    due_on = models.DateField(_("tenggat"))
    working_days = models.BooleanField(_("hari kerja"), default=False)
    completed_at = models.DateTimeField(_("selesai"), null=True, blank=True)
    overdue_at = models.DateTimeField(_("ditandai lewat tenggat"), null=True, blank=True)
    escalated_at = models.DateTimeField(_("dieskalasi"), null=True, blank=True)

    class Meta:
        ordering = ["case_id", "started_on", "id"]
        verbose_name = _("tahap perkara")
        verbose_name_plural = _("tahap perkara")
        constraints = [
            # One open stage per case at a time.
            models.UniqueConstraint(
                fields=["case"], condition=Q(completed_at__isnull=True), name="case_one_open_stage"
            ),
        ]
        indexes = [
            # The overdue sweep: open, not yet marked, by due date.
            models.Index(
                fields=["due_on"],
                condition=Q(completed_at__isnull=True, overdue_at__isnull=True),
                name="case_stage_sweep",
            ),
            # PPK compliance table: follow-up stages per case.
            models.Index(fields=["rule", "case"], name="case_stage_rule"),
        ]

    def __str__(self) -> str:
        return f"{self.case_id} {self.status} → {self.due_on}"


class CaseDocument(TimeStampedModel):
    """A document of a case: an uploaded signed scan or a generated letter, kept with its
    SHA-256. Transitions require documents by ``kind`` (workflow.py)."""

    class Kind(models.TextChoices):
        TANDA_TERIMA = "TANDA_TERIMA", _("Tanda terima laporan")
        PEMBERITAHUAN = "PEMBERITAHUAN", _("Pemberitahuan kekurangan laporan")
        BA_KLARIFIKASI = "BA_KLARIFIKASI", _("Berita acara klarifikasi")
        HASIL_KAJIAN = "HASIL_KAJIAN", _("Hasil kajian")
        SURAT_PENERUSAN = "SURAT_PENERUSAN", _("Surat penerusan")
        REKOMENDASI = "REKOMENDASI", _("Surat rekomendasi")
        SK_HUKUMAN = "SK_HUKUMAN", _("Keputusan hukuman disiplin")
        PERNYATAAN_MORAL = "PERNYATAAN_MORAL", _("Pernyataan sanksi moral")
        LAPORAN_PELAKSANAAN = "LAPORAN_PELAKSANAAN", _("Laporan pelaksanaan sanksi")
        LAINNYA = "LAINNYA", _("Dokumen lain")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(_("jenis dokumen"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("judul"), max_length=200)
    number = models.CharField(_("nomor surat"), max_length=80, blank=True)
    file = models.FileField(_("berkas"), upload_to="cases/", max_length=200, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    size = models.BigIntegerField(default=0)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["case_id", "created_at", "id"]
        verbose_name = _("dokumen perkara")
        verbose_name_plural = _("dokumen perkara")
        indexes = [models.Index(fields=["case", "kind"], name="case_document_kind")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.number}".strip()


class CaseEvent(models.Model):
    """The case timeline: status changes (``public_text`` is what a reporter may read),
    notes, documents, alerts."""

    class Kind(models.TextChoices):
        STATUS = "STATUS", _("Perubahan status")
        NOTE = "NOTE", _("Catatan internal")
        DOCUMENT = "DOCUMENT", _("Dokumen")
        OVERDUE = "OVERDUE", _("Lewat tenggat")
        ESCALATED = "ESCALATED", _("Eskalasi")
        ASSIGNED = "ASSIGNED", _("Penugasan")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(_("waktu"), auto_now_add=True)
    kind = models.CharField(_("jenis"), max_length=10, choices=Kind.choices)
    transition = models.CharField(_("langkah"), max_length=30, blank=True)
    status = models.CharField(_("status"), max_length=16, blank=True)
    text = models.TextField(_("keterangan"), blank=True)
    public_text = models.TextField(_("keterangan untuk pelapor"), blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["case_id", "at", "id"]
        verbose_name = _("riwayat perkara")
        verbose_name_plural = _("riwayat perkara")

    def __str__(self) -> str:
        return f"{self.case_id} {self.kind} {self.at:%Y-%m-%d %H:%M}"

    @property
    def status_label(self) -> str:
        """The state the step led to, in words (the timeline never shows a raw code)."""
        if self.status in CaseStatus.values:
            return str(CaseStatus(self.status).label)
        return self.status


class CaseAlert(models.Model):
    """A notice to the role responsible for an overdue stage, or an escalation to its
    supervisor; shown in that role's queue and e-mailed (tasks.py)."""

    class Level(models.TextChoices):
        OVERDUE = "OVERDUE", _("Lewat tenggat")
        ESCALATION = "ESCALATION", _("Eskalasi ke atasan")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="alerts")
    stage = models.ForeignKey(CaseStage, on_delete=models.CASCADE, related_name="alerts")
    level = models.CharField(_("tingkat"), max_length=10, choices=Level.choices)
    role = models.CharField(_("peran tujuan"), max_length=16)
    at = models.DateTimeField(_("waktu"), auto_now_add=True)
    resolved_at = models.DateTimeField(_("selesai"), null=True, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("peringatan perkara")
        verbose_name_plural = _("peringatan perkara")
        constraints = [
            # The sweep is idempotent: one alert of each level per stage and role.
            models.UniqueConstraint(fields=["stage", "level", "role"], name="case_alert_once"),
        ]

    def __str__(self) -> str:
        return f"{self.case_id} {self.level} {self.role}"


# Official letters (offices, templates, numbering, issued letters) live in their own module.
from netral.cases.letter_models import (  # noqa: E402, F401
    CaseLetter,
    LetterCounter,
    LetterOffice,
    LetterTemplate,
)
