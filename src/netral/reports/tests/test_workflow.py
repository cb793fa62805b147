import pytest

from netral.reports import workflow
from netral.reports.errors import InvalidTransition, ReportError
from netral.reports.models import Report, ReportEvent
from netral.reports.tests.factories import submit

pytestmark = pytest.mark.django_db


def test_handler_marks_report_triaged_with_public_event(bawaslu_karimun):
    # given
    report = submit().report
    # when
    workflow.transition(
        report=report, to=Report.Status.TRIAGED, actor=bawaslu_karimun, note="Lengkap."
    )
    # then
    report.refresh_from_db()
    assert report.status == Report.Status.TRIAGED
    assert report.events.filter(
        kind=ReportEvent.Kind.STATUS, status="triaged", is_public=True
    ).exists()
    assert report.events.filter(kind=ReportEvent.Kind.NOTE, is_public=False).exists()


def test_stale_state_is_refused(bawaslu_karimun):
    # given: another handler already moved it; this copy is stale
    report = submit().report
    stale = Report.objects.get(pk=report.pk)
    workflow.transition(report=report, to=Report.Status.TRIAGED, actor=bawaslu_karimun)
    stale.status = Report.Status.RECEIVED
    # when / then
    with pytest.raises(InvalidTransition) as exc:
        workflow.transition(report=stale, to=Report.Status.TRIAGED, actor=bawaslu_karimun)
    assert exc.value.code == ReportError.STALE_STATE


def test_illegal_and_unauthorised_transitions(bawaslu_karimun, hr_karimun):
    # given
    report = submit().report
    # when / then
    with pytest.raises(InvalidTransition) as exc:
        workflow.transition(report=report, to=Report.Status.RECEIVED, actor=bawaslu_karimun)
    assert exc.value.code == ReportError.INVALID_TRANSITION
    with pytest.raises(InvalidTransition) as exc:
        workflow.transition(report=report, to=Report.Status.TRIAGED, actor=hr_karimun)
    assert exc.value.code == ReportError.NOT_ALLOWED
