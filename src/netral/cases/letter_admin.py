"""Admin for the letter machinery: templates and offices are edited here (house style §9:
regulatory wording is data with a citation); issued letters are read-only."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from netral.cases import letters
from netral.cases.letter_models import CaseLetter, LetterOffice, LetterTemplate
from netral.core.admin import AuditedAdmin, ReadOnlyAdmin


class LetterTemplateForm(forms.ModelForm[LetterTemplate]):
    class Meta:
        model = LetterTemplate
        fields = [
            "kind",
            "version",
            "is_active",
            "layout",
            "title",
            "subject_line",
            "classification",
            "sifat",
            "recipient",
            "body",
            "tembusan",
            "citation",
        ]

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        text = " ".join(
            str(data.get(k) or "")
            for k in ("title", "subject_line", "recipient", "body", "tembusan")
        )
        unknown = letters.unknown_placeholders(text)
        if unknown:
            raise forms.ValidationError(
                _("Isian tidak dikenal: %(names)s.") % {"names": ", ".join(unknown)}
            )
        return data


@admin.register(LetterTemplate)
class LetterTemplateAdmin(AuditedAdmin):
    form = LetterTemplateForm
    list_display = ["kind", "version", "is_active", "layout", "title", "citation"]
    list_filter = ["kind", "is_active"]


@admin.register(LetterOffice)
class LetterOfficeAdmin(AuditedAdmin):
    list_display = ["key", "authority", "office", "number_code", "signer_title"]
    search_fields = ["key", "authority", "office"]


@admin.register(CaseLetter)
class CaseLetterAdmin(ReadOnlyAdmin):
    list_display = ["number", "kind", "case", "office", "letter_date"]
    list_filter = ["kind", "year"]
    search_fields = ["number"]
