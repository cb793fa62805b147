from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.apps import apps
from django.db.models import Q
from django.utils import timezone
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _

from netral.core import audit
from netral.core.dates import PlanDateField


class LoginForm(forms.Form):
    username = forms.CharField(
        label=_("Nama pengguna"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "username", "autofocus": True}),
    )
    password = forms.CharField(
        label=_("Kata sandi"),
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class OtpForm(forms.Form):
    token = forms.RegexField(
        label=_("Kode 6 digit dari aplikasi autentikator"),
        regex=r"^\s*\d{6}\s*$",
        error_messages={"invalid": _("Masukkan 6 digit angka.")},
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "autofocus": True}
        ),
    )

    def clean_token(self) -> str:
        return self.cleaned_data["token"].strip()


class RecoveryCodeForm(forms.Form):
    """A one-time recovery code instead of the phone's code (issue 11 item 16)."""

    code = forms.RegexField(
        label=_("Kode pemulihan"),
        regex=r"^\s*[A-Za-z2-7]{5}[-\s]?[A-Za-z2-7]{5}\s*$",
        error_messages={
            "invalid": _("Kode pemulihan terdiri dari 10 huruf/angka, misalnya abcde-fgh23.")
        },
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "none"}),
    )


# --- Audit log browser filter (accounts/audit_views.py) -----------------------------


def _action_choices() -> list[tuple[str, Any]]:
    # Actions are registered when each app's services module is imported; import them all
    # so the list is complete even before any of them ran in this process.
    autodiscover_modules("services")
    return [("", _("Semua aksi"))] + [
        (name, label) for name, label in audit.registered_actions().items()
    ]


def _target_choices() -> list[tuple[str, Any]]:
    models = sorted(
        (m for m in apps.get_models() if m._meta.app_label not in {"contenttypes", "sessions"}),
        key=lambda m: str(m._meta.verbose_name),
    )
    return [("", _("Semua jenis objek"))] + [
        (m._meta.label_lower, str(m._meta.verbose_name).capitalize()) for m in models
    ]


class AuditFilterForm(forms.Form):
    action = forms.ChoiceField(label=_("Aksi"), required=False)
    actor = forms.CharField(label=_("Nama pengguna pelaku"), required=False, max_length=150)
    target_type = forms.ChoiceField(label=_("Jenis objek"), required=False)
    date_from = PlanDateField(
        label=_("Dari tanggal"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = PlanDateField(
        label=_("Sampai tanggal"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["action"].choices = _action_choices()
        self.fields["target_type"].choices = _target_choices()

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("Tanggal akhir tidak boleh sebelum tanggal awal."))
        return data

    def filter_q(self) -> Q | None:
        """The filter as a ``Q`` (dates are whole local days); ``None`` when invalid."""
        if not self.is_valid():
            return None
        data, q = self.cleaned_data, Q()
        if data["action"]:
            q &= Q(action=data["action"])
        if data["actor"].strip():
            q &= Q(actor_label__iexact=data["actor"].strip())
        if data["target_type"]:
            q &= Q(target_type=data["target_type"])
        if data["date_from"]:
            q &= Q(at__gte=_day_start(data["date_from"]))
        if data["date_to"]:
            q &= Q(at__lt=_day_start(data["date_to"] + dt.timedelta(days=1)))
        return q


def _day_start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


class PasskeyNameForm(forms.Form):
    """The name a user gives a passkey, to tell them apart ("Ponsel kantor", "Kunci USB")."""

    name = forms.CharField(
        label=_("Nama passkey"),
        max_length=64,
        strip=True,
        error_messages={
            "required": _("Beri nama passkey, misalnya \u201cPonsel kantor\u201d."),
            "max_length": _("Nama passkey paling panjang 64 karakter."),
        },
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
