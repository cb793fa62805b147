"""Stable error codes of the screening app (house style §9)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from netral.core.errors import DomainError


class ScreeningError(models.TextChoices):
    LEXICON_INVALID = "lexicon_invalid", _("Leksikon pemilihan tidak valid.")
    FILE_INVALID = "file_invalid", _("Berkas unggahan tidak dapat dibaca.")
    ROWS_INVALID = "rows_invalid", _("Ada baris yang tidak valid; tidak ada yang disimpan.")
    ALREADY_REVIEWED = "already_reviewed", _("Tandaan ini sudah ditelaah petugas lain.")
    REASON_REQUIRED = "reason_required", _("Alasan penolakan wajib diisi.")
    MODEL_MISSING = "model_missing", _("Model penyaring belum dilatih.")


class LexiconInvalid(DomainError):
    """The election lexicon JSON does not have the documented shape."""


class IngestError(DomainError):
    """Rows of an upload failed; ``params['errors']`` lists ``(line, message)`` pairs."""


class ReviewError(DomainError):
    http_status = 409
