from __future__ import annotations

import uuid
from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from netral.core.dates import EventDateField, PlanDateField
from netral.core.idempotency import IdempotencyKeyField
from netral.pledges.models import Campaign, Election, PactTemplate, PledgeText, Stage
from netral.registry.models import Instansi, Pegawai, UnitKerja

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class CampaignForm(forms.Form):
    # Issue 9, defect 6: a double submit creates one row (core.idempotency).
    idempotency_key = IdempotencyKeyField()
    instansi = forms.ModelChoiceField(queryset=Instansi.objects.none(), label=_("Instansi"))
    election = forms.ModelChoiceField(queryset=Election.objects.all(), label=_("Pemilihan"))
    nama = forms.CharField(label=_("Nama kampanye"), max_length=200)
    place = forms.CharField(
        label=_("Tempat penandatanganan"),
        max_length=120,
        help_text=_("Dicetak pada tanda terima, misalnya Tanjung Balai Karimun."),
    )
    pledge_text = forms.ModelChoiceField(
        queryset=PledgeText.objects.order_by("kode", "-version"), label=_("Teks ikrar")
    )
    pact_template = forms.ModelChoiceField(
        queryset=PactTemplate.objects.order_by("kode", "-version"), label=_("Templat pakta")
    )
    bawaslu_notified_on = EventDateField(
        label=_("Tanggal pemberitahuan ke Bawaslu"), required=False, widget=DATE
    )
    late_policy = forms.TypedChoiceField(
        label=_("Tanda tangan setelah batas waktu tahap"),
        choices=Campaign.LatePolicy.choices,
        initial=Campaign.LatePolicy.RECORD,
        required=False,
        empty_value=Campaign.LatePolicy.RECORD,
        help_text=_(
            "Dicatat terlambat: tetap diterima, dihitung terpisah pada kemajuan dan rekap "
            "Bawaslu. Ditolak: pegawai tidak dapat menandatangani setelah batas waktu."
        ),
    )

    def __init__(self, *args: Any, instansi_qs: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        instansi = cast("forms.ModelChoiceField[Any]", self.fields["instansi"])
        instansi.queryset = instansi_qs
        if instansi_qs.count() == 1:
            instansi.initial = instansi_qs.first()
        for name in ("pledge_text", "pact_template"):
            field = cast("forms.ModelChoiceField[Any]", self.fields[name])
            if field.queryset is not None:
                field.initial = field.queryset.first()


class StageForm(forms.Form):
    # One stage per form, however often it is sent (issue 9, defect 6).
    # Optional so a client without it still works (then without the double-submit guard).
    idempotency_key = forms.UUIDField(widget=forms.HiddenInput, initial=uuid.uuid4, required=False)
    nama = forms.CharField(label=_("Nama tahap"), max_length=200)
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
    unit = forms.ModelChoiceField(
        queryset=UnitKerja.objects.none(),
        label=_("Unit kerja beserta sub-unitnya (kosong = seluruh instansi)"),
        required=False,
    )
    opd_level_only = forms.BooleanField(
        label=_("Hanya pegawai yang ditempatkan langsung di OPD (misalnya kepala OPD)."),
        required=False,
    )
    nips = forms.CharField(
        label=_("Daftar NIP/NIK tertentu (opsional)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    open_rule = forms.ChoiceField(label=_("Cara pembukaan"), choices=Stage.OpenRule.choices)
    opens_on = PlanDateField(label=_("Tanggal dibuka"), required=False, widget=DATE)
    threshold_percent = forms.IntegerField(
        label=_("Dibuka saat tahap sebelumnya mencapai (%)"),
        min_value=1,
        max_value=100,
        required=False,
    )
    deadline = PlanDateField(label=_("Batas waktu"), widget=DATE)

    def __init__(self, *args: Any, instansi: Instansi, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instansi = instansi
        unit = cast("forms.ModelChoiceField[Any]", self.fields["unit"])
        unit.queryset = UnitKerja.objects.filter(instansi=instansi)

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("open_rule") == Stage.OpenRule.DATE and not data.get("opens_on"):
            self.add_error("opens_on", _("Isi tanggal tahap ini dibuka."))
        if data.get("open_rule") == Stage.OpenRule.THRESHOLD and not data.get("threshold_percent"):
            self.add_error("threshold_percent", _("Isi persentase ambang tahap sebelumnya."))
        import re

        idents = re.findall(r"\d{16,18}", data.get("nips") or "")
        people = list(Pegawai.objects.filter(instansi=self.instansi, nip__in=idents)) + list(
            Pegawai.objects.filter(instansi=self.instansi, nik__in=idents, nip__isnull=True)
        )
        found = {p.nip for p in people} | {p.nik for p in people}
        missing = [i for i in idents if i not in found]
        if missing:
            self.add_error(
                "nips",
                _("NIP/NIK berikut tidak ditemukan di instansi ini: %(list)s.")
                % {"list": ", ".join(missing[:10])},
            )
        data["explicit_pegawai"] = people
        return data


class SignForm(forms.Form):
    text_sha256 = forms.CharField(widget=forms.HiddenInput, max_length=64)
    agree = forms.BooleanField(
        label=_("Saya telah membaca seluruh ikrar dan pakta integritas di atas dan menyetujuinya."),
        required=True,
    )
    confirmation = forms.CharField(
        label=_("Kata sandi atau kode 6 digit dari aplikasi autentikator"),
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        max_length=200,
    )


class VoidForm(forms.Form):
    reason = forms.CharField(
        label=_("Alasan pembatalan"), min_length=10, widget=forms.Textarea(attrs={"rows": 2})
    )


class CeremonyForm(forms.Form):
    # Issue 9, defect 6: a double submit creates one row (core.idempotency).
    idempotency_key = IdempotencyKeyField()
    held_on = PlanDateField(label=_("Tanggal apel"), widget=DATE)
    place = forms.CharField(label=_("Tempat"), max_length=200)
    leader = forms.CharField(label=_("Pemimpin apel"), max_length=200)
    notes = forms.CharField(
        label=_("Catatan"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class AttendanceUploadForm(forms.Form):
    nips = forms.CharField(
        label=_("Tempel daftar NIP/NIK peserta"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    file = forms.FileField(label=_("Atau unggah berkas teks/CSV berisi NIP/NIK"), required=False)

    def text(self) -> str:
        parts = [self.cleaned_data.get("nips") or ""]
        upload = self.cleaned_data.get("file")
        if upload is not None:
            parts.append(upload.read(5_000_000).decode("utf-8", "replace"))
        return "\n".join(parts)


class VerifyForm(forms.Form):
    code = forms.CharField(label=_("Kode verifikasi"), max_length=40)


class ReopenForm(forms.Form):
    """Why a closed campaign is reopened (issue 11 item 6); kept in the audit log."""

    reason = forms.CharField(
        label=_("Alasan membuka kembali"),
        min_length=10,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Dicatat di log audit, misalnya: ditutup terlalu cepat, tahap 2 belum selesai."
        ),
    )


class ReceiptProofForm(forms.Form):
    """A receipt PDF uploaded to the public verification page (issue 15)."""

    pdf = forms.FileField(label=_("Berkas PDF tanda terima pakta"))

    MAX_BYTES = 5 * 1024 * 1024

    def clean_pdf(self):  # type: ignore[no-untyped-def]
        f = self.cleaned_data["pdf"]
        if f.size > self.MAX_BYTES:
            raise forms.ValidationError(_("Berkas terlalu besar (maksimal 5 MB)."))
        return f
