"""Seed the recommending bodies with their effective dates (shared/domain.md §1, §3.4):
KASN until its dissolution (Perpres 91 and 92/2024 of 23-8-2024; cut-over on 4-9-2024 by
SE MenPANRB 4/2024), BKN since. The body ordered by MK 121/PUU-XXII/2024 is added by an
administrator when it exists. Data only.

On PostgreSQL the region queue also gets a ``varchar_pattern_ops`` index so the region
prefix filter (``region_kode LIKE '21.02.%'``) can use it under any collation.
"""

import datetime as dt

from django.db import migrations

BODIES = [
    (
        "kasn",
        "Komisi Aparatur Sipil Negara",
        "KASN",
        dt.date(2014, 1, 15),
        dt.date(2024, 9, 3),
        "UU 5/2014 Pasal 27–43; dibubarkan UU 20/2023, Perpres 91 dan 92/2024; "
        "peralihan 4-9-2024 (SE MenPANRB 4/2024)",
    ),
    (
        "bkn",
        "Badan Kepegawaian Negara",
        "BKN",
        dt.date(2024, 9, 4),
        None,
        "UU 20/2023; Perpres 92/2024; SE MenPANRB 4/2024 (pengawasan netralitas ASN sejak "
        "4-9-2024); MK 121/PUU-XXII/2024 memerintahkan lembaga independen dalam dua tahun",
    ),
]


def seed(apps, schema_editor):
    Body = apps.get_model("cases", "RecommendingBody")
    for code, name, short, start, until, citation in BODIES:
        Body.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "short_name": short,
                "effective_from": start,
                "effective_until": until,
                "citation": citation,
            },
        )


def pattern_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "CREATE INDEX IF NOT EXISTS case_queue_region_prefix ON cases_case "
            "(region_kode varchar_pattern_ops, status, stage_due_on)"
        )


def drop_pattern_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS case_queue_region_prefix")


class Migration(migrations.Migration):
    dependencies = [("cases", "0001_cases_stages_documents")]
    operations = [
        migrations.RunPython(seed, migrations.RunPython.noop),
        migrations.RunPython(pattern_index, drop_pattern_index),
    ]
