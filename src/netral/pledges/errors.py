"""Stable error codes of the pledges app (house style §9): API and UI translate them."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from netral.core import errors as core_errors


class PledgeError(models.TextChoices):
    CAMPAIGN_NOT_ACTIVE = "campaign_not_active", _("Kampanye ikrar tidak sedang berjalan.")
    CAMPAIGN_NOT_DRAFT = "campaign_not_draft", _("Kampanye ini sudah tidak berstatus draf.")
    CAMPAIGN_NOT_CLOSED = "campaign_not_closed", _("Kampanye ini tidak sedang ditutup.")
    CAMPAIGN_HAS_NO_STAGES = "campaign_has_no_stages", _("Kampanye belum memiliki tahap.")
    STAGE_NOT_OPEN = "stage_not_open", _("Tahap ini belum dibuka.")
    STAGE_PAST_DEADLINE = (
        "stage_past_deadline",
        _("Batas waktu tahap ini sudah lewat; kampanye ini tidak menerima tanda tangan terlambat."),
    )
    STAGE_ALREADY_OPEN = "stage_already_open", _("Tahap ini sudah dibuka.")
    NOT_IN_AUDIENCE = "not_in_audience", _("Anda tidak termasuk peserta tahap ini.")
    NO_EMPLOYEE_RECORD = "no_employee_record", _("Akun Anda tidak terhubung ke data pegawai.")
    BAD_CONFIRMATION = "bad_confirmation", _("Kata sandi atau kode konfirmasi salah.")
    TEXT_CHANGED = (
        "text_changed",
        _("Teks pakta berubah sejak halaman dibuka. Baca ulang lalu tanda tangani."),
    )
    ALREADY_VOID = "already_void", _("Tanda tangan ini sudah dibatalkan.")
    STALE_STATE = "stale_state", _("Data sudah diubah oleh proses lain. Muat ulang halaman.")


class InvalidTransition(core_errors.InvalidTransition):
    """An illegal campaign/stage transition or signing attempt (never PermissionDenied)."""
