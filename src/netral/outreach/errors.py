"""Stable error codes of the outreach app (house style §9): API and UI translate them."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from netral.core import errors as core_errors


class OutreachError(models.TextChoices):
    NOT_PUBLISHED = "not_published", _("Edaran ini belum diterbitkan atau sudah dicabut.")
    NOT_ADDRESSED = "not_addressed", _("Edaran ini tidak ditujukan kepada Anda.")
    NO_CONTENT = (
        "no_content",
        _("Edaran belum memiliki isi: tulis isinya atau unggah berkas PDF suratnya."),
    )
    EMPTY_AUDIENCE = "empty_audience", _("Tidak ada pegawai aktif yang termasuk sasaran ini.")
    EVENT_NOT_OPEN = (
        "event_not_open",
        _("Kegiatan ini tidak sedang menerima daftar hadir."),
    )
    CHECKIN_CLOSED = (
        "checkin_closed",
        _(
            "Daftar hadir melalui kode QR hanya dibuka satu jam sebelum kegiatan sampai satu jam sesudahnya."
        ),
    )
    CHECKIN_CODE_EXPIRED = (
        "checkin_code_expired",
        _("Kode QR ini sudah kedaluwarsa. Pindai lagi kode yang sedang tampil di lokasi kegiatan."),
    )
    NOT_IN_AGENCY = "not_in_agency", _("Anda bukan pegawai aktif instansi penyelenggara.")
    PLAN_CAMPAIGN_OPEN = (
        "plan_campaign_open",
        _("Pemberitahuan rencana penandatanganan dikirim sebelum kampanye dimulai."),
    )
    PLAN_NO_STAGES = (
        "plan_no_stages",
        _("Tambahkan tahap penandatanganan sebelum membuat pemberitahuan rencana."),
    )
    STALE_STATE = "stale_state", _("Data sudah diubah oleh proses lain. Muat ulang halaman.")
    INVALID_TRANSITION = "invalid_transition", _("Perubahan status ini tidak diizinkan.")


class InvalidTransition(core_errors.InvalidTransition):
    """A refused outreach step (never PermissionDenied)."""
