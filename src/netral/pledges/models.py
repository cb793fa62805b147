"""Pledges: elections, versioned pledge texts and pact templates, staged signing
campaigns, the hash-chained signature ledger and pledge ceremonies (*apel ikrar*).

Pledge points and staging practice: shared/domain.md §4 (seeds 002–004); legal basis
(SKB 2022, PP 94/2021, PP 71/2019): shared/domain.md §2.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from netral.core.models import TimeStampedModel


class Election(TimeStampedModel):
    """An election event: Pemilu (national) or Pilkada (regional heads), with its key
    dates. Seeded for 2024 by a data migration; administrators add later ones."""

    class Jenis(models.TextChoices):
        PEMILU = "PEMILU", _("Pemilu")
        PILKADA = "PILKADA", _("Pilkada (Pemilihan)")

    kode = models.SlugField(_("kode"), max_length=40, unique=True)
    nama = models.CharField(_("nama"), max_length=120)
    jenis = models.CharField(_("jenis"), max_length=8, choices=Jenis.choices)
    # Empty = nationwide; otherwise the region the election covers.
    region = models.ForeignKey(
        "registry.Region",
        verbose_name=_("wilayah"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    registration_start = models.DateField(_("awal pendaftaran calon"), null=True, blank=True)
    campaign_start = models.DateField(_("awal masa kampanye"))
    campaign_end = models.DateField(_("akhir masa kampanye"))
    voting_day = models.DateField(_("hari pemungutan suara"))
    citation = models.CharField(_("dasar hukum"), max_length=300, blank=True)

    class Meta:
        ordering = ["-voting_day", "kode"]
        verbose_name = _("pemilihan")
        verbose_name_plural = _("pemilihan")
        constraints = [
            models.CheckConstraint(
                condition=Q(campaign_start__lte=models.F("campaign_end"))
                & Q(campaign_end__lt=models.F("voting_day")),
                name="election_dates_in_order",
            )
        ]

    def __str__(self) -> str:
        return self.nama


class VersionedText(TimeStampedModel):
    """A versioned regulatory text. Rows are never edited once a campaign uses them:
    a change is a new version (house style §9: regulatory values are data with a
    citation)."""

    kode = models.SlugField(_("kode"), max_length=60)
    version = models.PositiveIntegerField(_("versi"))
    title = models.CharField(_("judul"), max_length=200)
    citation = models.CharField(_("dasar hukum"), max_length=500)

    class Meta:
        abstract = True
        ordering = ["kode", "-version"]

    def __str__(self) -> str:
        return f"{self.title} (v{self.version})"


class PledgeText(VersionedText):
    """The neutrality pledge (*ikrar netralitas*) read before signing; shared/domain.md §4."""

    body = models.TextField(_("teks ikrar"))

    class Meta(VersionedText.Meta):
        verbose_name = _("teks ikrar")
        verbose_name_plural = _("teks ikrar")
        constraints = [
            models.UniqueConstraint(fields=["kode", "version"], name="pledgetext_kode_version")
        ]


class PactTemplate(VersionedText):
    """The integrity pact (*pakta integritas*) layout: an opening statement, the pledge
    points (shared/domain.md §4, four points) and a closing; rendered per employee."""

    opening = models.TextField(_("pembuka"))
    points = models.JSONField(_("butir pernyataan"), default=list)
    closing = models.TextField(_("penutup"))

    class Meta(VersionedText.Meta):
        verbose_name = _("templat pakta integritas")
        verbose_name_plural = _("templat pakta integritas")
        constraints = [
            models.UniqueConstraint(fields=["kode", "version"], name="pacttemplate_kode_version")
        ]


class Campaign(TimeStampedModel):
    """One agency's pledge campaign for one election, pointing at the exact text and
    template versions employees read and sign."""

    class Status(models.TextChoices):
        DRAFT = "DRAFT", _("Draf")
        ACTIVE = "ACTIVE", _("Berjalan")
        CLOSED = "CLOSED", _("Ditutup")

    class LatePolicy(models.TextChoices):
        # Issue 11 item 7: what a signature after the stage's deadline does.
        RECORD = "RECORD", _("Diterima dan dicatat terlambat")
        REFUSE = "REFUSE", _("Ditolak")

    instansi = models.ForeignKey(
        "registry.Instansi",
        verbose_name=_("instansi"),
        on_delete=models.PROTECT,
        related_name="pledge_campaigns",
    )
    election = models.ForeignKey(
        Election, verbose_name=_("pemilihan"), on_delete=models.PROTECT, related_name="campaigns"
    )
    nama = models.CharField(_("nama kampanye"), max_length=200)
    pledge_text = models.ForeignKey(
        PledgeText, verbose_name=_("teks ikrar"), on_delete=models.PROTECT, related_name="+"
    )
    pact_template = models.ForeignKey(
        PactTemplate, verbose_name=_("templat pakta"), on_delete=models.PROTECT, related_name="+"
    )
    # Printed on the receipt ("Tanjung Balai Karimun, 8 Januari 2024").
    place = models.CharField(_("tempat penandatanganan"), max_length=120)
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.DRAFT
    )
    late_policy = models.CharField(
        _("tanda tangan setelah batas waktu tahap"),
        max_length=8,
        choices=LatePolicy.choices,
        default=LatePolicy.RECORD,
    )
    # Seed 004: Bawaslu is told how signing will be organised before it starts.
    bawaslu_notified_on = models.DateField(
        _("tanggal pemberitahuan ke Bawaslu"), null=True, blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("kampanye ikrar")
        verbose_name_plural = _("kampanye ikrar")
        constraints = [
            models.UniqueConstraint(
                fields=["instansi", "election"], name="campaign_one_per_instansi_election"
            )
        ]

    def __str__(self) -> str:
        return self.nama

    @property
    def audit_org_id(self) -> int:
        return self.instansi_id


class Stage(TimeStampedModel):
    """A signing stage (*tahap*, shared/domain.md §4: heads of OPD first, then the rest).

    Audience: the agency's active employees matching every non-empty criterion
    (position levels, employment types, unit subtree, placement directly in a top-level
    unit, explicit list). Opening: on a date, or when the previous stage's signed share
    reaches ``threshold_percent``.
    """

    class Status(models.TextChoices):
        PLANNED = "PLANNED", _("Terjadwal")
        OPEN = "OPEN", _("Dibuka")

    class OpenRule(models.TextChoices):
        DATE = "DATE", _("Pada tanggal tertentu")
        THRESHOLD = "THRESHOLD", _("Saat tahap sebelumnya mencapai persentase tertentu")

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="stages")
    order = models.PositiveSmallIntegerField(_("urutan"))
    nama = models.CharField(_("nama tahap"), max_length=200)
    tingkat_jabatan = models.JSONField(_("tingkat jabatan"), default=list, blank=True)
    jenis_pegawai = models.JSONField(_("jenis pegawai"), default=list, blank=True)
    unit = models.ForeignKey(
        "registry.UnitKerja",
        verbose_name=_("unit kerja (beserta sub-unit)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    opd_level_only = models.BooleanField(
        _("hanya pegawai yang ditempatkan langsung di OPD"), default=False
    )
    explicit_pegawai = models.ManyToManyField(
        "registry.Pegawai", verbose_name=_("daftar pegawai"), blank=True, related_name="+"
    )
    # Set by the service with the list, so the signing check needs no query otherwise.
    uses_explicit_list = models.BooleanField(default=False, editable=False)
    open_rule = models.CharField(
        _("cara pembukaan"), max_length=10, choices=OpenRule.choices, default=OpenRule.DATE
    )
    opens_on = models.DateField(_("tanggal dibuka"), null=True, blank=True)
    threshold_percent = models.PositiveSmallIntegerField(
        _("ambang tahap sebelumnya (%)"), null=True, blank=True
    )
    deadline = models.DateField(_("batas waktu"))
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.PLANNED
    )
    opened_at = models.DateTimeField(_("waktu dibuka"), null=True, blank=True)
    # Threshold stages: the ledger ``seq`` before which no signature can have reached
    # the threshold (set by the last count that fell short; see workflow.stages_open_due).
    recount_at_seq = models.BigIntegerField(null=True, blank=True, editable=False)
    # The add form's key: a double submit returns the first stage (issue 9, defect 6).
    idempotency_key = models.UUIDField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["campaign_id", "order"]
        verbose_name = _("tahap")
        verbose_name_plural = _("tahap")
        constraints = [
            models.UniqueConstraint(fields=["campaign", "order"], name="stage_order_unique"),
            models.UniqueConstraint(
                fields=["campaign", "idempotency_key"],
                condition=Q(idempotency_key__isnull=False),
                name="stage_idempotency_unique",
            ),
            models.CheckConstraint(
                condition=(Q(open_rule="DATE") & Q(opens_on__isnull=False))
                | (
                    Q(open_rule="THRESHOLD")
                    & Q(threshold_percent__gte=1)
                    & Q(threshold_percent__lte=100)
                ),
                name="stage_open_rule_complete",
            ),
        ]
        indexes = [
            # The sweep and the per-signature check look for planned stages only.
            models.Index(
                fields=["campaign", "order"],
                condition=Q(status="PLANNED"),
                name="stage_planned",
            )
        ]

    def __str__(self) -> str:
        return f"{self.campaign} — {_('Tahap')} {self.order}: {self.nama}"

    @property
    def audit_org_id(self) -> int:
        return self.campaign.instansi_id


class LedgerHead(models.Model):
    """The head of the *legacy* single chain (format 1, before issue 15): frozen since
    the migration to per-agency logs, it still names the last format-1 entry so
    ``verify_ledger`` can check that chain's links and signatures end where they did."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    seq = models.BigIntegerField(default=0)
    entry_hash = models.CharField(max_length=64)

    class Meta:
        ordering = ["id"]
        constraints = [models.CheckConstraint(condition=Q(id=1), name="ledger_head_singleton")]

    def __str__(self) -> str:
        return f"#{self.seq} {self.entry_hash[:12]}"


GENESIS_HASH = "0" * 64


class LedgerLog(models.Model):
    """One agency's append-only Merkle log (RFC 9162 §2.1; issue 15): the shard key of
    the ledger. Appenders lock only this row (``SELECT … FOR UPDATE``), so agencies
    never wait for each other. ``frontier`` holds the roots of the tree's complete
    subtrees (32 bytes each, largest first), so an append costs O(log n) hashes."""

    instansi = models.OneToOneField(
        "registry.Instansi",
        verbose_name=_("instansi"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="ledger_log",
    )
    # The checkpoint origin line: "<site host>/ledger/<instansi kode>".
    origin = models.CharField(_("asal (origin)"), max_length=200, unique=True)
    size = models.BigIntegerField(_("jumlah entri"), default=0)
    frontier = models.BinaryField(default=b"")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["origin"]
        verbose_name = _("log buku besar")
        verbose_name_plural = _("log buku besar")

    def __str__(self) -> str:
        return f"{self.origin} ({self.size})"


class LedgerEntry(models.Model):
    """One append-only ledger entry: leaf ``index`` of its agency's ``log``.

    Format 2 (issue 15): the leaf is ``frame("netral-ledger-v2", kind, payload)``, with
    no signature of its own: the signed checkpoints cover it. Format 1 (before): the
    entry of the old single chain, Ed25519-signed, whose leaf is its framed message plus
    signature (the bytes ``entry_hash`` was computed over), so migrated entries keep
    both their signature and a place in a log. ``nodes`` holds the leaf hash and the
    hashes of the subtrees this leaf completes (32 bytes each, lowest level first), so
    an inclusion or consistency proof needs O(log n) rows. ``seq`` is a global id from
    a database sequence (no lock), used by foreign keys. There are no update or delete
    paths, and the admin is read-only. A wrong signature is voided by a later ``VOID``
    entry that names it."""

    class Kind(models.TextChoices):
        SIGN = "SIGN", _("Tanda tangan")
        VOID = "VOID", _("Pembatalan")

    seq = models.BigAutoField(primary_key=True)
    log = models.ForeignKey(LedgerLog, on_delete=models.PROTECT, related_name="entries")
    index = models.BigIntegerField()
    format = models.PositiveSmallIntegerField(default=2)
    kind = models.CharField(max_length=4, choices=Kind.choices)
    payload = models.TextField()  # canonical JSON, UTF-8
    entry_hash = models.CharField(max_length=64)  # format 2: the leaf hash, hex
    nodes = models.BinaryField(default=b"")
    # Format 1 only (empty on format 2).
    prev_hash = models.CharField(max_length=64, blank=True, default="")
    key_id = models.CharField(max_length=16, blank=True, default="")
    signature = models.CharField(max_length=128, blank=True, default="")

    class Meta:
        ordering = ["seq"]
        verbose_name = _("entri buku besar")
        verbose_name_plural = _("buku besar tanda tangan")
        constraints = [
            models.UniqueConstraint(fields=["log", "index"], name="ledger_log_index_unique"),
            # The legacy chain: two format-1 entries can never share a parent.
            models.UniqueConstraint(
                fields=["prev_hash"], condition=Q(format=1), name="ledger_prev_hash_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.seq} {self.kind} {self.entry_hash[:12]}"

    @property
    def position(self) -> int:
        """1-based position in its agency's log (the tree size that first includes it)."""
        return self.index + 1


class LedgerCheckpoint(models.Model):
    """A signed checkpoint of one log (tree size, root hash, time; C2SP signed note,
    Ed25519 by the installation key): published on the verification page, in the
    Bawaslu recap and over the API, embedded in receipts."""

    log = models.ForeignKey(LedgerLog, on_delete=models.PROTECT, related_name="checkpoints")
    tree_size = models.BigIntegerField(_("ukuran pohon"))
    root_hash = models.CharField(_("akar (root hash)"), max_length=64)
    signed_at = models.DateTimeField(_("waktu"))
    key_id = models.CharField(max_length=16)
    note = models.TextField(_("checkpoint bertanda tangan"))

    class Meta:
        ordering = ["log_id", "-tree_size"]
        verbose_name = _("checkpoint buku besar")
        verbose_name_plural = _("checkpoint buku besar")
        constraints = [
            models.UniqueConstraint(fields=["log", "tree_size"], name="checkpoint_log_size")
        ]

    def __str__(self) -> str:
        return f"{self.log.origin} @ {self.tree_size}"


class Signature(TimeStampedModel):
    """An employee's signed integrity pact: an index over the ledger entry that proves
    it, with a snapshot of the employee's details at signing time (what the receipt and
    the public verification show). One live signature per employee per campaign."""

    class Method(models.TextChoices):
        PASSWORD = "PASSWORD", _("Kata sandi")
        TOTP = "TOTP", _("Kode sekali pakai (TOTP)")
        DEMO = "DEMO", _("Data demo")

    class Status(models.TextChoices):
        # LIVE → VOID (pledges/workflow.py SIGNATURE_WORKFLOW); the VOID ledger entry is
        # the proof, ``void_entry`` points at it.
        LIVE = "LIVE", _("Berlaku")
        VOID = "VOID", _("Dibatalkan")

    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="signatures")
    stage = models.ForeignKey(Stage, on_delete=models.PROTECT, related_name="signatures")
    pegawai = models.ForeignKey(
        "registry.Pegawai", on_delete=models.PROTECT, related_name="pledge_signatures"
    )
    code = models.CharField(_("kode verifikasi"), max_length=16, unique=True)
    pledge_text = models.ForeignKey(PledgeText, on_delete=models.PROTECT, related_name="+")
    pact_template = models.ForeignKey(PactTemplate, on_delete=models.PROTECT, related_name="+")
    text_sha256 = models.CharField(_("SHA-256 teks"), max_length=64)
    signed_at = models.DateTimeField(_("waktu tanda tangan"))
    # Signed after the stage's deadline (issue 11 item 7): counted apart in progress and
    # in the Bawaslu recap. Campaigns that refuse late signatures never store one.
    late = models.BooleanField(_("terlambat"), default=False)
    method = models.CharField(_("cara konfirmasi"), max_length=8, choices=Method.choices)
    nama = models.CharField(_("nama"), max_length=200)
    identifier = models.CharField(_("NIP/NIK"), max_length=18)
    jabatan = models.CharField(_("jabatan"), max_length=200)
    unit_name = models.CharField(_("unit kerja"), max_length=600)
    unit_path = models.CharField(max_length=255, db_index=True)
    jenis_pegawai = models.CharField(_("jenis pegawai"), max_length=8)
    entry = models.OneToOneField(
        LedgerEntry, on_delete=models.PROTECT, related_name="signature_record"
    )
    status = models.CharField(
        _("status"), max_length=4, choices=Status.choices, default=Status.LIVE
    )
    void_entry = models.OneToOneField(
        LedgerEntry,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="voided_signature",
    )

    class Meta:
        ordering = ["-signed_at", "-id"]
        verbose_name = _("tanda tangan pakta")
        verbose_name_plural = _("tanda tangan pakta")
        constraints = [
            # One live signature per employee per campaign; a voided one may be redone.
            models.UniqueConstraint(
                fields=["campaign", "pegawai"],
                condition=Q(void_entry__isnull=True),
                name="signature_one_live_per_campaign",
            ),
            # The status and the VOID ledger entry always agree.
            models.CheckConstraint(
                condition=Q(status="LIVE", void_entry__isnull=True)
                | Q(status="VOID", void_entry__isnull=False),
                name="signature_void_has_entry",
            ),
        ]
        indexes = [
            # Progress counts: live signatures of a campaign.
            models.Index(
                fields=["campaign", "pegawai"],
                condition=Q(void_entry__isnull=True),
                name="signature_live",
            )
        ]

    def __str__(self) -> str:
        return f"{self.nama} — {self.campaign}"

    @property
    def audit_org_id(self) -> int:
        return self.campaign.instansi_id

    @property
    def is_void(self) -> bool:
        return self.void_entry_id is not None

    @property
    def code_display(self) -> str:
        return "-".join(self.code[i : i + 4] for i in range(0, len(self.code), 4))


class Ceremony(TimeStampedModel):
    """A pledge ceremony (*apel ikrar*, shared/domain.md §4: seeds 8 Jan 2024 Karimun,
    29 Nov 2023 Natuna): where, when, who led it and who attended."""

    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="ceremonies")
    held_on = models.DateField(_("tanggal"))
    place = models.CharField(_("tempat"), max_length=200)
    leader = models.CharField(_("pemimpin apel"), max_length=200)
    notes = models.TextField(_("catatan"), blank=True)
    attendees = models.ManyToManyField(
        "registry.Pegawai", through="CeremonyAttendance", related_name="+"
    )

    class Meta:
        ordering = ["-held_on", "-id"]
        verbose_name = _("apel ikrar")
        verbose_name_plural = _("apel ikrar")

    def __str__(self) -> str:
        return f"{self.place}, {self.held_on:%d-%m-%Y}"

    @property
    def audit_org_id(self) -> int:
        return self.campaign.instansi_id


class CeremonyAttendance(models.Model):
    ceremony = models.ForeignKey(Ceremony, on_delete=models.CASCADE, related_name="attendance")
    pegawai = models.ForeignKey("registry.Pegawai", on_delete=models.PROTECT, related_name="+")
    marked_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["ceremony_id", "pegawai__nama"]
        constraints = [
            models.UniqueConstraint(fields=["ceremony", "pegawai"], name="ceremony_attendee_once")
        ]

    def __str__(self) -> str:
        return f"{self.ceremony_id}:{self.pegawai_id}"


def sha256_hex(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
