"""The employee record (issue 10 item 7): an employee's cases and sanctions, read for the
registry employee page (house style §3: scoped, failing closed).

Shown to the HR office (BKPSDM), the OPD administrators, the PPK and the Inspektorat
whose registry scope holds the employee, and to the system administrator. Each of them
sees only the cases ``selectors.cases_visible_to`` grants them: for an agency that means
cases that reached its PPK, so an employee's agency does not learn of a case while
Bawaslu is still studying it. Not shown to the employee (an HR file; the employee hears of
a sanction by its decree).
"""

from __future__ import annotations

from typing import Any

from netral.accounts import authz
from netral.accounts.roles import Perm, Role
from netral.cases import selectors
from netral.cases.models import CaseSubject
from netral.registry.models import Pegawai

RECORD_ROLES = frozenset({Role.SYSADMIN, Role.HR_ADMIN, Role.OPD_ADMIN, Role.PPK, Role.INSPEKTORAT})


def can_see_record(*, user: Any, pegawai: Pegawai) -> bool:
    """HR and supervisors whose registry scope holds ``pegawai`` (module docstring)."""
    if not (authz.roles(user) & RECORD_ROLES):
        return False
    q = authz.pegawai_scope_q(user, Perm.REGISTRY_VIEW)
    return Pegawai.objects.filter(q, pk=pegawai.pk).exists()


def employee_record(*, user: Any, pegawai: Pegawai) -> list[CaseSubject]:
    """The employee's cases the user may see, with the sanctions recommended, decided
    and executed and the HR-data blocking, newest first; empty when not allowed."""
    if not can_see_record(user=user, pegawai=pegawai):
        return []
    cases = selectors.cases_visible_to(user=user).values("pk")
    return list(
        CaseSubject.objects.filter(pegawai=pegawai, case__in=cases)
        .exclude(case__status="merged")
        .select_related(
            "case",
            "case__violation_type",
            "case__recommending_body",
            "recommended_sanction",
            "decided_sanction",
        )
        .order_by("-case__created_at", "-id")
    )
