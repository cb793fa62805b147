"""Framework-level models shared by every domain app (never imports a domain app)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    updated_at = models.DateTimeField(_("diperbarui"), auto_now=True)

    class Meta:
        abstract = True


class AuditEntry(models.Model):
    """One append-only audit row: who did what to which record, when and from where.

    Sensitive reads (e.g. a reporter's identity) are recorded too (UU 27/2022 PDP,
    access logging; shared/domain.md §2). Rows are never updated or deleted by the app.
    """

    at = models.DateTimeField(_("waktu"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("pelaku"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    actor_label = models.CharField(_("pelaku (teks)"), max_length=200, blank=True)
    action = models.CharField(_("aksi"), max_length=80)
    target_type = models.CharField(_("jenis objek"), max_length=80, blank=True)
    target_id = models.CharField(_("id objek"), max_length=64, blank=True)
    target_repr = models.CharField(_("objek"), max_length=300, blank=True)
    # Organisation (instansi id) the target belongs to, so scoped admins can browse
    # their own agency's log. A plain integer: core never imports registry.
    org_id = models.BigIntegerField(_("instansi"), null=True, blank=True)
    ip = models.GenericIPAddressField(_("alamat IP"), null=True, blank=True)
    user_agent = models.CharField(_("peramban"), max_length=300, blank=True)
    data = models.JSONField(_("data"), default=dict, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("catatan audit")
        verbose_name_plural = _("log audit")
        indexes = [
            # Serves the audit browser filtered by agency and action, newest first.
            models.Index(fields=["org_id", "action", "at"], name="audit_org_action_at"),
            models.Index(fields=["target_type", "target_id"], name="audit_target"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label} {self.action} {self.target_repr}"


class JobProgress(TimeStampedModel):
    """Progress of a long background job (import, ZIP build), polled by the UI."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Menunggu")
        RUNNING = "running", _("Berjalan")
        DONE = "done", _("Selesai")
        FAILED = "failed", _("Gagal")

    kind = models.CharField(_("jenis"), max_length=60)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    total = models.BigIntegerField(_("total"), default=0)
    done = models.BigIntegerField(_("selesai"), default=0)
    message = models.TextField(_("pesan"), blank=True)
    result = models.JSONField(_("hasil"), default=dict, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("pekerjaan latar")
        verbose_name_plural = _("pekerjaan latar")

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk} ({self.status})"

    @property
    def percent(self) -> int:
        if self.status == self.Status.DONE:
            return 100
        return int(self.done * 100 / self.total) if self.total else 0


class RateCounter(models.Model):
    """Fixed-window rate-limit counter, one row per (scope, window length, hashed client).

    Used by ``core.ratelimit`` when no Redis is configured: a single UPSERT statement per
    hit is far cheaper than Django's DatabaseCache (several queries and a cull check).
    """

    key = models.CharField(max_length=120, primary_key=True)
    window_start = models.BigIntegerField()
    count = models.IntegerField(default=0)

    class Meta:
        ordering = ["key"]
        indexes = [
            # Serves the periodic prune of expired windows.
            models.Index(fields=["window_start"], name="ratecounter_window"),
        ]

    def __str__(self) -> str:
        return f"{self.key}: {self.count}"


class SubmissionKey(models.Model):
    """One row per create form submitted with an idempotency key (issue 9, defect 6): the
    key is unique, so of two submissions of one form (a double click, a resent POST, two
    parallel requests) only the first creates; the others find the row it created here.
    Written and read only through ``core.idempotency``."""

    key = models.UUIDField(primary_key=True)
    scope = models.CharField(max_length=60)
    target_id = models.CharField(max_length=64, blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]
        indexes = [models.Index(fields=["created_at"], name="submissionkey_created")]

    def __str__(self) -> str:
        return f"{self.scope}: {self.key}"


class CutiBersama(models.Model):
    """Collective leave days set yearly by joint ministerial decree (SKB); not in the
    ``holidays`` library, so they are data an administrator keeps (shared/domain.md §3).
    Used by ``netral.core.calendar`` for every working-day deadline."""

    date = models.DateField(_("tanggal"), unique=True)
    description = models.CharField(_("keterangan"), max_length=200)
    citation = models.CharField(_("dasar hukum"), max_length=300, blank=True)

    class Meta:
        ordering = ["date"]
        verbose_name = _("cuti bersama")
        verbose_name_plural = _("cuti bersama")

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.description}"
