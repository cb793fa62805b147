"""Registry forms: the browsing filter (search by NIP/NIK or name, unit, employment type)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from netral.registry import selectors
from netral.registry.models import Pegawai, UnitKerja


class PegawaiSearchForm(forms.Form):
    """GET filter of the employee list.

    ``unit`` accepts any unit visible to the user (a detail page links to deeper units),
    while the select lists only OPDs and their direct sub-units
    (``selectors.unit_filter_options``). A missing and an out-of-scope unit give the same
    error, so the filter does not reveal which unit ids exist.
    """

    q = forms.CharField(
        label=_("Cari NIP, NIK atau nama"),
        max_length=100,
        required=False,
        widget=forms.TextInput(
            attrs={
                "type": "search",
                "placeholder": _("Contoh: 198503142010011001 atau Budi"),
                "autocomplete": "off",
                "enterkeyhint": "search",
            }
        ),
    )
    unit = forms.IntegerField(label=_("Unit kerja"), required=False, widget=forms.Select)
    jenis = forms.ChoiceField(
        label=_("Jenis pegawai"),
        required=False,
        choices=[("", _("Semua jenis")), *Pegawai.Jenis.choices],
    )

    nonaktif = forms.BooleanField(label=_("Sertakan pegawai tidak aktif"), required=False)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        options = selectors.unit_filter_options(user=user)
        many_agencies = len({u.instansi_id for u in options}) > 1
        self.fields["unit"].widget.choices = [("", _("Semua unit"))] + [
            (u.pk, f"{u.instansi.nama} — {u.full_name}" if many_agencies else u.full_name)
            for u in options
        ]
        self._option_ids = {u.pk for u in options}

    def clean_unit(self) -> UnitKerja | None:
        unit_id = self.cleaned_data.get("unit")
        if unit_id is None:
            return None
        unit = selectors.unit_get_for_user(user=self.user, pk=unit_id)
        if unit is None:
            raise forms.ValidationError(_("Unit kerja tidak ditemukan."), code="unit")
        if unit.pk not in self._option_ids:
            # A deeper unit reached from a link: show it as the selected option.
            self.fields["unit"].widget.choices.append((unit.pk, unit.full_name))
        return unit

    def search_kwargs(self) -> dict[str, Any] | None:
        """Arguments for ``selectors.pegawai_search``; ``None`` when the filter is invalid
        (the page then shows the errors and no rows rather than guessing)."""
        if not self.is_valid():
            return None
        data = self.cleaned_data
        return {
            "q": data["q"],
            "unit": data["unit"],
            "jenis": data["jenis"],
            "include_inactive": data["nonaktif"],
        }
