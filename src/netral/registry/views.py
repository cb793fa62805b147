"""Registry browsing pages (issue #2 item 6): employee list with live search, detail.

Views are thin adapters (house style §6): a form parses the filter, selectors scope every
read to the user (house style §3), and viewing a record is audit-logged by a service.
"""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.cache import patch_vary_headers

from netral.accounts.decorators import perm_required
from netral.accounts.roles import Perm
from netral.registry import selectors, services
from netral.registry.forms import PegawaiSearchForm
from netral.registry.models import Pegawai

PAGE_SIZE = 50


@perm_required(Perm.REGISTRY_VIEW)
def pegawai_list(request: HttpRequest) -> HttpResponse:
    """Search and filter the employees in scope; htmx requests get the results only."""
    form = PegawaiSearchForm(request.GET or None, user=request.user)
    search = form.search_kwargs() if form.is_bound else {}
    qs = (
        Pegawai.objects.none()
        if search is None
        else selectors.pegawai_search(user=request.user, **search)
    )
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    partial = request.htmx and not request.htmx.history_restore_request
    template = "registry/_pegawai_results.html" if partial else "registry/pegawai_list.html"
    response = render(request, template, {"form": form, "page": page})
    patch_vary_headers(response, ["HX-Request"])
    return response


@perm_required(Perm.REGISTRY_VIEW)
def pegawai_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One employee in scope (same 404 when missing or out of scope); the read is logged."""
    pegawai = selectors.pegawai_get_for_user(user=request.user, pk=pk)
    services.pegawai_viewed(pegawai=pegawai, actor=request.user)
    context = {
        "pegawai": pegawai,
        "atasan_visible": selectors.pegawai_atasan_visible(user=request.user, pegawai=pegawai),
        "can_browse": selectors.can_browse_registry(request.user),
    }
    return render(request, "registry/pegawai_detail.html", context)


@perm_required(Perm.REGISTRY_VIEW)
def pegawai_self(request: HttpRequest) -> HttpResponse:
    """The logged-in employee's own record (home-page card target)."""
    if not request.user.pegawai_id:
        raise Http404
    return redirect("registry:pegawai_detail", pk=request.user.pegawai_id)


@perm_required(Perm.REGISTRY_VIEW)
def unit_tree(request: HttpRequest) -> HttpResponse:
    """Units of one agency in scope, as a tree with active-employee counts."""
    agencies = list(selectors.instansi_visible_to(user=request.user).order_by("nama"))
    chosen = next((a for a in agencies if str(a.pk) == request.GET.get("instansi")), None)
    instansi = chosen or (agencies[0] if agencies else None)
    units = (
        selectors.unit_tree_with_counts(user=request.user, instansi=instansi) if instansi else []
    )
    context = {"agencies": agencies, "instansi": instansi, "units": units}
    return render(request, "registry/unit_tree.html", context)
