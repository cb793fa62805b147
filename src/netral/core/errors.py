"""One base for every domain error (house style §9): a stable ``code`` the API and the UI
translate, never ``PermissionDenied`` for a refused business step.

Each app keeps its codes in its own ``errors.py`` enum (``TextChoices``: value = code,
label = the Indonesian sentence shown to users) and raises ``DomainError`` subclasses with
them. The API's error envelope renders any ``DomainError`` the same way.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _


class CoreError(models.TextChoices):
    INVALID_TRANSITION = "invalid_transition", _("Perubahan status ini tidak diizinkan.")
    NOT_ALLOWED = "not_allowed", _("Anda tidak berwenang melakukan tindakan ini.")
    STALE_STATE = "stale_state", _("Data sudah diubah oleh petugas lain. Muat ulang halaman.")
    GUARD_FAILED = "guard_failed", _("Syarat untuk langkah ini belum terpenuhi.")
    MISSING_FIELDS = "missing_fields", _("Isian wajib untuk langkah ini belum lengkap.")
    MISSING_DOCUMENTS = "missing_documents", _("Dokumen wajib untuk langkah ini belum diunggah.")


class DomainError(Exception):
    """A refused business operation. ``code`` is a ``TextChoices`` member (or a plain
    string); ``message`` defaults to the member's label; ``params`` carry details
    (e.g. the missing field names) for the UI and the API envelope."""

    http_status = 400

    def __init__(self, code: Any, message: str | None = None, **params: Any) -> None:
        self.code = code
        self.params = params
        label = getattr(code, "label", None)
        self.message = message or (str(label) if label is not None else str(code))
        super().__init__(self.message)

    @property
    def code_value(self) -> str:
        return str(getattr(self.code, "value", self.code))

    def as_dict(self) -> dict[str, Any]:
        return {"code": self.code_value, "message": self.message, **self.params}


class InvalidTransition(DomainError):
    """An illegal, unauthorised, unguarded or stale state change (house style §4)."""

    http_status = 409
