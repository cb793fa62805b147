"""E-mail to handlers about new reports, messages and evidence.

Deliberately minimal: the intake number and a link, never the reporter's identity, the
description or message text (a mailbox is not a protected store; UU 27/2022 PDP).
"""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from netral.accounts.models import RoleAssignment
from netral.accounts.roles import ROLE_PERMS, Perm
from netral.reports.models import Report

SUBJECTS = {
    "new": gettext_lazy("Laporan baru %(number)s"),
    "message": gettext_lazy("Pesan baru dari pelapor pada %(number)s"),
    "evidence": gettext_lazy("Bukti baru pada %(number)s"),
}


def handler_emails(report: Report) -> list[str]:
    """E-mail addresses of handlers whose region covers the report's place."""
    parts = report.region_kode.split(".")
    prefixes = [".".join(parts[: i + 1]) for i in range(len(parts))]
    roles = [r for r, perms in ROLE_PERMS.items() if Perm.REPORT_HANDLE in perms]
    rows = RoleAssignment.objects.filter(
        Q(region__isnull=True) | Q(region_id__in=prefixes),
        role__in=roles,
        user__is_active=True,
    ).exclude(user__email="")
    return sorted({a.user.email for a in rows.select_related("user")})


def handlers_notify(*, report_id: int, event: str) -> int:
    report = Report.objects.filter(pk=report_id).first()
    if report is None:
        return 0
    recipients = handler_emails(report)
    if not recipients:
        return 0
    subject = str(SUBJECTS.get(event, SUBJECTS["new"])) % {"number": report.intake_number}
    link = settings.SITE_URL + reverse("reports:detail", args=[report.public_id])
    body = _(
        "Ada pembaruan pada %(number)s di wilayah Anda. Buka Netral untuk melihatnya: %(link)s"
    ) % {"number": report.intake_number, "link": link}
    return send_mail(subject, body, None, recipients)
