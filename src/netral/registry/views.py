"""Registry browsing pages (issue #2 item 6): employee list with live search, detail.

Views are thin adapters (house style §6): a form parses the filter, selectors scope every
read to the user (house style §3), and viewing a record is audit-logged by a service.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.forms import BaseForm
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from netral.accounts.decorators import perm_required
from netral.accounts.http import AuthedRequest
from netral.accounts.roles import Perm
from netral.registry import selectors, services
from netral.registry.forms import (
    AkunMedsosForm,
    DeactivateForm,
    PegawaiEditForm,
    PegawaiMoveForm,
    PegawaiSearchForm,
)
from netral.registry.models import Pegawai

PAGE_SIZE = 50


@perm_required(Perm.REGISTRY_VIEW)
def pegawai_list(request: AuthedRequest) -> HttpResponse:
    """Search and filter the employees in scope; htmx requests get the results only."""
    form = PegawaiSearchForm(request.GET or None, user=request.user)
    search = form.search_kwargs() if form.is_bound else {}
    qs = selectors.pegawai_list_for(user=request.user, search=search)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    partial = request.htmx and not request.htmx.history_restore_request
    template = "registry/_pegawai_results.html" if partial else "registry/pegawai_list.html"
    response = render(request, template, {"form": form, "page": page})
    patch_vary_headers(response, ["HX-Request"])
    return response


@perm_required(Perm.REGISTRY_VIEW)
def pegawai_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    """One employee in scope (same 404 when missing or out of scope); the read is logged."""
    pegawai = selectors.pegawai_get_for_user(user=request.user, pk=pk)
    services.pegawai_viewed(pegawai=pegawai, actor=request.user)
    context = {
        "pegawai": pegawai,
        "atasan_visible": selectors.pegawai_atasan_visible(user=request.user, pegawai=pegawai),
        "can_browse": selectors.can_browse_registry(request.user),
        "can_edit": selectors.pegawai_editable(user=request.user, pegawai=pegawai),
        "is_self": pegawai.pk == request.user.pegawai_id,
    }
    return render(request, "registry/pegawai_detail.html", context)


def _edit_forms(request: AuthedRequest, pegawai: Pegawai, action: str) -> dict[str, BaseForm]:
    post = request.POST if request.method == "POST" else None
    initial = {f: getattr(pegawai, f) for f in PegawaiEditForm.base_fields}
    return {
        "edit": PegawaiEditForm(
            post if action == "ubah" else None, pegawai=pegawai, initial=initial
        ),
        "move": PegawaiMoveForm(
            post if action == "pindah" else None, user=request.user, pegawai=pegawai
        ),
        "deactivate": DeactivateForm(post if action == "nonaktifkan" else None),
    }


@perm_required(Perm.REGISTRY_EDIT)
def pegawai_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    """HR's single-employee work (issue 11 item 12): edit, move, deactivate with a
    reason, reactivate. Each through a service, audited, scoped to the HR admin."""
    pegawai = selectors.pegawai_get_for_editor(user=request.user, pk=pk)
    action = request.POST.get("action", "") if request.method == "POST" else ""
    forms = _edit_forms(request, pegawai, action)
    form = forms.get(
        {"ubah": "edit", "pindah": "move", "nonaktifkan": "deactivate"}.get(action, "")
    )
    try:
        if action == "aktifkan":
            services.pegawai_reactivate(pegawai=pegawai, actor=request.user)
        elif form is not None and form.is_valid():
            data = form.cleaned_data
            if action == "ubah":
                services.pegawai_edit(pegawai=pegawai, actor=request.user, **data)
            elif action == "pindah":
                services.pegawai_move(pegawai=pegawai, unit=data["unit"], actor=request.user)
            else:
                services.pegawai_deactivate(
                    pegawai=pegawai, reason=data["reason"], actor=request.user
                )
        else:
            return render(request, "registry/pegawai_edit.html", {"pegawai": pegawai, **forms})
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("registry:pegawai_edit", pk=pegawai.pk)
    messages.success(request, _("Perubahan disimpan dan dicatat di log audit."))
    return redirect("registry:pegawai_detail", pk=pegawai.pk)


@perm_required(Perm.REGISTRY_VIEW)
def medsos_mine(request: AuthedRequest) -> HttpResponse:
    """An employee declares their own social-media accounts (issue 11 item 13)."""
    pegawai = selectors.pegawai_get_for_user(user=request.user, pk=request.user.pegawai_id or 0)
    form = AkunMedsosForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.akun_medsos_declare(pegawai=pegawai, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Akun media sosial ditambahkan."))
            return redirect("registry:medsos_mine")
    accounts = selectors.own_akun_medsos_list(pegawai=pegawai)
    return render(request, "registry/medsos_mine.html", {"form": form, "accounts": accounts})


@require_POST
@perm_required(Perm.REGISTRY_VIEW)
def medsos_remove(request: AuthedRequest, pk: int) -> HttpResponse:
    akun = selectors.own_akun_medsos(user=request.user, pk=pk)
    services.akun_medsos_remove(akun=akun, actor=request.user)
    messages.success(request, _("Akun media sosial dihapus dari daftar Anda."))
    return redirect("registry:medsos_mine")


@perm_required(Perm.REGISTRY_VIEW)
def pegawai_self(request: AuthedRequest) -> HttpResponse:
    """The logged-in employee's own record (home-page card target)."""
    if not request.user.pegawai_id:
        raise Http404
    return redirect("registry:pegawai_detail", pk=request.user.pegawai_id)


@perm_required(Perm.REGISTRY_VIEW)
def unit_tree(request: AuthedRequest) -> HttpResponse:
    """Units of one agency in scope, as a tree with active-employee counts."""
    agencies = selectors.instansi_choices(user=request.user)
    chosen = next((a for a in agencies if str(a.pk) == request.GET.get("instansi")), None)
    instansi = chosen or (agencies[0] if agencies else None)
    units = (
        selectors.unit_tree_with_counts(user=request.user, instansi=instansi) if instansi else []
    )
    context = {"agencies": agencies, "instansi": instansi, "units": units}
    return render(request, "registry/unit_tree.html", context)
