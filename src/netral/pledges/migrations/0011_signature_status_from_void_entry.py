"""Signatures voided before the status column existed get VOID (their void_entry is set)."""

from django.db import migrations


def forward(apps, schema_editor):
    Signature = apps.get_model("pledges", "Signature")
    Signature.objects.filter(void_entry__isnull=False).update(status="VOID")


def backward(apps, schema_editor):
    Signature = apps.get_model("pledges", "Signature")
    Signature.objects.update(status="LIVE")


class Migration(migrations.Migration):
    dependencies = [("pledges", "0010_signature_status")]

    operations = [migrations.RunPython(forward, backward)]
