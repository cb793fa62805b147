"""Account-side reads: the audit log browser and the home-page summary (house style §3)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import CharField, Q, QuerySet
from django.db.models.functions import Cast

from netral.accounts import authz
from netral.accounts.roles import Perm, Role
from netral.core.models import AuditEntry
from netral.registry.models import Instansi


def audit_entries_visible_to(*, user: Any) -> QuerySet[AuditEntry]:
    """Audit entries the user may browse (Perm.AUDIT_VIEW).

    A system administrator sees every entry, including those without an organisation
    (logins, system jobs). Everyone else with AUDIT_VIEW (HR admin, Bawaslu) sees only
    entries whose ``org_id`` is an agency inside their scope, and entries about reports
    they handle; other entries without an organisation stay hidden from them. No permission → no rows (fails closed).
    """
    if not authz.has_perm(user, Perm.AUDIT_VIEW):
        return AuditEntry.objects.none()
    if Role.SYSADMIN in authz.roles(user):
        return AuditEntry.objects.all()
    agencies = Instansi.objects.filter(authz.instansi_scope_q(user, Perm.AUDIT_VIEW))
    in_scope = Q(org_id__in=agencies.values("id"))
    # Reports belong to a region, not an agency (their entries carry no org_id): entries
    # about a report the user handles are theirs too, so a Bawaslu supervisor sees who
    # revealed a reporter's identity or opened an original (issue 9, defect 10).
    from netral.reports.selectors import reports_visible_to

    reports = reports_visible_to(user=user).annotate(key=Cast("pk", CharField())).values("key")
    if reports.query.is_empty():
        return AuditEntry.objects.filter(in_scope)
    return AuditEntry.objects.filter(
        in_scope | Q(target_type="reports.report", target_id__in=reports)
    )


def audit_org_names(*, entries: list[AuditEntry]) -> dict[int, str]:
    """Agency names for the ``org_id`` of a page of entries (one query)."""
    ids = {e.org_id for e in entries if e.org_id is not None}
    return dict(Instansi.objects.filter(pk__in=ids).values_list("id", "nama")) if ids else {}


@dataclass
class HomeSummary:
    """What the home page shows above the cards, per role."""

    pegawai_in_scope: int | None = None
    agencies: list[Instansi] = field(default_factory=list)
    own_pegawai: Any = None
    audit_today: int | None = None


def home_summary(*, user: Any) -> HomeSummary:
    """Counts for the home page: employees in scope for staff with registry access, the
    linked employee record for employees, today's audit entries for auditors."""
    from django.utils import timezone

    from netral.registry import selectors as registry_selectors

    summary = HomeSummary()
    if registry_selectors.can_browse_registry(user):
        summary.pegawai_in_scope = registry_selectors.pegawai_count_visible_to(user=user)
        summary.agencies = list(registry_selectors.instansi_visible_to(user=user)[:6])
    if user.pegawai_id and authz.has_perm(user, Perm.REGISTRY_VIEW):
        summary.own_pegawai = (
            registry_selectors.pegawai_visible_to(user=user)
            .select_related("unit", "instansi")
            .filter(pk=user.pegawai_id)
            .first()
        )
    if authz.has_perm(user, Perm.AUDIT_VIEW):
        start = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
        summary.audit_today = audit_entries_visible_to(user=user).filter(at__gte=start).count()
    return summary


def passkeys_of(*, user: Any) -> QuerySet[Any]:
    """The user's own passkeys (WebAuthn credentials), most recently used first."""
    from django.db.models import F
    from django_otp_webauthn.models import WebAuthnCredential

    rows: QuerySet[Any] = WebAuthnCredential.objects.filter(user=user, confirmed=True)
    return rows.order_by(F("last_used_at").desc(nulls_last=True), "-pk")


def has_passkey(*, user: Any) -> bool:
    return passkeys_of(user=user).exists()


def passkey_recommended(*, user: Any) -> bool:
    """Passkeys are recommended (issue 9) to whoever may reveal a reporter's identity: a
    phished TOTP code would hand that grant to the attacker; a passkey cannot be phished."""
    return authz.has_perm(user, Perm.REPORT_IDENTITY) and not has_passkey(user=user)


# --- reads behind the audit page (views do no ORM calls of their own: CONTRIBUTING.md) -----


def audit_entries_filtered(*, user: Any, q: Q | None, invalid: bool) -> QuerySet[AuditEntry]:
    """Entries in the user's scope matching the filter ``q``, newest first; none at all
    for an invalid filter (show the errors, not an unfiltered log)."""
    qs = audit_entries_visible_to(user=user)
    if invalid:
        qs = qs.none()
    elif q:
        qs = qs.filter(q)
    return qs.order_by("-at", "-id")


def audit_target_values(
    *, wanted: dict[str, set[str]], lookups: dict[str, str]
) -> dict[tuple[str, str], Any]:
    """For each target model label, the ``lookups[label]`` field of the rows ``wanted``
    (by primary key): what the target's page URL is built from. One query per model."""
    from django.apps import apps

    values: dict[tuple[str, str], Any] = {}
    for label, ids in wanted.items():
        lookup = lookups[label]
        if lookup == "pk":
            values.update({(label, i): i for i in ids})
            continue
        model = apps.get_model(label)
        for pk, value in model._default_manager.filter(pk__in=ids).values_list("pk", lookup):
            values[(label, str(pk))] = value
    return values
