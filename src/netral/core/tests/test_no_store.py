"""Issue 9, defect 10: staff pages with personal data are never cached."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_staff_pages_send_no_store(login, bawaslu_karimun, sysadmin):
    # when
    inbox = login(bawaslu_karimun).get(reverse("reports:inbox"))
    audit = login(sysadmin).get(reverse("accounts:audit_list"))
    # then
    assert inbox.status_code == 200 and inbox["Cache-Control"] == "no-store"
    assert audit.status_code == 200 and audit["Cache-Control"] == "no-store"
