"""Cuti bersama now lives in core (one working-day calendar for every app): copy any rows an
administrator entered here before the table is dropped; nothing is lost."""

from django.db import migrations


def copy_to_core(apps, schema_editor):
    Old = apps.get_model("reports", "CutiBersama")
    New = apps.get_model("core", "CutiBersama")
    for row in Old.objects.all():
        New.objects.update_or_create(
            date=row.date, defaults={"description": row.description, "citation": row.citation}
        )


def copy_back(apps, schema_editor):
    Old = apps.get_model("reports", "CutiBersama")
    New = apps.get_model("core", "CutiBersama")
    for row in New.objects.all():
        Old.objects.update_or_create(
            date=row.date, defaults={"description": row.description, "citation": row.citation}
        )


class Migration(migrations.Migration):
    dependencies = [("reports", "0002_seed_catalogue"), ("core", "0004_seed_cuti_bersama")]
    operations = [migrations.RunPython(copy_to_core, copy_back)]
