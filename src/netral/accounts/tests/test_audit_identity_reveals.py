"""Issue 9, defect 10: Bawaslu supervisors see the identity reveals (and original-evidence
openings) of reports in their region in their audit view; outside it they do not."""

import pytest
from django.urls import reverse

from netral.accounts.roles import Perm, Role
from netral.conftest import _staff, verified_login
from netral.registry.models import Region
from netral.reports import services
from netral.reports.tests.factories import submit

pytestmark = pytest.mark.django_db


def _granted(username: str, region: str):
    user = _staff(username, Role.BAWASLU, region=Region.objects.get(kode=region))
    a = user.role_assignments.get()
    a.extra_perms = [Perm.REPORT_IDENTITY]
    a.save()
    return user


def test_bawaslu_supervisor_sees_identity_reveals_in_their_region_only(client, bawaslu_karimun):
    # given: a handler reveals a Karimun reporter's identity
    report = submit().report
    handler = _granted("bawaslu.pengungkap", "21.02")
    services.identity_reveal(report=report, actor=handler, reason="Klarifikasi saksi kunci.")
    outsider = _staff("bawaslu.natuna", Role.BAWASLU, region=Region.objects.get(kode="21.03"))
    # when: the Karimun supervisor opens the audit log
    verified_login(client, bawaslu_karimun)
    body = client.get(reverse("accounts:audit_list")).content.decode()
    # then
    assert "bawaslu.pengungkap" in body
    # and the supervisor of another region does not see it
    verified_login(client, outsider)
    assert "bawaslu.pengungkap" not in client.get(reverse("accounts:audit_list")).content.decode()
