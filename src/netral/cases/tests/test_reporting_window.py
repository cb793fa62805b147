import datetime as dt

import pytest
from django.utils import timezone

from netral.cases import services, workflow
from netral.cases.models import CaseStatus
from netral.cases.tests.factories import make_report
from netral.reports.models import Report
from netral.reports.triage import window_checks

pytestmark = pytest.mark.django_db


def _at(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(12)))


def test_the_window_counts_from_the_day_the_reporter_learned(cast):
    # given: event long ago, learned Thursday 4 Jan 2024, received Monday 15 Jan (7th working day)
    report = make_report(
        election_type="PEMILU", event_at=_at(dt.date(2023, 12, 1)), learned_on=dt.date(2024, 1, 4)
    )
    Report.objects.filter(pk=report.pk).update(received_at=_at(dt.date(2024, 1, 15)))
    report.refresh_from_db()
    # then
    assert [c.ok for c in window_checks(report)] == [True]
    # and received one day later it is late, though weekend days lay between
    Report.objects.filter(pk=report.pk).update(received_at=_at(dt.date(2024, 1, 16)))
    report.refresh_from_db()
    assert [c.ok for c in window_checks(report)] == [False]


def test_an_anonymous_tip_has_no_window_and_becomes_a_temuan_from_its_discovery(cast):
    # given
    report = make_report(identity_mode=Report.IdentityMode.ANONYMOUS, identity={})
    assert report.kind == Report.Kind.INFORMASI and window_checks(report) == []
    case = services.case_open(reports=[report], actor=cast["bawaslu"])
    assert case.status == CaseStatus.INFORMASI and case.stage_due_on is None
    discovered = timezone.localdate()
    # when
    workflow.transition(
        case=case, to="to_temuan", actor=cast["bawaslu"], fields={"discovered_on": discovered}
    )
    # then
    report.refresh_from_db()
    assert report.kind == Report.Kind.TEMUAN and report.discovered_on == discovered
    assert case.stage_rule == "TEMUAN_WINDOW"
    assert case.stage_due_on == workflow.due_date(
        kind="TEMUAN_WINDOW", election_type=case.election_type, start=discovered
    )
