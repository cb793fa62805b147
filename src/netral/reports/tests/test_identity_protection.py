"""The reporter's identity never appears in clear: database, pages, logs, e-mail
(issue 4 "Done when"); only an explicit grant + reason reveals it, and that is logged."""

import logging

import pytest
from django.core import mail
from django.db import connection
from django.urls import reverse

from netral.accounts import authz
from netral.accounts.roles import Perm, Role
from netral.accounts.services import role_assign
from netral.conftest import _staff, verified_login
from netral.core.models import AuditEntry
from netral.registry.models import Region
from netral.reports import services
from netral.reports.models import Report
from netral.reports.tests.factories import REPORTER
from netral.reports.tests.test_public_views import form_data

pytestmark = pytest.mark.django_db

SECRETS = [
    REPORTER["nama"],
    REPORTER["telepon"],
    REPORTER["email"],
    REPORTER["nik"],
    "Jalan Pelabuhan",
]


def _all_rows_text() -> str:
    chunks = []
    with connection.cursor() as cur:
        for table in connection.introspection.table_names():
            cur.execute(f'SELECT * FROM "{table}"')
            for row in cur.fetchall():
                for value in row:
                    if isinstance(value, bytes | memoryview):
                        value = bytes(value).decode("latin-1")
                    chunks.append(str(value))
    return "\n".join(chunks)


@pytest.fixture
def handler_with_mail(db):
    user = _staff("bawaslu.mail", Role.BAWASLU, region=Region.objects.get(kode="21.02"))
    user.email = "petugas@bawaslu.example"
    user.save()
    return user


@pytest.fixture
def filed(client, caplog, handler_with_mail, django_capture_on_commit_callbacks):
    """A confidential report filed through the public form, a message from the reporter
    and a reply, with every log record captured."""
    caplog.set_level(logging.DEBUG)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("reports:lapor"), form_data())
    report = Report.objects.get()
    return report


def test_identity_is_nowhere_in_the_database_in_clear(filed, caplog):
    # when
    dump = _all_rows_text()
    # then
    assert filed.identity_token
    for secret in SECRETS:
        assert secret not in dump


def test_identity_is_in_no_log_and_no_email(filed, caplog):
    # then
    logs = "\n".join(r.getMessage() + str(r.__dict__) for r in caplog.records)
    mails = "\n".join(m.subject + m.body + str(m.to) for m in mail.outbox)
    assert mail.outbox, "handlers are notified"
    for secret in SECRETS:
        assert secret not in logs
        assert secret not in mails
    assert "Kepala dinas mengajak" not in mails  # not even the description


ROLE_SCOPES = {
    Role.SYSADMIN: {},
    Role.HR_ADMIN: {"instansi": "karimun"},
    Role.OPD_ADMIN: {"unit": "disdik"},
    Role.EMPLOYEE: {},
    Role.SATGAS: {"region": "21"},
    Role.BAWASLU: {"region": "21.02"},
    Role.KASN_BKN: {"region": "21"},
    Role.PPK: {"instansi": "karimun"},
    Role.INSPEKTORAT: {"instansi": "karimun"},
}


@pytest.mark.parametrize("role", list(Role))
def test_no_role_without_the_grant_sees_the_identity(
    role, filed, client, karimun, disdik_karimun, caplog
):
    # given
    scope = {}
    for key, value in ROLE_SCOPES[role].items():
        scope[key] = {"karimun": karimun, "disdik": disdik_karimun}.get(
            value
        ) or Region.objects.get(kode=value)
    user = _staff(f"user.{role.lower()}", role, **scope)
    verified_login(client, user)
    urls = [
        reverse("accounts:home"),
        reverse("accounts:audit_list"),
        reverse("reports:inbox"),
        reverse("reports:detail", args=[filed.public_id]),
        "/admin/core/auditentry/",
    ]
    # when
    pages = []
    for url in urls:
        response = client.get(url)
        pages.append(
            response.content.decode(errors="replace") if response.status_code == 200 else ""
        )
        # A reveal attempt without the grant changes nothing.
    attempt = client.post(
        reverse("reports:act", args=[filed.public_id, "identitas"]),
        {"reason": "Ingin tahu siapa pelapornya."},
    )
    # then
    assert attempt.status_code in (403, 404)
    if authz.has_perm(user, Perm.REPORT_HANDLE):  # handlers do see the report itself
        assert filed.intake_number in pages[3]
    assert not AuditEntry.objects.filter(action=services.IDENTITY_VIEWED).exists()
    text = "\n".join(pages) + "\n".join(r.getMessage() for r in caplog.records)
    for secret in SECRETS:
        assert secret not in text


def test_explicit_grant_with_reason_reveals_and_is_audited(filed, client):
    # given
    user = _staff("bawaslu.berizin", Role.BAWASLU, region=Region.objects.get(kode="21.02"))
    assignment = user.role_assignments.get()
    assignment.extra_perms = [Perm.REPORT_IDENTITY]
    assignment.save()
    verified_login(client, user)
    url = reverse("reports:act", args=[filed.public_id, "identitas"])
    # when
    no_reason = client.post(url, {"reason": ""})
    response = client.post(url, {"reason": "Klarifikasi pelapor sesuai Perbawaslu 7/2022."})
    # then
    assert REPORTER["nama"] not in no_reason.content.decode()
    assert REPORTER["nama"] in response.content.decode()
    assert response["Cache-Control"] == "no-store"
    entry = AuditEntry.objects.get(action=services.IDENTITY_VIEWED)
    assert entry.actor == user and "Klarifikasi" in entry.data["reason"]
    # The access is visible to other handlers (supervisors) on the report page.
    other = _staff("satgas.atasan", Role.SATGAS, region=Region.objects.get(kode="21"))
    verified_login(client, other)
    page = client.get(reverse("reports:detail", args=[filed.public_id])).content.decode()
    assert "bawaslu.berizin" in page and "Klarifikasi pelapor" in page
    assert REPORTER["nama"] not in page


def test_role_assign_accepts_identity_grant(db):
    # given
    user = _staff("satgas.x", Role.SATGAS, region=Region.objects.get(kode="21"))
    # when
    role_assign(
        user=user,
        role=Role.BAWASLU,
        region=Region.objects.get(kode="21.02"),
        extra_perms=[Perm.REPORT_IDENTITY],
        actor=None,
    )
    # then
    assert authz.has_perm(user, Perm.REPORT_IDENTITY)
