"""Accounts: users, role assignments with an organisational scope, API tokens."""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from netral.accounts.roles import GRANTABLE_PERMS, ROLE_SCOPE, Role, Scope
from netral.core.models import TimeStampedModel


class User(AbstractUser):
    nama = models.CharField(_("nama lengkap"), max_length=200, blank=True)
    pegawai = models.OneToOneField(
        "registry.Pegawai",
        verbose_name=_("pegawai"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="user",
    )

    class Meta:
        ordering = ["username"]
        verbose_name = _("pengguna")
        verbose_name_plural = _("pengguna")

    def __str__(self) -> str:
        return self.nama or self.username

    if TYPE_CHECKING:
        # Set on each request's user by django_otp's OTPMiddleware (no stubs).
        def is_verified(self) -> bool: ...


class RoleAssignment(TimeStampedModel):
    """A user holds a role within a scope: an agency, a unit subtree or a region."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_assignments")
    role = models.CharField(_("peran"), max_length=12, choices=Role.choices)
    instansi = models.ForeignKey(
        "registry.Instansi",
        verbose_name=_("instansi"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    unit = models.ForeignKey(
        "registry.UnitKerja",
        verbose_name=_("unit kerja"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    region = models.ForeignKey(
        "registry.Region",
        verbose_name=_("wilayah"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # Explicit extra grants (e.g. viewing reporter identities), never implied by a role.
    extra_perms = models.JSONField(_("izin tambahan"), default=list, blank=True)

    class Meta:
        ordering = ["user_id", "role"]
        verbose_name = _("penugasan peran")
        verbose_name_plural = _("penugasan peran")

    def __str__(self) -> str:
        target = self.unit or self.instansi or self.region or _("nasional")
        return f"{self.user} — {self.get_role_display()} ({target})"

    @property
    def audit_org_id(self) -> int | None:
        return self.instansi_id or (self.unit.instansi_id if self.unit is not None else None)

    def clean(self) -> None:
        scope = ROLE_SCOPE[self.role]
        if scope == Scope.INSTANSI and not self.instansi_id:
            raise ValidationError({"instansi": _("Peran ini wajib memiliki instansi.")})
        if scope == Scope.UNIT and not self.unit_id:
            raise ValidationError({"unit": _("Peran ini wajib memiliki unit kerja.")})
        if scope == Scope.SELF and not self.user.pegawai_id:
            raise ValidationError(
                {"role": _("Peran pegawai memerlukan akun yang terhubung ke data pegawai.")}
            )
        unknown = set(self.extra_perms) - set(GRANTABLE_PERMS)
        if unknown:
            raise ValidationError(
                {"extra_perms": _("Izin tambahan tidak dikenal: %s.") % ", ".join(sorted(unknown))}
            )


class ApiToken(TimeStampedModel):
    """Token for integrations. Only a SHA-256 of the secret is stored; the clear token is
    shown once when created (``manage.py create_api_token``)."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("nama"), max_length=100, blank=True)
    prefix = models.CharField(max_length=12, unique=True)
    key_hash = models.CharField(max_length=64)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("token API")
        verbose_name_plural = _("token API")

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.user})"

    @staticmethod
    def hash_secret(secret: str) -> str:
        return hashlib.sha256(secret.encode()).hexdigest()
