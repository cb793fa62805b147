"""Panels of the case page that the letters and queue side owns (issue 10 items 5–6):
official letters, assignment, and the messages exchanged with the reporters. Inclusion
tags keep them out of the case view, which stays a thin adapter."""

from __future__ import annotations

from typing import Any

from django import template

from netral.accounts import authz
from netral.accounts.roles import Perm
from netral.cases import forms, letter_views, selectors
from netral.reports.models import Message

register = template.Library()


@register.inclusion_tag("cases/_letters.html", takes_context=True)
def case_letters(context: Any, case: Any) -> dict[str, Any]:
    return {"case": case, **letter_views.letter_panel(case=case, user=context["request"].user)}


@register.inclusion_tag("cases/_assign.html", takes_context=True)
def case_assign_panel(context: Any, case: Any) -> dict[str, Any]:
    user = context["request"].user
    can = bool(authz.roles(user) & set(selectors.ASSIGNING_ROLES))
    return {"case": case, "assign_form": forms.AssignForm(user=user) if can else None}


@register.inclusion_tag("cases/_thread.html", takes_context=True)
def case_thread(context: Any, case: Any) -> dict[str, Any]:
    """Messages between handlers and the reporters of the case's reports, oldest first
    (replies are written on the report page, which handles the reporter's protection).
    Only report handlers (Bawaslu, Satgas, the recommending body) see them: the reported
    employee's agency (PPK, BKPSDM, Inspektorat) never reads what a reporter wrote."""
    if not authz.has_perm(context["request"].user, Perm.REPORT_HANDLE):
        return {"hidden": True}
    reports = [cr.report for cr in case.case_reports.select_related("report")]
    msgs = (
        Message.objects.filter(report__in=reports)
        .select_related("report", "author")
        .order_by("at", "id")
    )
    return {"messages_": msgs, "reports": reports}
