"""Closing a campaign asks first and says what it does; the HR admin can reopen it
(audited); employees keep their receipts from closed campaigns (issue 11 item 6)."""

import pytest

from netral.accounts.roles import Role
from netral.accounts.tests.factories import RoleAssignmentFactory, UserFactory
from netral.core.models import AuditEntry
from netral.pledges import services, workflow
from netral.pledges.errors import InvalidTransition, PledgeError
from netral.pledges.models import Campaign, Signature
from netral.pledges.tests.factories import make_campaign
from netral.registry.tests.factories import PegawaiFactory

pytestmark = pytest.mark.django_db


def _signed_employee(campaign, unit, client):
    pegawai = PegawaiFactory(unit=unit, nama="Rina Wati")
    user = UserFactory(username="rina", pegawai=pegawai)
    RoleAssignmentFactory(user=user, role=Role.EMPLOYEE)
    sig, _ = services.pact_sign(
        campaign=campaign, pegawai=pegawai, actor=user, method=Signature.Method.PASSWORD
    )
    return user, sig


def test_close_asks_first_and_says_what_it_does(login, hr_karimun, karimun):
    # given
    campaign = make_campaign(instansi=karimun)
    hr = login(hr_karimun)
    # when
    page = hr.get(f"/ikrar/kampanye/{campaign.pk}/tutup/")
    # then: nothing changed yet, and the page explains
    text = page.content.decode()
    assert page.status_code == 200
    assert "tidak dapat lagi menandatangani" in text
    assert "tetap dapat melihat dan mengunduhnya" in text
    assert "membuka kembali" in text
    campaign.refresh_from_db()
    assert campaign.status == Campaign.Status.ACTIVE
    # when: confirmed
    hr.post(f"/ikrar/kampanye/{campaign.pk}/tutup/")
    # then
    campaign.refresh_from_db()
    assert campaign.status == Campaign.Status.CLOSED
    detail = hr.get(f"/ikrar/kampanye/{campaign.pk}/").content.decode()
    assert "Buka kembali kampanye" in detail


def test_the_old_one_click_close_url_no_longer_closes(login, hr_karimun, karimun):
    campaign = make_campaign(instansi=karimun)
    response = login(hr_karimun).post(f"/ikrar/kampanye/{campaign.pk}/status/tutup/")
    campaign.refresh_from_db()
    assert response.status_code == 404 and campaign.status == Campaign.Status.ACTIVE


def test_hr_admin_reopens_with_a_reason_in_the_audit_log(login, hr_karimun, karimun):
    # given
    campaign = make_campaign(instansi=karimun)
    workflow.campaign_transition(campaign=campaign, to=Campaign.Status.CLOSED, actor=hr_karimun)
    hr = login(hr_karimun)
    # when: no reason
    refused = hr.post(f"/ikrar/kampanye/{campaign.pk}/buka-kembali/", {"reason": ""})
    # then
    assert "Alasan membuka kembali" in refused.content.decode()
    campaign.refresh_from_db()
    assert campaign.status == Campaign.Status.CLOSED
    # when
    hr.post(
        f"/ikrar/kampanye/{campaign.pk}/buka-kembali/",
        {"reason": "Ditutup terlalu cepat, tahap 2 belum selesai."},
    )
    # then
    campaign.refresh_from_db()
    assert campaign.status == Campaign.Status.ACTIVE
    entry = AuditEntry.objects.get(action="pledges.campaign.reopened")
    assert entry.data["reason"] == "Ditutup terlalu cepat, tahap 2 belum selesai."
    assert entry.actor_id == hr_karimun.pk


def test_only_a_closed_campaign_reopens(karimun, hr_karimun):
    campaign = make_campaign(instansi=karimun)
    with pytest.raises(InvalidTransition) as exc:
        workflow.campaign_reopen(campaign=campaign, actor=hr_karimun, reason="tidak perlu")
    assert exc.value.code == PledgeError.CAMPAIGN_NOT_CLOSED


def test_opd_admin_and_other_agency_cannot_reopen(
    login, client, karimun, hr_karimun, opd_disdik, natuna
):
    # given
    campaign = make_campaign(instansi=karimun)
    workflow.campaign_transition(campaign=campaign, to=Campaign.Status.CLOSED, actor=hr_karimun)
    from netral.conftest import _staff

    hr_natuna = _staff("hr.natuna", Role.HR_ADMIN, instansi=natuna)
    data = {"reason": "Saya ingin membukanya kembali."}
    # when
    opd = login(opd_disdik).post(f"/ikrar/kampanye/{campaign.pk}/buka-kembali/", data)
    client.logout()
    other = login(hr_natuna).post(f"/ikrar/kampanye/{campaign.pk}/buka-kembali/", data)
    # then
    assert opd.status_code == 403 and other.status_code == 404
    campaign.refresh_from_db()
    assert campaign.status == Campaign.Status.CLOSED


def test_employee_keeps_receipts_of_a_closed_campaign(
    login, client, karimun, hr_karimun, bidang_sd
):
    # given
    campaign = make_campaign(instansi=karimun)
    user, sig = _signed_employee(campaign, bidang_sd, client)
    workflow.campaign_transition(campaign=campaign, to=Campaign.Status.CLOSED, actor=hr_karimun)
    me = login(user)
    # when
    mine = me.get("/ikrar/").content.decode()
    pdf = me.get(f"/ikrar/tanda-terima/{sig.code}/pdf/")
    # then
    assert campaign.nama in mine and "Ditutup" in mine
    assert f"/ikrar/tanda-terima/{sig.code}/" in mine
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


def test_nobody_signs_in_a_closed_campaign(login, karimun, hr_karimun, bidang_sd):
    # given
    campaign = make_campaign(instansi=karimun)
    pegawai = PegawaiFactory(unit=bidang_sd)
    user = UserFactory(username="baru", pegawai=pegawai)
    RoleAssignmentFactory(user=user, role=Role.EMPLOYEE)
    workflow.campaign_transition(campaign=campaign, to=Campaign.Status.CLOSED, actor=hr_karimun)
    # when
    mine = login(user).get("/ikrar/").content.decode()
    sign = login(user).get(f"/ikrar/{campaign.pk}/tanda-tangan/")
    # then
    assert "sudah ditutup" in mine and "Baca dan tanda tangani" not in mine
    assert sign.status_code == 403
