"""Forms of the cases pages; one form class per step is built from the transition row."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy
from django.utils.translation import gettext_lazy as _

from netral.cases import selectors
from netral.cases.models import Case, CaseDocument, CaseStatus
from netral.cases.selectors import active_violation_types, sanctions_offered
from netral.core.idempotency import IdempotencyKeyField
from netral.core.workflow import Transition
from netral.registry.models import Instansi
from netral.reports.models import ElectionType

FIELD_LABELS = {
    "note": _("Keterangan atau alasan"),
    "discovered_on": _("Tanggal pengawas menemukan dugaan pelanggaran"),
    "recommendation_number": _("Nomor surat rekomendasi"),
    "decree_number": _("Nomor keputusan PPK"),
    "decided_on": _("Tanggal keputusan"),
    "executed_on": _("Tanggal sanksi dilaksanakan"),
    "referred_to": _("Dilimpahkan kepada"),
    "merged_into": _("Nomor perkara tujuan"),
}
DATE_FIELDS = {"discovered_on", "decided_on", "executed_on"}


class StepForm(forms.Form):
    """The inputs one step needs: its required fields, the proven violation type when
    forwarding, and one sanction per employee when recommending or deciding."""

    def __init__(self, *args: Any, case: Case, step: Transition, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.case, self.step = case, step
        names = [n for n in step.required_fields if n != "sanctions"]
        if "note" not in names:
            self.fields["note"] = forms.CharField(
                label=FIELD_LABELS["note"], required=False, widget=forms.Textarea(attrs={"rows": 2})
            )
        for name in names:
            if name in DATE_FIELDS:
                field: forms.Field = forms.DateField(
                    label=FIELD_LABELS[name], widget=forms.DateInput(attrs={"type": "date"})
                )
            elif name == "note":
                field = forms.CharField(
                    label=FIELD_LABELS[name], widget=forms.Textarea(attrs={"rows": 3})
                )
            else:
                field = forms.CharField(label=FIELD_LABELS[name], max_length=200)
            self.fields[name] = field
        if step.name in ("forward_body", "forward_agency", "recommend"):
            self.fields["violation_type"] = forms.ModelChoiceField(
                queryset=active_violation_types(),
                label=_("Jenis pelanggaran yang terbukti"),
                initial=case.violation_type_id,
                required=case.violation_type_id is None,
            )
        if step.name in ("recommend", "decide", "appeal_resolve"):
            for subject in case.subjects.all():
                offered = sanctions_offered(
                    violation_type=case.violation_type, jenis_pegawai=subject.jenis_pegawai
                )
                self.fields[f"sanction_{subject.pk}"] = forms.ModelChoiceField(
                    queryset=offered,
                    label=_("Sanksi untuk %(nama)s (%(jenis)s)")
                    % {"nama": subject.nama, "jenis": subject.get_jenis_pegawai_display()},
                    required=step.name == "recommend" or case.status == "agency",
                    initial=subject.recommended_sanction_id,
                )

    def values(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        sanctions = {}
        for key in list(data):
            if key.startswith("sanction_"):
                value = data.pop(key)
                if value is not None:
                    sanctions[int(key.removeprefix("sanction_"))] = value
        if sanctions or self.step.name == "recommend":
            data["sanctions"] = sanctions
        if data.get("violation_type") is None:
            data.pop("violation_type", None)
        if "merged_into" in data:
            other = (
                Case.objects.filter(number=data["merged_into"].strip())
                .values_list("pk", flat=True)
                .first()
            )
            data["merged_into"] = other if other is not None else -1
        return {k: v for k, v in data.items() if v not in ("", None)}


class DocumentForm(forms.Form):
    # Issue 9, defect 6: a double submit creates one row (core.idempotency).
    idempotency_key = IdempotencyKeyField()
    kind = forms.ChoiceField(label=_("Jenis dokumen"), choices=CaseDocument.Kind.choices)
    number = forms.CharField(label=_("Nomor surat"), max_length=80, required=False)
    file = forms.FileField(label=_("Berkas (PDF hasil pindai bertanda tangan)"))

    def clean_file(self) -> Any:
        f = self.cleaned_data["file"]
        if f.size > 20 * 1024 * 1024:
            raise forms.ValidationError(_("Berkas lebih dari 20 MB."))
        head = f.read(5)
        f.seek(0)
        if head != b"%PDF-":
            raise forms.ValidationError(_("Unggah berkas PDF."))
        return f


class OpenForm(forms.Form):
    numbers = forms.CharField(
        label=_("Nomor penerimaan laporan/temuan"),
        help_text=_(
            "Pisahkan dengan koma bila lebih dari satu laporan tentang kejadian yang sama."
        ),
        max_length=400,
    )
    title = forms.CharField(label=_("Pokok perkara"), max_length=300, required=False)


class NoteForm(forms.Form):
    # Issue 9, defect 6: a double submit creates one row (core.idempotency).
    idempotency_key = IdempotencyKeyField()
    text = forms.CharField(label=_("Catatan internal"), widget=forms.Textarea(attrs={"rows": 2}))


# --- work queue (cases.queue_views) -----------------------------------------------------


class QueueFilterForm(forms.Form):
    tahap = forms.ChoiceField(label=gettext_lazy("Tahap"), required=False)
    instansi = forms.ModelChoiceField(
        label=gettext_lazy("Instansi"), queryset=Instansi.objects.none(), required=False
    )
    pelanggaran = forms.ModelChoiceField(
        label=gettext_lazy("Jenis pelanggaran"),
        queryset=selectors.active_violation_types(),
        required=False,
    )
    pemilihan = forms.ChoiceField(
        label=gettext_lazy("Pemilihan"),
        required=False,
        choices=[("", gettext_lazy("Semua pemilihan"))]
        + [c for c in ElectionType.choices if c[0] != ElectionType.TIDAK_TAHU],
    )
    lewat = forms.BooleanField(label=gettext_lazy("Hanya yang lewat tenggat"), required=False)
    saya = forms.BooleanField(
        label=gettext_lazy("Hanya yang ditugaskan kepada saya"), required=False
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        states = selectors.queue_states(user)
        tahap = cast(forms.ChoiceField, self.fields["tahap"])
        tahap.choices = [("", gettext_lazy("Semua tahap"))] + [
            (s, CaseStatus(s).label) for s in states
        ]
        instansi = cast("forms.ModelChoiceField[Any]", self.fields["instansi"])
        instansi.queryset = selectors.instansi_choices(user=user)


class AssignForm(forms.Form):
    officer = forms.ModelChoiceField(
        label=gettext_lazy("Petugas"), queryset=get_user_model().objects.none(), required=False
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        officer = cast("forms.ModelChoiceField[Any]", self.fields["officer"])
        officer.queryset = selectors.colleagues(user)
        officer.empty_label = gettext_lazy("Belum ditugaskan")
