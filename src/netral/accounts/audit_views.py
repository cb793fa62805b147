"""Audit log browser for administrators (issue #2 item 4; house style §5)."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from netral.accounts import selectors
from netral.accounts.decorators import perm_required
from netral.accounts.forms import AuditFilterForm
from netral.accounts.roles import Perm
from netral.core import audit

PAGE_SIZE = 50


@perm_required(Perm.AUDIT_VIEW)
def audit_list(request: HttpRequest) -> HttpResponse:
    """Entries in the user's scope, newest first, filtered by action, actor, type, dates."""
    form = AuditFilterForm(request.GET or None)
    q = form.filter_q() if form.is_bound else None
    qs = selectors.audit_entries_visible_to(user=request.user)
    if form.is_bound and q is None:
        qs = qs.none()  # invalid filter: show the errors, not an unfiltered log
    elif q:
        qs = qs.filter(q)
    page = Paginator(qs.order_by("-at", "-id"), PAGE_SIZE).get_page(request.GET.get("page"))
    org_names = selectors.audit_org_names(entries=page.object_list)
    for entry in page.object_list:
        entry.action_label = audit.label_for(entry.action)
        entry.org_name = org_names.get(entry.org_id, "")
    return render(request, "accounts/audit_list.html", {"form": form, "page": page})
