"""Encrypt evidence originals stored in clear before encryption at rest (issue 9,
defect 3). Idempotent; a large media directory may take a while (one file at a time)."""

from django.db import migrations


def encrypt_existing(apps, schema_editor):
    from netral.reports.services import evidence_encrypt_existing

    evidence_encrypt_existing(apps.get_model("reports", "Evidence"))


class Migration(migrations.Migration):
    dependencies = [("reports", "0010_evidence_encrypted_at_rest")]

    operations = [migrations.RunPython(encrypt_existing, migrations.RunPython.noop, elidable=True)]
