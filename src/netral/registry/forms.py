"""Registry forms: the browsing filter (search by NIP/NIK or name, unit, employment type)."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from netral.registry import selectors
from netral.registry.models import AkunMedsos, Pegawai, UnitKerja


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


class PegawaiEditForm(forms.Form):
    """HR edits one employee (issue 11 item 12); the unit is a separate move."""

    nama = forms.CharField(label=_("Nama"), max_length=200)
    jabatan = forms.CharField(label=_("Jabatan"), max_length=200)
    golongan = forms.CharField(
        label=_("Golongan"),
        max_length=10,
        required=False,
        help_text=_("PNS/CPNS: I/a sampai IV/e. PPPK: I sampai XVII. Non-ASN: kosong."),
    )
    tingkat_jabatan = forms.ChoiceField(
        label=_("Tingkat jabatan"), choices=[("", "—"), *Pegawai.Tingkat.choices], required=False
    )
    email = forms.EmailField(label=_("E-mail"), required=False)
    telepon = forms.CharField(label=_("Telepon"), max_length=30, required=False)

    def __init__(self, *args: Any, pegawai: Pegawai, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.pegawai = pegawai

    def clean_golongan(self) -> str:
        from netral.registry.importing.columns import normalise_golongan

        value, error = normalise_golongan(self.cleaned_data["golongan"], self.pegawai.jenis_pegawai)
        if error:
            raise forms.ValidationError(error)
        return value


class _UnitChoiceField(forms.ModelChoiceField[UnitKerja]):
    """Units by their full path (``Dinas Pendidikan > Bidang SD``)."""

    def label_from_instance(self, obj: UnitKerja) -> str:
        return obj.full_name


class PegawaiMoveForm(forms.Form):
    unit = _UnitChoiceField(label=_("Pindah ke unit kerja"), queryset=UnitKerja.objects.none())

    def __init__(self, *args: Any, user: Any, pegawai: Pegawai, **kwargs: Any) -> None:
        from netral.accounts.roles import Perm

        super().__init__(*args, **kwargs)
        unit = cast("forms.ModelChoiceField[Any]", self.fields["unit"])
        unit.queryset = (
            selectors.units_visible_to(user=user, perm=Perm.REGISTRY_EDIT)
            .filter(instansi_id=pegawai.instansi_id)
            .exclude(pk=pegawai.unit_id)
            .order_by("path")
        )


class DeactivateForm(forms.Form):
    reason = forms.CharField(
        label=_("Alasan menonaktifkan"),
        min_length=5,
        max_length=300,
        help_text=_(
            "Misalnya: pensiun per 1 Maret 2024, pindah ke instansi lain, meninggal dunia."
        ),
    )


class AkunMedsosForm(forms.Form):
    """An employee declares one of their own social-media accounts (issue 11 item 13)."""

    platform = forms.ChoiceField(label=_("Platform"), choices=AkunMedsos.Platform.choices)
    handle = forms.CharField(
        label=_("Nama akun"),
        max_length=100,
        help_text=_("Tanpa @ atau alamat lengkap, misalnya budi.santoso88."),
    )

    def clean(self) -> dict[str, Any]:
        from netral.registry.services import normalise_handle
        from netral.registry.validators import handle_error

        super().clean()
        data = self.cleaned_data
        platform, handle = data.get("platform"), data.get("handle")
        if platform and handle:
            handle = normalise_handle(handle)
            for prefix in ("https://", "http://", "www."):
                handle = handle.removeprefix(prefix)
            if "/" in handle:  # a pasted profile address: keep the last part
                handle = handle.rstrip("/").rsplit("/", 1)[-1].lstrip("@")
            if reason := handle_error(platform, handle):
                self.add_error("handle", reason)
            data["handle"] = handle
        return data
