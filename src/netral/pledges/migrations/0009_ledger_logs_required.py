"""Issue 15: every entry is now in a log; new entries are format 2."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("pledges", "0008_ledger_entries_into_logs")]

    operations = [
        migrations.AlterField(
            model_name="ledgerentry",
            name="log",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="entries",
                to="pledges.ledgerlog",
            ),
        ),
        migrations.AlterField(
            model_name="ledgerentry", name="index", field=models.BigIntegerField()
        ),
        migrations.AlterField(
            model_name="ledgerentry",
            name="format",
            field=models.PositiveSmallIntegerField(default=2),
        ),
        migrations.AddConstraint(
            model_name="ledgerentry",
            constraint=models.UniqueConstraint(
                fields=("log", "index"), name="ledger_log_index_unique"
            ),
        ),
        migrations.AddConstraint(
            model_name="ledgerentry",
            constraint=models.UniqueConstraint(
                condition=models.Q(("format", 1)),
                fields=("prev_hash",),
                name="ledger_prev_hash_unique",
            ),
        ),
    ]
