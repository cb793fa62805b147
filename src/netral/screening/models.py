"""Social-media screening: election lexicons, uploaded batches, screened posts and the
reviewers' decisions (shared/domain.md §2 SKB 2022 lampiran on social-media conduct, §3.1
*temuan* by supervisors, §4 items on liking/sharing/commenting campaign content).

Nothing here sanctions anyone: a flag is a suggestion that a person reviews.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from netral.core.models import TimeStampedModel


class Election(TimeStampedModel):
    """One election's lexicon: candidates with ballot numbers, names, aliases, slogans,
    hashtags and parties, plus the campaign period and voting day (issue JSON shape)."""

    class Type(models.TextChoices):
        PILKADA = "pilkada", _("Pilkada")
        PEMILU = "pemilu", _("Pemilu")

    name = models.CharField(_("nama pemilihan"), max_length=200, unique=True)
    type = models.CharField(_("jenis"), max_length=10, choices=Type.choices)
    voting_day = models.DateField(_("hari pemungutan suara"))
    campaign_start = models.DateField(_("awal kampanye"), null=True, blank=True)
    campaign_end = models.DateField(_("akhir kampanye"), null=True, blank=True)
    # [{"number": 1, "names": [...], "aliases": [...], "slogans": [...], "hashtags": [...],
    #   "parties": [...]}]: validated by services.lexicon_parse.
    candidates = models.JSONField(_("calon"), default=list)

    class Meta:
        ordering = ["-voting_day", "name"]
        verbose_name = _("leksikon pemilihan")
        verbose_name_plural = _("leksikon pemilihan")

    def __str__(self) -> str:
        return self.name

    def as_lexicon(self) -> dict[str, Any]:
        return {
            "election": self.name,
            "type": self.type,
            "voting_day": self.voting_day.isoformat(),
            "campaign_start": self.campaign_start.isoformat() if self.campaign_start else None,
            "campaign_end": self.campaign_end.isoformat() if self.campaign_end else None,
            "candidates": self.candidates,
        }


class Batch(TimeStampedModel):
    """One uploaded file of collected posts, screened against one election."""

    election = models.ForeignKey(Election, on_delete=models.PROTECT, related_name="batches")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Region the uploading officer works in (Kemendagri code; "" = national): the batch and
    # its posts are visible to officers whose region covers it.
    region_kode = models.CharField(_("wilayah"), max_length=13, blank=True, db_index=True)
    filename = models.CharField(_("nama berkas"), max_length=255)
    file_sha256 = models.CharField(_("sidik berkas (SHA-256)"), max_length=64)
    rows = models.PositiveIntegerField(_("jumlah baris"), default=0)
    flagged = models.PositiveIntegerField(_("jumlah ditandai"), default=0)
    model_version = models.CharField(_("versi model"), max_length=40, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("unggahan penyaringan")
        verbose_name_plural = _("unggahan penyaringan")

    def __str__(self) -> str:
        return f"{self.filename} ({self.rows})"


class Post(models.Model):
    """A collected post, like, share, comment or follow, kept as evidence: the content hash
    (SHA-256 over the canonical row) and capture time make later tampering visible."""

    class Action(models.TextChoices):
        POST = "post", _("Unggahan")
        SHARE = "share", _("Bagikan")
        COMMENT = "comment", _("Komentar")
        LIKE = "like", _("Suka")
        FOLLOW = "follow", _("Ikuti")

    class Link(models.TextChoices):
        NONE = "none", _("Tidak tertaut")
        ACCOUNT = "account", _("Akun terdaftar")
        NAME = "name", _("Kecocokan nama")

    class Status(models.TextChoices):
        CLEAR = "clear", _("Tidak ditandai")
        PENDING = "pending", _("Menunggu telaah")
        DISMISSED = "dismissed", _("Ditolak")
        CONFIRMED = "confirmed", _("Dikonfirmasi menjadi temuan")

    batch = models.ForeignKey(Batch, on_delete=models.CASCADE, related_name="posts")
    region_kode = models.CharField(max_length=13, blank=True)
    line = models.PositiveIntegerField(_("baris"))
    post_id = models.CharField(_("ID unggahan"), max_length=200)
    platform = models.CharField(_("platform"), max_length=20)
    author_handle = models.CharField(_("akun"), max_length=200)
    author_name = models.CharField(_("nama penulis"), max_length=200, blank=True)
    action = models.CharField(_("tindakan"), max_length=8, choices=Action.choices)
    text = models.TextField(_("teks"), blank=True)
    target_text = models.TextField(_("konten sasaran"), blank=True)
    target_author = models.CharField(_("penulis sasaran"), max_length=200, blank=True)
    url = models.CharField(_("tautan"), max_length=500, blank=True)
    posted_at = models.DateTimeField(_("waktu unggah"), null=True, blank=True)
    captured_at = models.DateTimeField(_("waktu pengambilan"))
    content_hash = models.CharField(_("sidik isi (SHA-256)"), max_length=64)
    pegawai = models.ForeignKey(
        "registry.Pegawai", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    link_method = models.CharField(max_length=8, choices=Link.choices, default=Link.NONE)
    link_confidence = models.FloatField(_("keyakinan tautan"), default=0.0)
    partisan = models.BooleanField(default=False)
    partisan_score = models.FloatField(default=0.0)
    hate = models.BooleanField(default=False)
    hate_score = models.FloatField(default=0.0)
    hoax = models.BooleanField(default=False)
    hoax_score = models.FloatField(default=0.0)
    score = models.FloatField(_("skor"), default=0.0)
    explanation = models.TextField(_("penjelasan"), blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.CLEAR)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_reason = models.TextField(_("alasan"), blank=True)
    report = models.ForeignKey(
        "reports.Report", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The case the confirmed temuan opened in the cases app (initial study, SKB 2022).
    case = models.ForeignKey(
        "cases.Case", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-score", "id"]
        verbose_name = _("unggahan tersaring")
        verbose_name_plural = _("unggahan tersaring")
        indexes = [
            # The review queue: pending flags by score (selectors.queue).
            models.Index(
                fields=["status", "-score"],
                name="screening_post_queue",
                condition=models.Q(status="pending"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.platform}:{self.post_id}"


class ReviewDecision(models.Model):
    """A reviewer's verdict on one flag, kept as labelled data for evaluation
    (``evaluate_screening --reviewed``)."""

    class Decision(models.TextChoices):
        CONFIRMED = "confirmed", _("Dikonfirmasi")
        DISMISSED = "dismissed", _("Ditolak")

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="decisions")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    decision = models.CharField(max_length=10, choices=Decision.choices)
    reason = models.TextField(blank=True)
    # Detector flags at decision time, so a dismissal labels what was wrongly flagged.
    flags = models.JSONField(default=dict)
    text = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("keputusan telaah")
        verbose_name_plural = _("keputusan telaah")

    def __str__(self) -> str:
        return f"{self.decision} #{self.post_id}"
