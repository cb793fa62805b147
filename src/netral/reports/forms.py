"""Forms for the public report form, the follow-up page and staff intake/triage.

Every rejected input gets an Indonesian sentence saying what to fix (issue 4 §9).
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from netral.core.dates import EventDateField, check_event_at
from netral.core.idempotency import IdempotencyKeyField
from netral.registry.models import Instansi, Region, UnitKerja
from netral.reports import selectors
from netral.reports.models import ElectionType, Report, ViolationType
from netral.reports.services import PersonInput, ReportInput

MAX_PERSONS = 5
MAX_LINKS = 10


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; the content checks happen in the service."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault(
            "widget",
            MultipleFileInput(
                attrs={"accept": "image/*,application/pdf,video/*", "multiple": True}
            ),
        )
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data if d]
        return [single(data, initial)] if data else []


def _one_option(field: forms.ModelChoiceField, value: Any, label: Any) -> None:
    """Render only the chosen option (the full list is searched with htmx, not sent).

    The option is looked up only when the widget is rendered (a callable is evaluated
    lazily), so a valid submission that redirects costs no query for it."""

    def choices() -> list[tuple[Any, str]]:
        obj = None
        # A NUL (or other control character) never names a row, and PostgreSQL refuses
        # it in a query: the bad value is not looked up (issue 9, defect 4).
        if value not in (None, "") and str(value).isprintable():
            qs = field.queryset
            if qs.model is Region:
                qs = qs.select_related("parent")
            try:
                obj = qs.filter(pk=value).first()
            except (ValueError, TypeError, ValidationError):
                obj = None
        return [("", label)] + ([(obj.pk, str(label_of(obj)))] if obj else [])

    field.widget.choices = choices


def label_of(obj: Any) -> str:
    if isinstance(obj, Region):
        return f"{obj.nama}, {obj.parent.nama}" if obj.parent_id else obj.nama
    if isinstance(obj, UnitKerja):
        return obj.full_name
    return str(obj)


def digits_only(value: str, length: int, label: str) -> str:
    value = value.replace(" ", "").replace(".", "")
    if value and (not value.isdigit() or len(value) != length):
        raise ValidationError(
            _("%(label)s harus %(n)s angka. Kosongkan jika Anda tidak tahu.")
            % {"label": label, "n": length}
        )
    return value


class PersonForm(forms.Form):
    nama = forms.CharField(label=_("Nama terlapor"), max_length=200)
    instansi = forms.ModelChoiceField(
        label=_("Instansi"),
        queryset=Instansi.objects.all(),
        required=False,
        empty_label=_("Tidak tahu / lainnya"),
    )
    unit_cari = forms.CharField(
        label=_("Cari unit kerja"),
        required=False,
        help_text=_("Ketik nama dinas, sekolah, puskesmas, atau kecamatan."),
    )
    unit = forms.ModelChoiceField(
        label=_("Unit kerja"), queryset=UnitKerja.objects.all(), required=False
    )
    jabatan = forms.CharField(label=_("Jabatan"), max_length=200, required=False)
    nip = forms.CharField(label=_("NIP (jika tahu)"), max_length=24, required=False)
    nik = forms.CharField(label=_("NIK (jika tahu)"), max_length=20, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["instansi"].queryset = selectors.public_instansi()
        _one_option(
            self.fields["unit"], self.data.get(self.add_prefix("unit")), _("Pilih setelah mencari")
        )
        url = "/lapor/cari/unit/"
        self.fields["unit_cari"].widget.attrs.update(
            {
                "hx-get": url,
                "hx-trigger": "input changed delay:300ms, search",
                "hx-target": f"#id_{self.add_prefix('unit')}",
                "hx-include": f"#id_{self.add_prefix('instansi')}",
                "autocomplete": "off",
                "type": "search",
            }
        )

    def clean_nip(self) -> str:
        return digits_only(self.cleaned_data["nip"], 18, _("NIP"))

    def clean_nik(self) -> str:
        return digits_only(self.cleaned_data["nik"], 16, _("NIK"))

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        unit, instansi = data.get("unit"), data.get("instansi")
        if unit and instansi and unit.instansi_id != instansi.pk:
            self.add_error("unit", _("Unit kerja ini bukan bagian dari instansi yang dipilih."))
        if unit and not instansi:
            data["instansi"] = unit.instansi
        return data

    def to_input(self) -> PersonInput:
        d = self.cleaned_data
        return PersonInput(
            nama=d["nama"],
            instansi=d.get("instansi"),
            unit=d.get("unit"),
            jabatan=d.get("jabatan", ""),
            nip=d.get("nip", ""),
            nik=d.get("nik", ""),
        )


class BasePersonFormSet(forms.BaseFormSet):
    def clean(self) -> None:
        super().clean()
        if not any(f.cleaned_data.get("nama") for f in self.forms if hasattr(f, "cleaned_data")):
            raise ValidationError(_("Isi setidaknya satu orang yang dilaporkan."))


PersonFormSet = forms.formset_factory(
    PersonForm,
    formset=BasePersonFormSet,
    extra=MAX_PERSONS,
    max_num=MAX_PERSONS,
    # Django builds min(TOTAL_FORMS, absolute_max) forms: the default absolute_max
    # (max_num + 1000) let one small POST render 1,005 forms (issue 9, defect 2).
    absolute_max=MAX_PERSONS,
    validate_max=True,
    min_num=0,
)


def person_formset(data: Any = None) -> forms.BaseFormSet:
    fs = PersonFormSet(data, prefix="terlapor")
    # Only the first person is required; empty extra forms are skipped.
    for i, form in enumerate(fs.forms):
        form.empty_permitted = i > 0
        form.use_required_attribute = i == 0
    return fs


class ReportForm(forms.Form):
    """The public report (what happened, evidence, identity choice)."""

    election_type = forms.ChoiceField(
        label=_("Jenis pemilihan"), choices=ElectionType.choices, initial=ElectionType.TIDAK_TAHU
    )
    event_date = EventDateField(
        label=_("Tanggal kejadian"), widget=forms.DateInput(attrs={"type": "date"})
    )
    event_time = forms.TimeField(
        label=_("Jam kejadian (jika tahu)"),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}),
    )
    # The window counts from the day the reporter learned of the event (shared/domain.md §3).
    learned_date = EventDateField(
        label=_("Tanggal Anda mengetahui kejadian"),
        help_text=_("Kosongkan bila sama dengan tanggal kejadian."),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    region_cari = forms.CharField(
        label=_("Cari tempat kejadian"),
        required=False,
        help_text=_("Ketik nama kabupaten/kota atau kecamatan."),
    )
    event_region = forms.ModelChoiceField(
        label=_("Tempat kejadian (kabupaten/kota atau kecamatan)"),
        queryset=Region.objects.filter(level__in=[Region.Level.KABKOTA, Region.Level.KECAMATAN]),
    )
    place_detail = forms.CharField(
        label=_("Detail tempat (misalnya nama gedung atau jalan)"), max_length=300, required=False
    )
    description = forms.CharField(
        label=_("Apa yang terjadi?"),
        widget=forms.Textarea(attrs={"rows": 6}),
        min_length=20,
        max_length=10000,
        help_text=_("Ceritakan siapa melakukan apa, kapan, dan di mana."),
    )
    violation_type = forms.ModelChoiceField(
        label=_("Jenis pelanggaran"),
        queryset=ViolationType.objects.none(),
        required=False,
        empty_label=_("Tidak tahu"),
    )
    bukti = MultipleFileField(
        label=_("Bukti: foto, tangkapan layar, PDF, atau video"),
    )
    links = forms.CharField(
        label=_("Tautan bukti (satu per baris)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    identity_mode = forms.ChoiceField(
        label=_("Identitas Anda"),
        choices=Report.IdentityMode.choices,
        initial=Report.IdentityMode.CONFIDENTIAL,
        widget=forms.RadioSelect,
    )
    nama = forms.CharField(label=_("Nama Anda"), max_length=200, required=False)
    nik_pelapor = forms.CharField(label=_("NIK Anda"), max_length=20, required=False)
    alamat = forms.CharField(
        label=_("Alamat Anda"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    telepon = forms.CharField(label=_("Nomor telepon/WhatsApp"), max_length=30, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    # Honeypot: hidden from people by CSS, filled in by naive bots.
    website = forms.CharField(label=_("Situs web"), required=False)
    idempotency_key = forms.UUIDField(widget=forms.HiddenInput, initial=uuid.uuid4)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["violation_type"].queryset = selectors.active_violation_types()
        _one_option(
            self.fields["event_region"],
            self.data.get(self.add_prefix("event_region")),
            _("Pilih setelah mencari"),
        )
        self.fields["region_cari"].widget.attrs.update(
            {
                "hx-get": "/lapor/cari/wilayah/",
                "hx-trigger": "input changed delay:300ms, search",
                "hx-target": "#id_event_region",
                "autocomplete": "off",
                "type": "search",
            }
        )
        self.fields["website"].widget.attrs.update({"tabindex": "-1", "autocomplete": "off"})

    def clean_nik_pelapor(self) -> str:
        return digits_only(self.cleaned_data["nik_pelapor"], 16, _("NIK"))

    def clean_links(self) -> list[str]:
        lines = [ln.strip() for ln in self.cleaned_data["links"].splitlines() if ln.strip()]
        if len(lines) > MAX_LINKS:
            raise ValidationError(_("Paling banyak %(n)s tautan.") % {"n": MAX_LINKS})
        check = URLValidator(schemes=["http", "https"])
        for line in lines:
            try:
                check(line)
            except ValidationError:
                raise ValidationError(
                    _(
                        "“%(url)s” bukan tautan yang sah. Tautan harus diawali http:// atau https://."
                    )
                    % {"url": line[:80]}
                ) from None
        return lines

    def event_at(self) -> dt.datetime:
        """The event's moment (local). Without a time it is the start of the day, stored
        with ``event_time_known=False`` and shown as a date only (issue 11 item 5)."""
        d = self.cleaned_data
        when = dt.datetime.combine(d["event_date"], d.get("event_time") or dt.time(0, 0))
        return timezone.make_aware(when)

    def identity_required(self) -> bool:
        return self.cleaned_data.get("identity_mode") != Report.IdentityMode.ANONYMOUS

    IDENTITY_FIELDS = ("nama", "nik_pelapor", "alamat", "telepon", "email")

    def identity_typed(self) -> list[str]:
        """Labels of the identity fields the reporter typed something into."""
        return [
            str(self.fields[name].label)
            for name in self.IDENTITY_FIELDS
            if name in self.fields and str(self.data.get(self.add_prefix(name), "")).strip()
        ]

    @property
    def has_identity_input(self) -> bool:
        return self.is_bound and bool(self.identity_typed())

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("website"):
            # Honeypot filled: a person never sees this field (hidden by CSS).
            raise ValidationError(_("Pengiriman ditolak. Kosongkan kolom situs web."))
        learned, happened = data.get("learned_date"), data.get("event_date")
        if learned and happened and learned < happened:
            self.add_error(
                "learned_date", _("Tanggal mengetahui tidak boleh sebelum tanggal kejadian.")
            )
        if data.get("event_date") and data.get("event_time"):
            try:
                check_event_at(self.event_at())
            except ValidationError as exc:
                self.add_error("event_time", exc)
        if data.get("identity_mode") == Report.IdentityMode.ANONYMOUS and self.identity_typed():
            # Issue 11 item 3: never drop what was typed silently. The browser clears the
            # fields visibly; without JavaScript the reporter decides here.
            self.add_error(
                "identity_mode",
                _(
                    "Anda memilih Anonim, tetapi mengisi %(fields)s. Identitas tidak disimpan "
                    "untuk kiriman anonim: kosongkan isian itu, atau pilih Rahasia atau Terbuka."
                )
                % {"fields": ", ".join(self.identity_typed())},
            )
        if self.identity_required():
            if not data.get("nama"):
                self.add_error(
                    "nama",
                    _("Untuk laporan rahasia atau terbuka, isi nama Anda, atau pilih anonim."),
                )
            if not (data.get("alamat") or data.get("telepon") or data.get("email")):
                self.add_error(
                    "alamat",
                    _(
                        "Isi alamat, nomor telepon, atau e-mail agar petugas dapat menghubungi Anda."
                    ),
                )
        return data

    def to_input(self, persons: list[PersonInput]) -> ReportInput:
        d = self.cleaned_data
        identity = {
            "nama": d.get("nama", ""),
            "nik": d.get("nik_pelapor", ""),
            "alamat": d.get("alamat", ""),
            "telepon": d.get("telepon", ""),
            "email": d.get("email", ""),
        }
        return ReportInput(
            event_at=self.event_at(),
            event_time_known=d.get("event_time") is not None,
            learned_on=d.get("learned_date") or d["event_date"],
            event_region=d["event_region"],
            description=d["description"],
            identity_mode=d["identity_mode"],
            persons=persons,
            election_type=d["election_type"],
            place_detail=d.get("place_detail", ""),
            violation_type=d.get("violation_type"),
            identity={} if d["identity_mode"] == Report.IdentityMode.ANONYMOUS else identity,
            links=d.get("links", []),
        )


STAFF_CHANNELS = [
    (Report.Channel.TEMUAN, _("Temuan pengawas")),
    (Report.Channel.KERTAS, _("Laporan tertulis (surat/kertas)")),
    (Report.Channel.TELEPON, _("Laporan lewat telepon")),
    (Report.Channel.DATANG, _("Pelapor datang langsung")),
]


class StaffIntakeForm(ReportForm):
    """A supervisor records a finding (*temuan*) or a report received off-line."""

    channel = forms.ChoiceField(label=_("Jenis catatan"), choices=STAFF_CHANNELS)
    field_order = ["channel"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["website"]
        self.fields["identity_mode"].required = False

    def identity_required(self) -> bool:
        if self.cleaned_data.get("channel") == Report.Channel.TEMUAN:
            return False
        return super().identity_required()

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("channel") == Report.Channel.TEMUAN or not data.get("identity_mode"):
            if data.get("channel") == Report.Channel.TEMUAN:
                data["identity_mode"] = Report.IdentityMode.ANONYMOUS
            elif not data.get("identity_mode"):
                self.add_error("identity_mode", _("Pilih mode identitas pelapor."))
        return data


class ReceiptForm(forms.Form):
    code = forms.CharField(
        label=_("Kode tanda terima"),
        max_length=40,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        help_text=_("Dua puluh angka yang Anda terima setelah mengirim laporan."),
    )


class MessageForm(forms.Form):
    # Issue 9, defect 6: a double submit creates one row (core.idempotency).
    idempotency_key = IdempotencyKeyField()
    body = forms.CharField(
        label=_("Pesan"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )


class EvidenceForm(forms.Form):
    # Issue 9, defect 6: a resend adds the files once (core.idempotency).
    idempotency_key = IdempotencyKeyField()
    bukti = MultipleFileField(label=_("Tambah bukti"))
    links = forms.CharField(
        label=_("Tautan bukti (satu per baris)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    clean_links = ReportForm.clean_links

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not data.get("bukti") and not data.get("links") and not self.errors:
            raise ValidationError(_("Pilih berkas atau isi tautan bukti."))
        return data


class NoteForm(forms.Form):
    # Issue 9, defect 6: a double submit creates one row (core.idempotency).
    idempotency_key = IdempotencyKeyField()
    text = forms.CharField(
        label=_("Catatan telaah"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )


class RevealForm(forms.Form):
    reason = forms.CharField(
        label=_("Alasan membuka identitas pelapor"),
        min_length=10,
        max_length=500,
        help_text=_("Alasan ini dicatat dan dapat dilihat oleh atasan Anda."),
    )


class TransitionForm(forms.Form):
    to = forms.ChoiceField(choices=Report.Status.choices)
    note = forms.CharField(
        required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 2})
    )


class MatchForm(forms.Form):
    pegawai = forms.IntegerField(required=False)
