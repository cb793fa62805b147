"""Issue 15: one Merkle log per agency. Schema first (nullable log/index), the data
migration 0008 places every existing entry in its agency's log, 0009 tightens."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("registry", "0003_import_job"),
        ("pledges", "0006_late_signatures"),
    ]

    operations = [
        migrations.CreateModel(
            name="LedgerLog",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "origin",
                    models.CharField(max_length=200, unique=True, verbose_name="asal (origin)"),
                ),
                ("size", models.BigIntegerField(default=0, verbose_name="jumlah entri")),
                ("frontier", models.BinaryField(default=b"")),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                (
                    "instansi",
                    models.OneToOneField(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="ledger_log",
                        to="registry.instansi",
                        verbose_name="instansi",
                    ),
                ),
            ],
            options={
                "verbose_name": "log buku besar",
                "verbose_name_plural": "log buku besar",
                "ordering": ["origin"],
            },
        ),
        migrations.CreateModel(
            name="LedgerCheckpoint",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("tree_size", models.BigIntegerField(verbose_name="ukuran pohon")),
                ("root_hash", models.CharField(max_length=64, verbose_name="akar (root hash)")),
                ("signed_at", models.DateTimeField(verbose_name="waktu")),
                ("key_id", models.CharField(max_length=16)),
                ("note", models.TextField(verbose_name="checkpoint bertanda tangan")),
                (
                    "log",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="checkpoints",
                        to="pledges.ledgerlog",
                    ),
                ),
            ],
            options={
                "verbose_name": "checkpoint buku besar",
                "verbose_name_plural": "checkpoint buku besar",
                "ordering": ["log_id", "-tree_size"],
                "constraints": [
                    models.UniqueConstraint(fields=("log", "tree_size"), name="checkpoint_log_size")
                ],
            },
        ),
        migrations.RemoveConstraint(model_name="ledgerentry", name="ledger_prev_hash_unique"),
        migrations.RemoveConstraint(model_name="ledgerentry", name="ledger_entry_hash_unique"),
        migrations.AlterField(
            model_name="ledgerentry",
            name="seq",
            field=models.BigAutoField(primary_key=True, serialize=False),
        ),
        migrations.AddField(
            model_name="ledgerentry",
            name="log",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="entries",
                to="pledges.ledgerlog",
            ),
        ),
        migrations.AddField(
            model_name="ledgerentry", name="index", field=models.BigIntegerField(null=True)
        ),
        # Every entry that exists now is of the old single chain: format 1.
        migrations.AddField(
            model_name="ledgerentry",
            name="format",
            field=models.PositiveSmallIntegerField(default=1),
        ),
        migrations.AddField(
            model_name="ledgerentry", name="nodes", field=models.BinaryField(default=b"")
        ),
        migrations.AlterField(
            model_name="ledgerentry",
            name="prev_hash",
            field=models.CharField(blank=True, default="", max_length=64),
        ),
        migrations.AlterField(
            model_name="ledgerentry",
            name="key_id",
            field=models.CharField(blank=True, default="", max_length=16),
        ),
        migrations.AlterField(
            model_name="ledgerentry",
            name="signature",
            field=models.CharField(blank=True, default="", max_length=128),
        ),
    ]
