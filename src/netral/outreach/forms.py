"""Outreach forms: field syntax and Indonesian messages only (house style §6)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from netral.core.dates import EventDateField, PlanDateField, check_plan_date
from netral.core.idempotency import IdempotencyKeyField
from netral.outreach.models import Circular, Event
from netral.pledges.models import Campaign
from netral.registry.models import Instansi, Pegawai, UnitKerja

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class AudienceForm(forms.Form):
    """The audience criteria of ``registry.selectors.Audience`` (as a pledge stage's),
    with the agency's OPDs offered as units."""

    tingkat_jabatan = forms.MultipleChoiceField(
        label=_("Tingkat jabatan (kosong = semua)"),
        choices=Pegawai.Tingkat.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    jenis_pegawai = forms.MultipleChoiceField(
        label=_("Jenis pegawai (kosong = semua)"),
        choices=Pegawai.Jenis.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    units = forms.ModelMultipleChoiceField(
        queryset=UnitKerja.objects.none(),
        label=_("OPD tujuan beserta sub-unitnya (kosong = seluruh instansi)"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    opd_level_only = forms.BooleanField(
        label=_("Hanya pegawai yang ditempatkan langsung di OPD (misalnya kepala OPD)."),
        required=False,
    )

    def set_instansi(self, instansi: Instansi | None) -> None:
        if instansi is not None:
            self.fields["units"].queryset = UnitKerja.objects.filter(
                instansi=instansi, depth=0
            ).order_by("kode", "nama")


class CircularForm(AudienceForm):
    instansi = forms.ModelChoiceField(queryset=Instansi.objects.none(), label=_("Instansi"))
    jenis = forms.ChoiceField(label=_("Jenis surat"), choices=Circular.Jenis.choices)
    nomor = forms.CharField(label=_("Nomor surat"), max_length=100)
    tanggal = EventDateField(label=_("Tanggal surat"), widget=DATE)
    penandatangan = forms.CharField(label=_("Nama penanda tangan"), max_length=200)
    jabatan_penandatangan = forms.CharField(
        label=_("Jabatan penanda tangan"),
        max_length=200,
        help_text=_("Misalnya Bupati Karimun atau Sekretaris Daerah."),
    )
    perihal = forms.CharField(label=_("Perihal"), max_length=300)
    isi = forms.CharField(
        label=_("Isi surat"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Tulis isi surat, atau unggah berkas PDF surat yang telah ditandatangani."),
    )
    berkas = forms.FileField(label=_("Berkas PDF surat (opsional)"), required=False)
    dasar_hukum = forms.CharField(
        label=_("Dasar hukum"),
        max_length=500,
        required=False,
        help_text=_("Kosongkan untuk memakai SKB 2022, UU 20/2023 dan PP 94/2021 Pasal 5 huruf n."),
    )
    batas_konfirmasi = PlanDateField(
        label=_("Batas tanda telah membaca (opsional)"), required=False, widget=DATE
    )

    field_order = [
        "instansi",
        "jenis",
        "nomor",
        "tanggal",
        "penandatangan",
        "jabatan_penandatangan",
        "perihal",
        "isi",
        "berkas",
        "dasar_hukum",
        "batas_konfirmasi",
        "jenis_pegawai",
        "tingkat_jabatan",
        "units",
        "opd_level_only",
    ]

    def __init__(self, *args: Any, instansi_qs: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["instansi"].queryset = instansi_qs
        chosen = None
        if instansi_qs.count() == 1:
            chosen = instansi_qs.first()
            self.fields["instansi"].initial = chosen
        raw = self.data.get("instansi") if self.is_bound else None
        if raw and str(raw).isdigit():
            chosen = instansi_qs.filter(pk=int(raw)).first() or chosen
        self.set_instansi(chosen)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not (data.get("isi") or "").strip() and not data.get("berkas"):
            self.add_error("isi", _("Tulis isi surat atau unggah berkas PDF suratnya."))
        return data


DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class EventForm(AudienceForm):
    # Issue 9, defect 6: a double submit creates one row (core.idempotency).
    idempotency_key = IdempotencyKeyField()
    instansi = forms.ModelChoiceField(queryset=Instansi.objects.none(), label=_("Instansi"))
    jenis = forms.ChoiceField(label=_("Jenis kegiatan"), choices=Event.Jenis.choices)
    judul = forms.CharField(label=_("Judul"), max_length=200)
    tema = forms.CharField(label=_("Tema"), max_length=300, required=False)
    penyelenggara = forms.CharField(
        label=_("Penyelenggara"),
        max_length=200,
        help_text=_("Misalnya BKPSDM Kabupaten Karimun atau Badan Kesatuan Bangsa dan Politik."),
    )
    narasumber = forms.CharField(
        label=_("Narasumber (satu per baris)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Misalnya Ketua Bawaslu Kabupaten Karimun."),
    )
    tempat = forms.CharField(label=_("Tempat"), max_length=200)
    mulai = forms.DateTimeField(label=_("Mulai"), widget=DATETIME)
    selesai = forms.DateTimeField(label=_("Selesai"), widget=DATETIME)
    materi = forms.FileField(label=_("Materi (PDF, opsional)"), required=False)
    pembacaan_ikrar = forms.BooleanField(
        label=_("Kegiatan ini termasuk pembacaan ikrar netralitas."), required=False
    )
    campaign = forms.ModelChoiceField(
        queryset=Campaign.objects.none(), label=_("Kampanye ikrar terkait"), required=False
    )

    field_order = [
        "instansi",
        "jenis",
        "judul",
        "tema",
        "penyelenggara",
        "narasumber",
        "tempat",
        "mulai",
        "selesai",
        "materi",
        "pembacaan_ikrar",
        "campaign",
        "jenis_pegawai",
        "tingkat_jabatan",
        "units",
        "opd_level_only",
    ]

    def __init__(self, *args: Any, instansi_qs: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["instansi"].queryset = instansi_qs
        self.fields["campaign"].queryset = Campaign.objects.filter(instansi__in=instansi_qs)
        chosen = instansi_qs.first() if instansi_qs.count() == 1 else None
        if chosen is not None:
            self.fields["instansi"].initial = chosen
        raw = self.data.get("instansi") if self.is_bound else None
        if raw and str(raw).isdigit():
            chosen = instansi_qs.filter(pk=int(raw)).first() or chosen
        self.set_instansi(chosen)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("mulai") and data.get("selesai") and data["selesai"] <= data["mulai"]:
            self.add_error("selesai", _("Waktu selesai harus setelah waktu mulai."))
        for name in ("mulai", "selesai"):
            if data.get(name):
                try:
                    check_plan_date(data[name].date())
                except forms.ValidationError as exc:
                    self.add_error(name, exc)
        return data


class IdentifierForm(forms.Form):
    identifiers = forms.CharField(
        label=_("NIP atau NIK peserta"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Satu atau beberapa NIP/NIK; boleh ditempel dari daftar."),
    )


class SigningPlanForm(forms.Form):
    nomor = forms.CharField(label=_("Nomor surat"), max_length=100)
    kop_kantor = forms.CharField(label=_("Kantor pada kop surat"), max_length=200)
    kepada = forms.CharField(
        label=_("Kepada"),
        max_length=200,
        help_text=_("Misalnya Ketua Bawaslu Kabupaten Karimun."),
    )
    email = forms.EmailField(label=_("E-mail Bawaslu"))
    penandatangan = forms.CharField(label=_("Nama penanda tangan"), max_length=200)
    jabatan_penandatangan = forms.CharField(label=_("Jabatan penanda tangan"), max_length=200)
