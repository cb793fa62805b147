"""The core workflow engine on a real table (the reports app's Report rows as host)."""

import pytest
from django.utils.translation import gettext_lazy as _

from netral.core import audit
from netral.core.errors import CoreError, DomainError, InvalidTransition
from netral.core.models import AuditEntry
from netral.core.workflow import Transition, Workflow
from netral.reports.models import Report
from netral.reports.tests.factories import submit

pytestmark = pytest.mark.django_db

S = Report.Status
ACTION = audit.register("core.test.moved", _("Uji perpindahan status"))
events: list[tuple[int, str, str]] = []


def _perm(actor, t, obj):
    return actor == "boss" or t.permission == "anyone"


def _guard_needs_description(obj, ctx):
    return None if obj.description.strip() else CoreError.GUARD_FAILED


WF = Workflow(
    name="test",
    model=Report,
    transitions=[
        Transition(
            name="triage",
            source=(S.RECEIVED,),
            target=S.TRIAGED,
            permission="boss-only",
            guard=_guard_needs_description,
            required_fields=("reason",),
        ),
        Transition(name="reopen", source=(S.TRIAGED,), target=S.RECEIVED, permission="anyone"),
    ],
    permission_check=_perm,
    audit_action=ACTION,
    write_event=lambda obj, ctx: events.append((obj.pk, ctx.old_state, obj.status)),
)


def test_apply_moves_writes_event_and_audit():
    # given
    report = submit().report
    # when
    WF.apply(report, "triage", actor="boss", fields={"reason": "ok"})
    # then
    report.refresh_from_db()
    assert report.status == S.TRIAGED
    assert events[-1] == (report.pk, S.RECEIVED, S.TRIAGED)
    entry = AuditEntry.objects.filter(action=ACTION).latest("pk")
    assert entry.data == {"transition": "triage", "old": S.RECEIVED, "new": S.TRIAGED}


def test_refusals_carry_codes_and_write_nothing():
    report = submit().report
    before = AuditEntry.objects.count()
    with pytest.raises(InvalidTransition) as denied:
        WF.apply(report, "triage", actor="clerk", fields={"reason": "x"})
    assert denied.value.code == CoreError.NOT_ALLOWED
    with pytest.raises(InvalidTransition) as missing:
        WF.apply(report, "triage", actor="boss")
    assert missing.value.code == CoreError.MISSING_FIELDS
    assert missing.value.params["fields"] == ["reason"]
    with pytest.raises(InvalidTransition) as wrong:
        WF.apply(report, "reopen", actor="boss")
    assert wrong.value.code == CoreError.INVALID_TRANSITION
    assert isinstance(wrong.value, DomainError)
    report.refresh_from_db()
    assert report.status == S.RECEIVED and AuditEntry.objects.count() == before


def test_guard_blocks():
    report = submit().report
    Report.objects.filter(pk=report.pk).update(description=" ")
    report.refresh_from_db()
    with pytest.raises(InvalidTransition) as guarded:
        WF.apply(report, "triage", actor="boss", fields={"reason": "x"})
    assert guarded.value.code == CoreError.GUARD_FAILED
    assert WF.available(report, "boss") == []


def test_stale_copy_loses_the_race():
    # given: two handlers hold the same row
    report = submit().report
    stale = Report.objects.get(pk=report.pk)
    WF.apply(report, "triage", actor="boss", fields={"reason": "x"})
    # when / then: the second move from the old state changes no row
    with pytest.raises(InvalidTransition) as lost:
        WF.apply(stale, "triage", actor="boss", fields={"reason": "x"})
    assert lost.value.code == CoreError.STALE_STATE


def test_find_by_target_and_available():
    report = submit().report
    assert WF.find(report, S.TRIAGED).name == "triage"
    assert [t.name for t in WF.available(report, "boss")] == ["triage"]
    assert WF.available(report, "clerk") == []


def test_table_is_validated():
    with pytest.raises(ValueError):
        Workflow(
            name="bad",
            model=Report,
            transitions=[Transition(name="x", source=("nope",), target=S.TRIAGED)],
            audit_action=ACTION,
        )
