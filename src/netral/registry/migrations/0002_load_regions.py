"""Load Kemendagri region codes (levels 1–3) from fixtures/wilayah/wilayah.csv.

Source and licence: fixtures/wilayah/README.md (cahyadsn/wilayah, MIT; Kepmendagri
300.2.2-2430/2025).
"""

import csv
from pathlib import Path

from django.db import migrations

FIXTURE = Path(__file__).resolve().parents[4] / "fixtures" / "wilayah" / "wilayah.csv"


def load(apps, schema_editor):
    Region = apps.get_model("registry", "Region")
    with FIXTURE.open(newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    # Sorted by code, so a parent is always created before its children.
    rows.sort(key=lambda r: (int(r["level"]), r["kode"]))
    Region.objects.bulk_create(
        [
            Region(kode=r["kode"], nama=r["nama"], level=int(r["level"]), parent_id=r["kode_induk"] or None)
            for r in rows
        ],
        batch_size=2000,
        ignore_conflicts=True,
    )


def unload(apps, schema_editor):
    apps.get_model("registry", "Region").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("registry", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
