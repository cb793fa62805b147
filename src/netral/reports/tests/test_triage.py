import datetime as dt

import pytest
from django.utils import timezone

from netral.core.models import CutiBersama
from netral.registry.models import Region
from netral.registry.tests.factories import PegawaiFactory
from netral.reports import services, triage
from netral.reports.models import ElectionType, Report
from netral.reports.selectors import reports_visible_to
from netral.reports.tests.factories import submit

pytestmark = pytest.mark.django_db


def test_suggests_by_nip_then_fuzzy_name_within_agency(bawaslu_karimun, bidang_sd, karimun):
    # given
    exact = PegawaiFactory(unit=bidang_sd, nama="Hendra Saputra")
    PegawaiFactory(unit=bidang_sd, nama="Siti Rahmawati")
    by_nip = submit(persons=[services.PersonInput(nama="Pak Hendra", nip=exact.nip)]).report
    by_name = submit(persons=[services.PersonInput(nama="hendra saputra", instansi=karimun)]).report
    # when
    s1 = triage.match_suggestions(person=by_nip.persons.get(), user=bawaslu_karimun)
    s2 = triage.match_suggestions(person=by_name.persons.get(), user=bawaslu_karimun)
    # then
    assert [s.pegawai for s in s1] == [exact] and s1[0].score == 100
    assert [s.pegawai for s in s2] == [exact]


def test_handler_confirms_match(bawaslu_karimun, bidang_sd):
    # given
    pegawai = PegawaiFactory(unit=bidang_sd)
    person = submit().report.persons.get()
    # when
    services.person_match_confirm(person=person, pegawai=pegawai, actor=bawaslu_karimun)
    # then
    person.refresh_from_db()
    assert person.pegawai == pegawai and person.matched_by == bawaslu_karimun


def test_duplicates_grouped_by_person_and_event_window(bawaslu_karimun, karimun):
    # given
    now = timezone.now()
    person = [services.PersonInput(nama="Pak Kadis", instansi=karimun)]
    a = submit(persons=person, event_at=now - dt.timedelta(days=2)).report
    b = submit(persons=person, event_at=now - dt.timedelta(days=4)).report
    far = submit(persons=person, event_at=now - dt.timedelta(days=40)).report
    other = submit(persons=[services.PersonInput(nama="Orang Lain", instansi=karimun)]).report
    # when
    found = triage.possible_duplicates(report=a, visible=reports_visible_to(user=bawaslu_karimun))
    # then
    assert found == [b]
    assert far not in found and other not in found


def test_working_days_skip_weekends_holidays_and_cuti_bersama():
    # given: Fri 2024-04-05 .. Wed 2024-04-17 spans Idul Fitri (10–11 Apr), two weekends and
    # the shipped cuti bersama of 8, 9, 12 and 15 Apr (SKB 855/2023 as amended by 236/2024)
    CutiBersama.objects.get_or_create(
        date=dt.date(2024, 4, 12), defaults={"description": "Cuti bersama Idul Fitri"}
    )
    # when
    n = triage.days_between(dt.date(2024, 4, 5), dt.date(2024, 4, 17), working=True)
    # then: 16 (Tue) and 17 (Wed) only
    assert n == 2


def test_window_check_pemilu_working_days_vs_pilkada_calendar_days():
    # given: event 9 calendar days before receipt
    report = submit(
        event_at=timezone.now() - dt.timedelta(days=9), election_type=ElectionType.PILKADA
    ).report
    # when
    checks = triage.window_checks(report)
    # then
    assert len(checks) == 1 and not checks[0].ok and "134" in checks[0].rule.citation


def test_formal_requirements_flag_missing_parts():
    # given
    report = submit(identity_mode=Report.IdentityMode.ANONYMOUS).report
    # when
    reqs = {r.label: r.ok for r in triage.formal_checks(report)}
    # then
    assert reqs["Identitas pelapor (nama dan alamat)."] is False
    assert reqs["Bukti."] is False
    assert reqs["Pihak terlapor."] is True


def test_scope_follows_region_of_place_or_agency(bawaslu_karimun, opd_natuna, natuna):
    # given
    in_karimun = submit().report
    in_natuna = submit(event_region=Region.objects.get(kode="21.03")).report
    natuna_person_in_karimun = submit(
        persons=[services.PersonInput(nama="X", instansi=natuna)],
        event_region=Region.objects.get(kode="21.03"),
    ).report
    # when
    visible = set(reports_visible_to(user=bawaslu_karimun))
    # then
    assert in_karimun in visible
    assert in_natuna not in visible and natuna_person_in_karimun not in visible
    assert not reports_visible_to(user=opd_natuna).exists()  # no REPORT_HANDLE: fails closed
