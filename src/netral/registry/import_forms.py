"""Upload form of the roster import (issue #2 item 3)."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from netral.core.idempotency import IdempotencyKeyField
from netral.registry.models import Instansi
from netral.registry.selectors import importable_instansi

ALLOWED_SUFFIXES = (".csv", ".xlsx")


class ImportUploadForm(forms.Form):
    # Issue 9, defect 6: a double submit starts one job (core.idempotency).
    idempotency_key = IdempotencyKeyField()
    instansi = forms.ModelChoiceField(
        label=_("Instansi"),
        queryset=Instansi.objects.none(),
        empty_label=None,
        help_text=_("Hanya instansi yang boleh Anda impor yang ditampilkan."),
    )
    berkas = forms.FileField(
        label=_("Berkas daftar pegawai (CSV atau XLSX)"),
        help_text=_("Baris pertama berisi nama kolom; gunakan templat CSV bila ragu."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        instansi = cast("forms.ModelChoiceField[Any]", self.fields["instansi"])
        instansi.queryset = importable_instansi(user=user).order_by("kode")

    def clean_berkas(self) -> Any:
        upload = self.cleaned_data["berkas"]
        if not upload.name.lower().endswith(ALLOWED_SUFFIXES):
            raise forms.ValidationError(_("Unggah berkas berakhiran .csv atau .xlsx."))
        limit = settings.IMPORT_MAX_UPLOAD_MB
        if upload.size > limit * 1024 * 1024:
            raise forms.ValidationError(
                _("Berkas terlalu besar; paling besar %(mb)d MB.") % {"mb": limit}
            )
        head = upload.read(4)
        upload.seek(0)
        if upload.name.lower().endswith(".xlsx") and head != b"PK\x03\x04":
            raise forms.ValidationError(_("Berkas ini bukan berkas XLSX yang sah."))
        return upload
