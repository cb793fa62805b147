"""Stable error codes of the reports app, shared by the UI and the API (house style §9)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from netral.core import errors as core_errors


class ReportError(models.TextChoices):
    INVALID = "invalid", _("Data tidak valid. Periksa kembali isian yang ditandai.")
    INVALID_TRANSITION = "invalid_transition", _("Perubahan status ini tidak diizinkan.")
    STALE_STATE = "stale_state", _("Status laporan sudah diubah oleh petugas lain.")
    NOT_ALLOWED = "not_allowed", _("Anda tidak berwenang melakukan tindakan ini.")
    RATE_LIMITED = "rate_limited", _("Terlalu banyak permintaan. Coba lagi beberapa saat lagi.")
    RECEIPT_INVALID = "receipt_invalid", _("Kode tanda terima tidak cocok dengan laporan mana pun.")
    FILE_TOO_LARGE = "file_too_large", _("Berkas terlalu besar.")
    REPORT_TOO_LARGE = "report_too_large", _("Jumlah ukuran berkas melebihi batas satu laporan.")
    FILE_TYPE = "file_type", _("Jenis berkas tidak diterima.")
    TOO_MANY_FILES = "too_many_files", _("Terlalu banyak berkas untuk satu laporan.")
    IMAGE_TOO_LARGE = "image_too_large", _("Gambar terlalu besar.")
    SPAM = "spam", _("Pengiriman ditolak.")


class InvalidTransition(core_errors.InvalidTransition):
    """An illegal or stale state change; carries a ``ReportError`` code (never PermissionDenied)."""


class EvidenceRejected(core_errors.DomainError):
    """An uploaded file was refused; ``message`` is the Indonesian text for the reporter."""

    def __init__(self, code: ReportError, message: str) -> None:
        super().__init__(code, message)
