"""Repair reports whose event moment cannot be read back (issue 9, defect 1).

Before the date range check, a report dated ``0001-01-01 00:30`` (local) was stored as
year 0 in UTC, which breaks every page listing it. The row is repaired in SQL, without
reading the bad value: the event moment becomes the receipt moment (the reporter's date
was meaningless anyway), so the constraint in 0008 can be added.
"""

import datetime as dt

from django.db import migrations
from django.db.models import F

FLOOR = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)


def repair(apps, schema_editor):
    Report = apps.get_model("reports", "Report")
    Report.objects.filter(event_at__lt=FLOOR).update(event_at=F("received_at"))


class Migration(migrations.Migration):
    dependencies = [("reports", "0006_correct_catalogue_and_deadlines")]

    operations = [migrations.RunPython(repair, migrations.RunPython.noop)]
