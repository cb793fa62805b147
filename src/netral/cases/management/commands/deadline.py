"""Print a due date from the deadline rows, for checking by hand (issue 10 item 4):

    manage.py deadline study --election-type pemilu --start 2024-04-05

The last line is the due date in ISO form; the lines before name the rule and citation.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from netral.core import calendar
from netral.reports.models import DeadlineRule, ElectionType

STEPS = {
    "report_window": DeadlineRule.Kind.REPORT_WINDOW,
    "finding_window": DeadlineRule.Kind.TEMUAN_WINDOW,
    "initial_study": DeadlineRule.Kind.INITIAL_STUDY,
    "incomplete_notice": DeadlineRule.Kind.INCOMPLETE_NOTICE,
    "completion": DeadlineRule.Kind.COMPLETION,
    "study": DeadlineRule.Kind.STUDY,
    "study_extended": DeadlineRule.Kind.STUDY_EXTENDED,
    "body_recommendation": DeadlineRule.Kind.BODY_RECOMMENDATION,
    "ppk_followup": DeadlineRule.Kind.PPK_FOLLOWUP,
    "execution": DeadlineRule.Kind.EXECUTION,
}
ELECTIONS = {"pemilu": ElectionType.PEMILU, "pilkada": ElectionType.PILKADA}


class Command(BaseCommand):
    help = "Print the due date of a legal deadline (from the DeadlineRule rows)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("step", choices=sorted(STEPS))
        parser.add_argument("--election-type", required=True, choices=sorted(ELECTIONS))
        parser.add_argument("--start", required=True, help="YYYY-MM-DD: the start event's date")

    def handle(self, *args: Any, **opts: Any) -> None:
        try:
            start = dt.date.fromisoformat(opts["start"])
        except ValueError as exc:
            raise CommandError("--start must be YYYY-MM-DD.") from exc
        kind, election = STEPS[opts["step"]], ELECTIONS[opts["election_type"]]
        rule = DeadlineRule.objects.filter(kind=kind, election_type=election).first()
        if rule is None:
            raise CommandError(f"No deadline row for {kind} / {election}.")
        due = calendar.add_days(start, rule.days, working=rule.working_days)
        unit = "working days" if rule.working_days else "calendar days"
        self.stdout.write(f"{rule.get_kind_display()} ({election}): {rule.days} {unit}")
        self.stdout.write(
            f"Counted from: {rule.get_start_event_display() or '-'}, {start.isoformat()}"
        )
        self.stdout.write(f"Citation: {rule.citation}")
        self.stdout.write(due.isoformat())
