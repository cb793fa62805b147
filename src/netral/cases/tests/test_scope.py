import pytest
from django.urls import reverse

from netral.cases.models import CaseStatus
from netral.cases.selectors import cases_visible_to
from netral.cases.tests.factories import make_case, run_to

pytestmark = pytest.mark.django_db


def test_users_outside_scope_see_nothing(
    cast, bidang_sd, bawaslu_natuna, ppk_natuna, opd_disdik, asn_karimun, sysadmin, client, login
):
    # given: a case at the PPK of Karimun
    case = run_to(make_case(actor=cast["bawaslu"], unit=bidang_sd), CaseStatus.RECOMMENDED, cast)
    # then
    for outsider in (bawaslu_natuna, ppk_natuna, opd_disdik, asn_karimun, sysadmin):
        assert not cases_visible_to(user=outsider).exists()
        login(outsider)
        assert client.get(reverse("cases:detail", args=[case.public_id])).status_code in (403, 404)
    for insider in cast.values():
        assert cases_visible_to(user=insider).filter(pk=case.pk).exists()


def test_the_ppk_sees_a_case_only_once_it_reaches_them(cast, bidang_sd):
    # given
    case = run_to(make_case(actor=cast["bawaslu"], unit=bidang_sd), CaseStatus.BODY_EXAM, cast)
    # then
    for who in ("ppk", "bkpsdm", "inspektorat"):
        assert not cases_visible_to(user=cast[who]).exists()
    assert cases_visible_to(user=cast["bkn"]).filter(pk=case.pk).exists()


def test_the_body_does_not_see_cases_before_forwarding(cast, bidang_sd):
    make_case(actor=cast["bawaslu"], unit=bidang_sd)
    assert not cases_visible_to(user=cast["bkn"]).exists()
    assert cases_visible_to(user=cast["satgas"]).count() == 1


def test_each_role_takes_its_step_through_the_pages(cast, bidang_sd, client, login):
    # given
    case = make_case(actor=cast["bawaslu"], unit=bidang_sd)
    login(cast["bawaslu"])
    # when
    page = client.get(reverse("cases:detail", args=[case.public_id]))
    response = client.post(reverse("cases:step", args=[case.public_id, "register"]), {"note": ""})
    # then
    assert b"register" in page.content
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == CaseStatus.STUDY
    login(cast["ppk"])
    assert client.get(reverse("cases:step", args=[case.public_id, "not_proven"])).status_code == 404
