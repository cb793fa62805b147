"""Letter pages of a case (issue 10 item 5): issue a letter, upload its signed scan.

Adapters only (house style §6): the form parses, ``selectors.case_get_for_user`` finds
the case in the user's scope (404 otherwise), ``letters`` does the work. The signed PDF
and the scan are served by ``views.document_file`` like every case document.
"""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from netral.accounts.decorators import perm_required
from netral.accounts.http import AuthedRequest
from netral.accounts.roles import Perm
from netral.cases import letters, selectors
from netral.cases.models import Case

VIEW_PERMS = (Perm.CASE_VIEW, Perm.CASE_VIEW_FORWARDED, Perm.CASE_VIEW_AGENCY)


class IssueForm(forms.Form):
    prefix = "surat"  # the case page has other forms with a "kind" field
    kind = forms.ChoiceField(label=gettext_lazy("Jenis surat"))
    text = forms.CharField(
        label=gettext_lazy("Isi dari petugas"),
        required=False,
        max_length=8000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy(
            "Misalnya kekurangan syarat, keterangan yang diklarifikasi, atau analisis kajian. "
            "Jangan menuliskan identitas pelapor."
        ),
    )
    party = forms.CharField(
        label=gettext_lazy("Pihak yang diklarifikasi (berita acara)"),
        required=False,
        max_length=200,
    )

    def __init__(self, *args: Any, case: Case, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        kind = cast(forms.ChoiceField, self.fields["kind"])
        kind.choices = letters.kinds_offered(case=case, user=user)


class ScanForm(forms.Form):
    scan = forms.FileField(label=gettext_lazy("Pindaian bertanda tangan (PDF, JPEG atau PNG)"))


def letter_panel(*, case: Case, user: Any) -> dict[str, Any]:
    """Context for ``cases/_letters.html`` on the case page."""
    offered = letters.kinds_offered(case=case, user=user)
    return {
        "letters": selectors.case_letters(case=case),
        "issue_form": IssueForm(case=case, user=user) if offered else None,
        "scan_form": ScanForm(),
        "can_upload": bool(letters.issuer_roles_of(user)),
    }


@perm_required(*VIEW_PERMS)
@require_POST
def letter_issue(request: AuthedRequest, public_id: Any) -> HttpResponse:
    case = selectors.case_get_for_user(user=request.user, public_id=public_id)
    form = IssueForm(request.POST, case=case, user=request.user)
    if not form.is_valid():
        messages.error(request, _("Pilih jenis surat yang dapat Anda terbitkan pada tahap ini."))
        return redirect("cases:detail", public_id=case.public_id)
    data = letters.IssueInput(**form.cleaned_data)
    try:
        letter = letters.letter_issue(case=case, data=data, actor=request.user)
    except letters.LetterError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request, _("Surat %(n)s diterbitkan dan ditandatangani.") % {"n": letter.number}
        )
    return redirect("cases:detail", public_id=case.public_id)


@perm_required(*VIEW_PERMS)
@require_POST
def letter_scan(request: AuthedRequest, public_id: Any, letter_id: Any) -> HttpResponse:
    case = selectors.case_get_for_user(user=request.user, public_id=public_id)
    letter = selectors.case_letter_get(case=case, public_id=letter_id)
    form = ScanForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Pilih berkas pindaian."))
        return redirect("cases:detail", public_id=case.public_id)
    try:
        letters.letter_scan_upload(
            letter=letter, file=form.cleaned_data["scan"], actor=request.user
        )
    except letters.LetterError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Pindaian surat %(n)s tersimpan.") % {"n": letter.number})
    return redirect("cases:detail", public_id=case.public_id)
