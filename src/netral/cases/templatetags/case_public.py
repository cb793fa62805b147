"""Template tags other apps' pages use to show case information they do not own:
the reporter's plain-words case status (``reports``) and the employee record
(``registry``). The data comes from the cases app's own selectors, scoped there."""

from __future__ import annotations

from typing import Any

from django import template

from netral.cases import public_status, record

register = template.Library()


@register.inclusion_tag("cases/_public_status.html")
def case_public_status(report: Any) -> dict[str, Any]:
    return {"status": public_status.public_status(report=report)}


@register.inclusion_tag("cases/_employee_record.html", takes_context=True)
def case_employee_record(context: Any, pegawai: Any) -> dict[str, Any]:
    user = context["request"].user
    allowed = record.can_see_record(user=user, pegawai=pegawai)
    rows = record.employee_record(user=user, pegawai=pegawai) if allowed else []
    return {"allowed": allowed, "rows": rows}
