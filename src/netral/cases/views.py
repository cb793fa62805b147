"""Case pages (house style §6: parse, select, call one service, render). The letters
helper builds the per-role queues and polish on top; these keep the chain usable."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from netral.accounts import authz
from netral.accounts.decorators import perm_required
from netral.accounts.http import AuthedRequest
from netral.accounts.roles import Perm
from netral.cases import selectors, services, workflow
from netral.cases.forms import DocumentForm, NoteForm, OpenForm, StepForm
from netral.core.errors import DomainError
from netral.reports.selectors import reports_by_numbers

VIEW_PERMS = (Perm.CASE_VIEW, Perm.CASE_VIEW_FORWARDED, Perm.CASE_VIEW_AGENCY)


def _can_view(user: Any) -> bool:
    return any(authz.has_perm(user, p) for p in VIEW_PERMS)


def case_viewer(view: Any) -> Any:
    """Require one of the case-view permissions; the row scope is the selectors'."""
    return perm_required(*VIEW_PERMS)(view)


@case_viewer
def case_list(request: AuthedRequest) -> HttpResponse:
    rows = selectors.queue(
        user=request.user,
        status=request.GET.get("tahap", ""),
        overdue=request.GET.get("lewat") == "1",
        election_type=request.GET.get("pemilihan", ""),
    )[:100]
    return render(
        request,
        "cases/list.html",
        {
            "rows": rows,
            "alerts": selectors.open_alerts(user=request.user)[:20],
            "can_open": authz.has_perm(request.user, Perm.CASE_INTAKE),
            "open_form": OpenForm(),
        },
    )


@perm_required(Perm.CASE_INTAKE)
@require_POST
def case_open_view(request: AuthedRequest) -> HttpResponse:
    form = OpenForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Isian belum benar."))
        return redirect("cases:list")
    numbers = [n.strip() for n in form.cleaned_data["numbers"].split(",") if n.strip()]
    reports = reports_by_numbers(user=request.user, numbers=numbers)
    if len(reports) != len(set(numbers)):
        messages.error(request, _("Ada nomor laporan yang tidak ditemukan di wilayah Anda."))
        return redirect("cases:list")
    try:
        case = services.case_open(
            reports=reports, actor=request.user, title=form.cleaned_data["title"]
        )
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("cases:list")
    return redirect("cases:detail", public_id=case.public_id)


@case_viewer
def detail(request: AuthedRequest, public_id: Any) -> HttpResponse:
    case = selectors.case_get_for_user(user=request.user, public_id=public_id)
    services.case_viewed(case=case, actor=request.user)
    left = selectors.days_left(case)
    return render(
        request,
        "cases/detail.html",
        {
            "case": case,
            "days_overdue": -left if left is not None and left < 0 else 0,
            "subjects": selectors.case_subjects(case=case),
            "steps": workflow.available(case=case, user=request.user),
            "days_left": left,
            "documents": selectors.case_documents(case=case),
            "timeline": selectors.timeline(case=case),
            "document_form": DocumentForm(),
            "note_form": NoteForm(),
        },
    )


@case_viewer
def step(request: AuthedRequest, public_id: Any, step: str) -> HttpResponse:
    case = selectors.case_get_for_user(user=request.user, public_id=public_id)
    offered = {t.name: t for t in workflow.available(case=case, user=request.user)}
    if step not in offered:
        raise Http404
    form = StepForm(request.POST or None, case=case, step=offered[step])
    if request.method == "POST" and form.is_valid():
        values = form.values()
        try:
            workflow.transition(
                case=case, to=step, actor=request.user, note=values.pop("note", ""), fields=values
            )
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Langkah tersimpan."))
            return redirect("cases:detail", public_id=case.public_id)
    return render(request, "cases/step.html", {"case": case, "step": offered[step], "form": form})


@case_viewer
@require_POST
def document_add(request: AuthedRequest, public_id: Any) -> HttpResponse:
    case = selectors.case_get_for_user(user=request.user, public_id=public_id)
    if not workflow.available(case=case, user=request.user):
        raise PermissionDenied  # only whoever acts on the case now adds its documents
    form = DocumentForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["file"]
        services.case_document_add(
            case=case,
            kind=form.cleaned_data["kind"],
            content=upload.read(),
            filename=upload.name,
            number=form.cleaned_data["number"],
            actor=request.user,
            idempotency_key=form.cleaned_data["idempotency_key"],
        )
        messages.success(request, _("Dokumen tersimpan."))
    else:
        messages.error(request, " ".join(str(e) for errs in form.errors.values() for e in errs))
    return redirect("cases:detail", public_id=case.public_id)


@case_viewer
def document_file(request: AuthedRequest, public_id: Any, doc_id: Any) -> HttpResponseBase:
    case = selectors.case_get_for_user(user=request.user, public_id=public_id)
    doc = selectors.case_document_get(case=case, public_id=doc_id)
    if doc is None or not doc.file:
        raise Http404
    return FileResponse(
        doc.file.open("rb"), content_type=doc.content_type, filename=f"{doc.kind}.pdf"
    )


@case_viewer
@require_POST
def note_add(request: AuthedRequest, public_id: Any) -> HttpResponse:
    case = selectors.case_get_for_user(user=request.user, public_id=public_id)
    form = NoteForm(request.POST)
    if form.is_valid():
        services.case_note_add(
            case=case,
            text=form.cleaned_data["text"],
            actor=request.user,
            idempotency_key=form.cleaned_data["idempotency_key"],
        )
    return redirect("cases:detail", public_id=case.public_id)


@perm_required(Perm.CASE_COMPLIANCE)
def compliance(request: AuthedRequest) -> HttpResponse:
    return render(
        request, "cases/compliance.html", {"rows": selectors.ppk_compliance(user=request.user)}
    )
