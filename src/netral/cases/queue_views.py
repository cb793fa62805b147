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

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import F, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from netral.accounts import authz
from netral.accounts.decorators import perm_required
from netral.accounts.models import RoleAssignment
from netral.accounts.roles import Perm, Role
from netral.cases import selectors, services
from netral.cases.models import Case, CaseStatus
from netral.registry.models import Instansi
from netral.reports.models import ElectionType

VIEW_PERMS = (Perm.CASE_VIEW, Perm.CASE_VIEW_FORWARDED, Perm.CASE_VIEW_AGENCY)
QUEUE_SIZE = 50
# Roles whose queue is theirs to work (and so to assign within).
ASSIGNING_ROLES = (Role.BAWASLU, Role.SATGAS, Role.KASN_BKN, Role.PPK, Role.HR_ADMIN)


def colleagues(user: Any) -> QuerySet[Any]:
    """Officers who share one of ``user``'s queue roles with the same scope: the people a
    case in this queue may be assigned to (the user included)."""
    parts = Q(pk__in=[])
    for a in authz.assignments(user):
        if a.role not in ASSIGNING_ROLES:
            continue
        parts |= Q(role=a.role, region_id=a.region_id, instansi_id=a.instansi_id)
    ids = RoleAssignment.objects.filter(parts).values("user_id")
    return get_user_model().objects.filter(pk__in=ids, is_active=True).order_by("nama", "username")


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
        states = queue_states(user)
        self.fields["tahap"].choices = [("", gettext_lazy("Semua tahap"))] + [
            (s, CaseStatus(s).label) for s in states
        ]
        self.fields["instansi"].queryset = selectors.instansi_choices(user=user)


class AssignForm(forms.Form):
    officer = forms.ModelChoiceField(
        label=gettext_lazy("Petugas"), queryset=get_user_model().objects.none(), required=False
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["officer"].queryset = colleagues(user)
        self.fields["officer"].empty_label = gettext_lazy("Belum ditugaskan")


# The Inspektorat takes no step of its own (internal supervision, shared/domain.md §1):
# its queue is its agency's cases at the PPK and execution stages, where it watches the
# deadlines the PPK and BKPSDM must keep.
WATCHED_STATES: dict[str, tuple[str, ...]] = {
    Role.INSPEKTORAT: (
        CaseStatus.RECOMMENDED,
        CaseStatus.AGENCY,
        CaseStatus.APPEAL,
        CaseStatus.DECIDED,
    ),
}


def queue_states(user: Any) -> list[str]:
    states = set(selectors.waiting_states(user=user))
    for role in authz.roles(user):
        states.update(WATCHED_STATES.get(role, ()))
    return sorted(states)


def queue_cases(*, user: Any, today: dt.date, f: dict[str, Any] | None = None) -> QuerySet[Case]:
    """``selectors.queue`` plus the watched states (above) and the officer filter."""
    f = f or {}
    states = queue_states(user)
    if f.get("tahap"):
        states = [s for s in states if s == f["tahap"]]
    qs = selectors.cases_visible_to(user=user).filter(status__in=states)
    if f.get("lewat"):
        qs = qs.filter(stage_due_on__lt=today)
    if f.get("instansi"):
        qs = qs.filter(instansi_id=f["instansi"].pk)
    if f.get("pelanggaran"):
        qs = qs.filter(violation_type_id=f["pelanggaran"].pk)
    if f.get("pemilihan"):
        qs = qs.filter(election_type=f["pemilihan"])
    return qs.select_related("instansi", "violation_type", "assigned_to").order_by(
        F("stage_due_on").asc(nulls_last=True), "id"
    )


def _rows(cases: list[Case], today: dt.date) -> list[dict[str, Any]]:
    """Days left for each row, counted the way its rule counts (one query for the rules)."""
    working = selectors.working_rules()
    cal = selectors.list_calendar(cases, today)
    rows = []
    for c in cases:
        left = selectors.days_left(c, today=today, working=working, cal=cal)
        overdue = left is not None and left < 0
        rows.append(
            {"case": c, "days_left": left, "overdue": overdue, "late": -left if overdue else 0}
        )
    return rows


@perm_required(*VIEW_PERMS)
def queue(request: HttpRequest) -> HttpResponse:
    """The user's queue with its filters (GET parameters, so a filtered queue is a link)."""
    form = QueueFilterForm(request.GET or None, user=request.user)
    f = form.cleaned_data if form.is_valid() else {}
    today = timezone.localdate()
    qs = queue_cases(user=request.user, today=today, f=f)
    if f.get("saya"):
        qs = qs.filter(assigned_to=request.user)
    cases = list(qs.prefetch_related("subjects")[:QUEUE_SIZE])
    roles = [str(Role(r).label) for r in sorted(authz.roles(request.user)) if r in Role.values]
    ctx = {
        "form": form,
        "rows": _rows(cases, today),
        "roles": roles,
        "assign_form": AssignForm(user=request.user),
        "can_assign": bool(authz.roles(request.user) & set(ASSIGNING_ROLES)),
        "alerts": selectors.open_alerts(user=request.user)[:10],
        "limit": QUEUE_SIZE,
    }
    return render(request, "cases/queue.html", ctx)


def _assign(request: HttpRequest, cases: list[Case]) -> int:
    if not (authz.roles(request.user) & set(ASSIGNING_ROLES)):
        raise PermissionDenied
    form = AssignForm(request.POST, user=request.user)
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
def assign(request: HttpRequest, public_id: Any) -> HttpResponse:
    """Assign or reassign one case (from its page)."""
    case = selectors.case_get_for_user(user=request.user, public_id=public_id)
    if _assign(request, [case]):
        messages.success(request, _("Penugasan perkara diperbarui."))
    return redirect("cases:detail", public_id=case.public_id)


@perm_required(*VIEW_PERMS)
@require_POST
def bulk(request: HttpRequest) -> HttpResponse:
    """Assign the ticked cases of the queue at once (the only bulk action; see module
    docstring). Cases outside the user's queue are ignored, never an error that leaks."""
    ids = request.POST.getlist("case")[:QUEUE_SIZE]
    today = timezone.localdate()
    cases = list(queue_cases(user=request.user, today=today).filter(public_id__in=_uuids(ids)))
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
