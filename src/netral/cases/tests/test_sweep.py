import datetime as dt

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from netral.cases import services, workflow
from netral.cases.models import CaseAlert, CaseDocument, CaseStage, CaseStatus
from netral.cases.selectors import ppk_compliance
from netral.cases.tests.factories import add_doc, make_case, run_to

pytestmark = pytest.mark.django_db
D = CaseDocument.Kind


def test_the_sweep_marks_once_notifies_and_escalates(
    cast, bidang_sd, django_capture_on_commit_callbacks
):
    # given: a stage due yesterday
    case = make_case(actor=cast["bawaslu"], unit=bidang_sd)
    stage = CaseStage.objects.get(case=case, completed_at__isnull=True)
    cast["bawaslu"].email = "bawaslu@example.org"
    cast["bawaslu"].save()
    later = stage.due_on + dt.timedelta(days=1)
    # when: run twice
    with django_capture_on_commit_callbacks(execute=True):
        first = services.sweep_overdue(today=later)
    with django_capture_on_commit_callbacks(execute=True):
        second = services.sweep_overdue(today=later)
    # then
    assert (first, second) == (1, 0)
    alerts = set(CaseAlert.objects.filter(case=case).values_list("level", "role"))
    assert alerts == {("OVERDUE", "BAWASLU"), ("ESCALATION", "SATGAS")}
    assert case.events.filter(kind="OVERDUE").count() == 1
    assert [m.to for m in mail.outbox] == [["bawaslu@example.org"]]


def test_the_sweep_works_in_bounded_batches(cast, bidang_sd):
    # given
    cases = [make_case(actor=cast["bawaslu"], unit=bidang_sd) for _ in range(5)]
    later = max(c.stage_due_on for c in cases) + dt.timedelta(days=1)
    # when
    marked = services.sweep_overdue(today=later, batch=2)
    # then
    assert marked == 5
    assert CaseStage.objects.filter(overdue_at__isnull=True, completed_at__isnull=True).count() == 0


def test_a_ppk_missing_the_deadline_is_flagged_and_the_employee_blocked_until_execution(
    cast, bidang_sd
):
    # given
    case = run_to(make_case(actor=cast["bawaslu"], unit=bidang_sd), CaseStatus.RECOMMENDED, cast)
    late = case.stage_due_on + dt.timedelta(days=1)
    # when
    services.sweep_overdue(today=late)
    # then
    case.refresh_from_db()
    subject = case.subjects.get()
    assert case.ppk_flagged_at is not None and subject.is_blocked
    rows = ppk_compliance(user=cast["bkn"], today=late)
    assert [(r.received, r.followed, r.late, r.ignored) for r in rows] == [(1, 0, 0, 1)]
    # when: the PPK decides late and BKPSDM executes
    with time_machine.travel(dt.datetime.combine(late, dt.time(3), tzinfo=dt.UTC), tick=False):
        add_doc(case, D.SK_HUKUMAN, cast["ppk"])
        workflow.transition(
            case=case,
            to="decide",
            actor=cast["ppk"],
            fields={"decree_number": "SK", "decided_on": late},
        )
        add_doc(case, D.LAPORAN_PELAKSANAAN, cast["bkpsdm"])
        workflow.transition(
            case=case, to="execute", actor=cast["bkpsdm"], fields={"executed_on": late}
        )
    # then: the block is lifted and the follow-up counts as late
    subject.refresh_from_db()
    assert not subject.is_blocked and subject.block_lifted_at is not None
    rows = ppk_compliance(user=cast["bkn"], today=late)
    assert [(r.received, r.followed, r.late, r.ignored) for r in rows] == [(1, 0, 1, 0)]


def test_the_daily_sweep_runs_and_schedules_the_next_day():
    from netral.cases import tasks

    # given
    now = timezone.make_aware(dt.datetime(2024, 4, 5, 10, 0))
    # then: the next run is tomorrow at 00:30 local time
    assert tasks.next_sweep_at(now) == timezone.make_aware(dt.datetime(2024, 4, 6, 0, 30))
    # the immediate test backend cannot defer: the task runs the sweep, schedules nothing
    assert tasks.daily_sweep.enqueue().return_value == 0
    assert tasks.schedule_next() is False
