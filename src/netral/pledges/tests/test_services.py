import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from netral.pledges import ledger, selectors, services, workflow
from netral.pledges.errors import InvalidTransition, PledgeError
from netral.pledges.models import Campaign, LedgerEntry, Signature, Stage
from netral.pledges.tests.factories import HEADS, make_campaign
from netral.registry.models import Pegawai
from netral.registry.tests.factories import PegawaiFactory

pytestmark = pytest.mark.django_db


def _sign(campaign, pegawai, **kw):
    return services.pact_sign(
        campaign=campaign, pegawai=pegawai, actor=None, method=Signature.Method.PASSWORD, **kw
    )


def test_double_submit_creates_one_signature(karimun, bidang_sd):
    # given
    pegawai = PegawaiFactory(unit=bidang_sd)
    campaign = make_campaign(instansi=karimun)
    # when
    first, created1 = _sign(campaign, pegawai)
    second, created2 = _sign(campaign, pegawai)
    # then
    assert (created1, created2) == (True, False)
    assert first.pk == second.pk
    assert Signature.objects.count() == 1
    assert LedgerEntry.objects.count() == 1


def test_employee_outside_the_open_stage_cannot_sign(karimun, disdik_karimun, bidang_sd):
    # given: only heads placed directly in an OPD are in stage 1
    head = PegawaiFactory(unit=disdik_karimun, tingkat_jabatan=Pegawai.Tingkat.JPT)
    staff = PegawaiFactory(unit=bidang_sd)
    campaign = make_campaign(
        instansi=karimun,
        stages=[
            {
                "nama": "Kepala OPD",
                "tingkat_jabatan": HEADS,
                "opd_level_only": True,
                "opens_on": dt.date.today(),
            }
        ],
    )
    # when / then
    with pytest.raises(InvalidTransition) as exc:
        _sign(campaign, staff)
    assert exc.value.code == PledgeError.NOT_IN_AUDIENCE
    assert _sign(campaign, head)[1] is True
    assert LedgerEntry.objects.count() == 1


def test_employee_of_another_agency_cannot_sign(karimun, dinkes_natuna):
    # given
    outsider = PegawaiFactory(unit=dinkes_natuna)
    campaign = make_campaign(instansi=karimun)
    # when / then
    with pytest.raises(InvalidTransition):
        _sign(campaign, outsider)


def test_explicit_list_and_unit_subtree_rules(karimun, disdik_karimun, bidang_sd, dinkes_karimun):
    # given
    listed = PegawaiFactory(unit=dinkes_karimun)
    other = PegawaiFactory(unit=dinkes_karimun)
    in_subtree = PegawaiFactory(unit=bidang_sd)
    campaign = make_campaign(
        instansi=karimun,
        stages=[
            {"nama": "Disdik", "unit": disdik_karimun, "opens_on": dt.date.today()},
            {"nama": "Daftar", "explicit_pegawai": [listed], "opens_on": dt.date.today()},
        ],
    )
    # when
    audience = {
        s.order: set(selectors.stage_audience(s).values_list("pk", flat=True))
        for s in campaign.stages.all()
    }
    # then
    assert audience == {1: {in_subtree.pk}, 2: {listed.pk}}
    assert _sign(campaign, listed)[0].stage.order == 2
    with pytest.raises(InvalidTransition):
        _sign(campaign, other)


def test_changed_text_is_refused(karimun, bidang_sd):
    # given
    pegawai = PegawaiFactory(unit=bidang_sd)
    campaign = make_campaign(instansi=karimun)
    seen = services.pact_render(campaign=campaign, pegawai=pegawai).sha256
    # when: HR changes the position shown in the pact before the employee submits
    Pegawai.objects.filter(pk=pegawai.pk).update(jabatan="Analis Kebijakan")
    pegawai.refresh_from_db()
    # then
    with pytest.raises(InvalidTransition) as exc:
        _sign(campaign, pegawai, text_sha256=seen)
    assert exc.value.code == PledgeError.TEXT_CHANGED


def test_signature_payload_is_canonical_and_points_at_exact_versions(karimun, bidang_sd):
    # given
    pegawai = PegawaiFactory(unit=bidang_sd, nama="Siti Rahmawati")
    campaign = make_campaign(instansi=karimun)
    # when
    sig, _ = _sign(campaign, pegawai)
    # then
    entry = sig.entry
    assert entry.payload == ledger.canonical_json(__import__("json").loads(entry.payload))
    data = __import__("json").loads(entry.payload)
    assert data["pegawai"]["nip"] == pegawai.nip and data["pegawai"]["nik"] is None
    assert data["text"] == {
        "pledge_text_id": campaign.pledge_text_id,
        "pact_template_id": campaign.pact_template_id,
        "sha256": services.pact_render(campaign=campaign, pegawai=pegawai).sha256,
    }
    assert len(sig.code) == 16 and set(sig.code) <= set(services.CODE_ALPHABET)
    assert ledger.verify_entry(entry)


def test_void_appends_an_entry_and_allows_signing_again(karimun, bidang_sd, hr_karimun):
    # given
    pegawai = PegawaiFactory(unit=bidang_sd)
    campaign = make_campaign(instansi=karimun)
    sig, _ = _sign(campaign, pegawai)
    original = LedgerEntry.objects.values_list("payload", "entry_hash").get(seq=sig.entry_id)
    # when
    services.signature_void(
        signature=sig, reason="Salah orang: akun dipakai rekan.", actor=hr_karimun
    )
    again, created = _sign(campaign, pegawai)
    # then
    assert created and again.pk != sig.pk
    assert (
        LedgerEntry.objects.values_list("payload", "entry_hash").get(seq=sig.entry_id) == original
    )
    # seq is a global id (a PostgreSQL sequence is not rolled back between tests)
    void = LedgerEntry.objects.get(kind=LedgerEntry.Kind.VOID)
    assert void.kind == LedgerEntry.Kind.VOID and f'"voids_seq":{sig.entry_id}' in void.payload
    assert ledger.verify().problem is None
    with pytest.raises(InvalidTransition):
        services.signature_void(signature=sig, reason="Sekali lagi dibatalkan.", actor=hr_karimun)


def test_next_stage_opens_by_itself_at_the_threshold(
    karimun, disdik_karimun, dinkes_karimun, bidang_sd, django_capture_on_commit_callbacks
):
    # given
    heads = [
        PegawaiFactory(unit=u, tingkat_jabatan=Pegawai.Tingkat.JPT)
        for u in (disdik_karimun, dinkes_karimun)
    ]
    staff = PegawaiFactory(unit=bidang_sd)
    campaign = make_campaign(
        instansi=karimun,
        stages=[
            {
                "nama": "Kepala OPD",
                "tingkat_jabatan": HEADS,
                "opd_level_only": True,
                "opens_on": dt.date.today(),
            },
            {"nama": "Semua", "threshold_percent": 100},
        ],
    )
    stage2 = campaign.stages.get(order=2)
    # when: the first head signs, the threshold is not reached
    with django_capture_on_commit_callbacks(execute=True):
        _sign(campaign, heads[0])
    stage2.refresh_from_db()
    assert stage2.status == Stage.Status.PLANNED
    with pytest.raises(InvalidTransition):
        _sign(campaign, staff)
    # when: the last head signs
    with django_capture_on_commit_callbacks(execute=True):
        _sign(campaign, heads[1])
    # then
    stage2.refresh_from_db()
    assert stage2.status == Stage.Status.OPEN
    assert _sign(campaign, staff)[0].stage_id == stage2.pk


def test_date_rule_opens_in_the_sweep_and_is_idempotent(karimun, bidang_sd):
    # given
    campaign = make_campaign(
        instansi=karimun,
        stages=[{"nama": "Nanti", "opens_on": dt.date.today() + dt.timedelta(days=3)}],
    )
    stage = campaign.stages.get()
    assert stage.status == Stage.Status.PLANNED
    # when
    opened_early = workflow.sweep()
    opened = workflow.sweep(today=dt.date.today() + dt.timedelta(days=3))
    again = workflow.sweep(today=dt.date.today() + dt.timedelta(days=3))
    # then
    stage.refresh_from_db()
    assert (opened_early, opened, again) == (0, 1, 0)
    assert stage.status == Stage.Status.OPEN


def test_campaign_transitions_are_guarded(karimun, hr_karimun):
    # given
    campaign = make_campaign(instansi=karimun, stages=[], activate=False)
    campaign.stages.all().delete()
    # when / then
    with pytest.raises(InvalidTransition) as exc:
        workflow.campaign_transition(campaign=campaign, to=Campaign.Status.ACTIVE, actor=hr_karimun)
    assert exc.value.code == PledgeError.CAMPAIGN_HAS_NO_STAGES
    with pytest.raises(InvalidTransition) as exc:
        workflow.campaign_transition(campaign=campaign, to=Campaign.Status.CLOSED, actor=hr_karimun)
    assert exc.value.code == PledgeError.CAMPAIGN_NOT_ACTIVE


def test_first_stage_cannot_wait_for_a_threshold(karimun):
    campaign = make_campaign(instansi=karimun, stages=[], activate=False)
    campaign.stages.all().delete()
    with pytest.raises(ValidationError):
        services.stage_add(
            campaign=campaign,
            nama="x",
            deadline=dt.date.today(),
            actor=None,
            open_rule=Stage.OpenRule.THRESHOLD,
            threshold_percent=50,
        )


def test_confirm_identity_accepts_password_or_totp_and_limits_guessing(asn_karimun):
    # given
    device = TOTPDevice.objects.create(user=asn_karimun, name="hp", confirmed=True)
    code = f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"
    # when / then
    assert (
        services.confirm_identity(user=asn_karimun, secret="rahasia-uji-123")
        == Signature.Method.PASSWORD
    )
    assert services.confirm_identity(user=asn_karimun, secret=code) == Signature.Method.TOTP
    for _ in range(services.CONFIRM_LIMIT):
        assert services.confirm_identity(user=asn_karimun, secret="salah-sandi") is None
    assert services.confirm_identity(user=asn_karimun, secret="rahasia-uji-123") is None


def test_signing_query_count_is_bounded(karimun, bidang_sd):
    # given
    people = [PegawaiFactory(unit=bidang_sd) for _ in range(2)]
    campaign = make_campaign(instansi=karimun)
    _sign(campaign, people[0])
    pegawai = Pegawai.objects.select_related("unit").get(pk=people[1].pk)
    # when
    with CaptureQueriesContext(connection) as ctx:
        _sign(campaign, pegawai)
    # then
    assert len(ctx.captured_queries) <= 12


def test_ceremony_marks_attendees_from_a_list(karimun, bidang_sd, dinkes_natuna, hr_karimun):
    # given
    people = [PegawaiFactory(unit=bidang_sd) for _ in range(3)]
    outsider = PegawaiFactory(unit=dinkes_natuna)
    campaign = make_campaign(instansi=karimun)
    ceremony = services.ceremony_record(
        campaign=campaign,
        held_on=dt.date(2024, 1, 8),
        place="Halaman Kantor Bupati",
        leader="Sekretaris Daerah",
        actor=hr_karimun,
    )
    text = f"{people[0].nip}\n{people[1].nip}; {outsider.nip}\n999999999999999999"
    # when
    added, missing = services.ceremony_mark_nips(ceremony=ceremony, text=text, actor=hr_karimun)
    added_again, _ = services.ceremony_mark_nips(ceremony=ceremony, text=text, actor=hr_karimun)
    # then
    assert (added, added_again) == (2, 0)
    assert set(missing) == {outsider.nip, "999999999999999999"}
    assert ceremony.attendance.count() == 2


def test_ceremony_mark_counts_only_active_employees(karimun, bidang_sd, hr_karimun):
    # given: one active and one deactivated employee of the agency
    active = PegawaiFactory(unit=bidang_sd)
    gone = PegawaiFactory(unit=bidang_sd, is_active=False)
    campaign = make_campaign(instansi=karimun)
    ceremony = services.ceremony_record(
        campaign=campaign,
        held_on=dt.date(2024, 1, 8),
        place="Halaman Kantor Bupati",
        leader="Sekretaris Daerah",
        actor=hr_karimun,
    )
    # when
    added = services.ceremony_mark(
        ceremony=ceremony, pegawai_ids=[active.pk, gone.pk], actor=hr_karimun
    )
    # then
    assert added == 1
    assert list(ceremony.attendance.values_list("pegawai_id", flat=True)) == [active.pk]
