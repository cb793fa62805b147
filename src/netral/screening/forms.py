from __future__ import annotations

import json
from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from netral.core.idempotency import IdempotencyKeyField
from netral.screening.ml import lexicon as lexmod
from netral.screening.models import Election

MAX_UPLOAD_MB = 200


class UploadForm(forms.Form):
    # Issue 9, defect 6: a double submit starts one job (core.idempotency).
    idempotency_key = IdempotencyKeyField()
    election = forms.ModelChoiceField(
        label=_("Pemilihan"), queryset=Election.objects.none(), empty_label=None
    )
    berkas = forms.FileField(
        label=_("Berkas unggahan (CSV atau NDJSON)"),
        help_text=_(
            "Kolom: post_id, platform, author_handle, action, text, target_text, posted_at; "
            "opsional url, author_name, target_author."
        ),
    )

    def __init__(self, *args: Any, elections: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if elections is not None:
            election = cast("forms.ModelChoiceField[Any]", self.fields["election"])
            election.queryset = elections

    def clean_berkas(self) -> Any:
        f = self.cleaned_data["berkas"]
        if f.size > MAX_UPLOAD_MB * 1024 * 1024:
            raise forms.ValidationError(_("Berkas lebih dari %(mb)s MB.") % {"mb": MAX_UPLOAD_MB})
        return f


class LexiconForm(forms.Form):
    lexicon = forms.CharField(
        label=_("Leksikon (JSON)"),
        widget=forms.Textarea(attrs={"rows": 18, "spellcheck": "false"}),
        help_text=_(
            "Bentuk: election, type (pilkada/pemilu), voting_day, campaign_start, campaign_end, "
            "candidates (number, names, aliases, slogans, hashtags, parties)."
        ),
    )
    berkas = forms.FileField(label=_("atau unggah berkas JSON"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["lexicon"].required = False

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        raw = data.get("lexicon") or ""
        if data.get("berkas"):
            raw = data["berkas"].read().decode("utf-8", errors="replace")
        try:
            parsed = json.loads(raw)
        except json.JSONDecodeError:
            raise forms.ValidationError(_("Leksikon bukan JSON yang valid.")) from None
        lex, errors = lexmod.parse(parsed)
        if lex is None:
            raise forms.ValidationError(errors)
        data["parsed"] = parsed
        return data


class DismissForm(forms.Form):
    reason = forms.CharField(
        label=_("Alasan penolakan"), max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )
    ids = forms.CharField(widget=forms.MultipleHiddenInput, required=False)


class ConfirmForm(forms.Form):
    note = forms.CharField(
        label=_("Catatan penelaah"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
