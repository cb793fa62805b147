"""Home page per role: what each user can do and what is in their scope."""

from __future__ import annotations

from django.urls import reverse

from netral.accounts.tests.factories import UserFactory
from netral.registry.tests.factories import PegawaiFactory

HOME = reverse("accounts:home")


def _card_urls(response):
    return {reverse(c.url_name) for c in response.context["cards"]}


def test_hr_admin_sees_count_of_own_agency_and_staff_cards(
    login, hr_karimun, bidang_sd, dinkes_karimun, dinkes_natuna
):
    # given
    PegawaiFactory(unit=bidang_sd)
    PegawaiFactory(unit=dinkes_karimun)
    PegawaiFactory(unit=dinkes_karimun, is_active=False)
    PegawaiFactory(unit=dinkes_natuna)
    # when
    response = login(hr_karimun).get(HOME)
    # then
    assert response.context["summary"].pegawai_in_scope == 2
    assert reverse("registry:pegawai_list") in _card_urls(response)
    assert reverse("accounts:audit_list") in _card_urls(response)
    assert reverse("registry:pegawai_self") not in _card_urls(response)
    assert 'data-testid="stat-pegawai"' in response.content.decode()


def test_opd_admin_counts_only_own_unit_subtree(login, opd_disdik, bidang_sd, dinkes_karimun):
    # given
    PegawaiFactory(unit=bidang_sd)
    PegawaiFactory(unit=dinkes_karimun)
    # when
    response = login(opd_disdik).get(HOME)
    # then
    assert response.context["summary"].pegawai_in_scope == 1
    assert response.context["summary"].audit_today is None
    assert reverse("accounts:audit_list") not in _card_urls(response)


def test_employee_sees_own_record_not_the_registry(login, asn_karimun):
    # when
    response = login(asn_karimun).get(HOME)
    # then
    body = response.content.decode()
    assert response.context["summary"].own_pegawai == asn_karimun.pegawai
    assert response.context["summary"].pegawai_in_scope is None
    assert reverse("registry:pegawai_self") in _card_urls(response)
    assert reverse("registry:pegawai_list") not in _card_urls(response)
    assert reverse("registry:pegawai_detail", args=[asn_karimun.pegawai.pk]) in body
    assert reverse("accounts:otp_enrol") in body  # 2FA is optional for employees: suggested


def test_superuser_gets_admin_card_others_do_not(login, sysadmin, hr_karimun):
    # given
    sysadmin.is_superuser = sysadmin.is_staff = True
    sysadmin.save(update_fields=["is_superuser", "is_staff"])
    # when
    superuser_home = login(sysadmin).get(HOME)
    hr_home = login(hr_karimun).get(HOME)
    # then
    assert reverse("admin:index") in _card_urls(superuser_home)
    assert reverse("admin:index") not in _card_urls(hr_home)


def test_user_without_role_is_told_to_ask_an_administrator(client, db):
    # given
    client.force_login(UserFactory(username="tanpa.peran"))
    # when
    response = client.get(HOME)
    # then
    assert response.context["cards"] == []
    assert "belum memiliki peran" in response.content.decode()
