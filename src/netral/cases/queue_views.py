"""Work queues per role (issue 10 item 6): the cases waiting on the user, filters,
assignment and reassignment, and the bulk actions that are safe.

The queue is ``selectors.queue`` (states whose next step belongs to one of the user's
roles, in the user's scope, soonest due first). Bulk actions are limited to assignment:
every state change names its own fields and documents and is taken case by case on the
case page, so a bulk action can never skip a requirement.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from netral.accounts import authz
from netral.accounts.decorators import perm_required
from netral.accounts.http import AuthedRequest
from netral.accounts.roles import Perm, Role
from netral.cases import forms, selectors, services
from netral.cases.models import Case

VIEW_PERMS = (Perm.CASE_VIEW, Perm.CASE_VIEW_FORWARDED, Perm.CASE_VIEW_AGENCY)
QUEUE_SIZE = 50


def _rows(cases: list[Case], today: dt.date) -> list[dict[str, Any]]:
    """Days left for each row, counted the way its rule counts (one query for the rules)."""
    working = selectors.working_rules()
    cal = selectors.list_calendar(cases, today)
    rows = []
    for c in cases:
        left = selectors.days_left(c, today=today, working=working, cal=cal)
        late = -left if left is not None and left < 0 else 0
        overdue = late > 0
        subjects = selectors.queue_subject_names(case=c)
        rows.append(
            {
                "case": c,
                "days_left": left,
                "overdue": overdue,
                "late": late,
                # Text worked out here rather than in the template: the queue renders up
                # to QUEUE_SIZE cards and template lookups were most of its cost (issue 10).
                "url": reverse("cases:detail", args=[c.public_id]),
                "status": c.get_status_display(),
                "badge": (
                    ngettext("Lewat %(n)d hari", "Lewat %(n)d hari", late) % {"n": late}
                    if overdue
                    else ngettext("Sisa %(n)d hari", "Sisa %(n)d hari", left) % {"n": left}
                    if left is not None
                    else ""
                ),
                "subjects": ", ".join(subjects),
            }
        )
    return rows


@perm_required(*VIEW_PERMS)
def queue(request: AuthedRequest) -> HttpResponse:
    """The user's queue with its filters (GET parameters, so a filtered queue is a link)."""
    form = forms.QueueFilterForm(request.GET or None, user=request.user)
    f = form.cleaned_data if form.is_valid() else {}
    today = timezone.localdate()
    cases = selectors.queue_page(
        user=request.user, today=today, f=f, limit=QUEUE_SIZE, mine=bool(f.get("saya"))
    )
    roles = [str(Role(r).label) for r in sorted(authz.roles(request.user)) if r in Role.values]
    ctx = {
        "form": form,
        "rows": _rows(cases, today),
        "roles": roles,
        "assign_form": forms.AssignForm(user=request.user),
        "can_assign": bool(authz.roles(request.user) & set(selectors.ASSIGNING_ROLES)),
        "alerts": selectors.open_alerts(user=request.user)[:10],
        "limit": QUEUE_SIZE,
    }
    return render(request, "cases/queue.html", ctx)


def _assign(request: AuthedRequest, cases: list[Case]) -> int:
    if not (authz.roles(request.user) & set(selectors.ASSIGNING_ROLES)):
        raise PermissionDenied
    form = forms.AssignForm(request.POST, user=request.user)
    if not form.is_valid():
        messages.error(request, _("Pilih petugas dari daftar."))
        return 0
    officer = form.cleaned_data["officer"]
    if request.POST.get("me") == "1":
        officer = request.user
    for case in cases:
        services.case_assign(case=case, officer=officer, actor=request.user)
    return len(cases)


@perm_required(*VIEW_PERMS)
@require_POST
def assign(request: AuthedRequest, public_id: Any) -> HttpResponse:
    """Assign or reassign one case (from its page)."""
    case = selectors.case_get_for_user(user=request.user, public_id=public_id)
    if _assign(request, [case]):
        messages.success(request, _("Penugasan perkara diperbarui."))
    return redirect("cases:detail", public_id=case.public_id)


@perm_required(*VIEW_PERMS)
@require_POST
def bulk(request: AuthedRequest) -> HttpResponse:
    """Assign the ticked cases of the queue at once (the only bulk action; see module
    docstring). Cases outside the user's queue are ignored, never an error that leaks."""
    ids = request.POST.getlist("case")[:QUEUE_SIZE]
    today = timezone.localdate()
    cases = selectors.queue_cases_by_ids(user=request.user, today=today, public_ids=_uuids(ids))
    if not cases:
        messages.error(request, _("Centang sedikitnya satu perkara."))
        return redirect("cases:queue")
    n = _assign(request, cases)
    if n:
        messages.success(request, _("%(n)d perkara ditugaskan.") % {"n": n})
    return redirect("cases:queue")


def _uuids(values: list[str]) -> list[str]:
    import uuid

    out = []
    for v in values:
        try:
            out.append(str(uuid.UUID(v)))
        except ValueError:
            continue
    return out
