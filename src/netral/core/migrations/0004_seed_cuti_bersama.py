"""Cuti bersama 2024 and 2025 as data with citations (shared/domain.md §3)."""

import datetime as dt

from django.db import migrations

SKB_2024 = (
    "SKB Menteri Agama, Menteri Ketenagakerjaan dan Menteri PANRB Nomor 855 Tahun 2023 "
    "sebagaimana diubah dengan SKB Nomor 236 Tahun 2024"
)
SKB_2025 = "SKB Menteri Agama, Menteri Ketenagakerjaan dan Menteri PANRB Nomor 1017 Tahun 2024"
SKB_2025_AUG = "SKB Nomor 933 Tahun 2025 (perubahan SKB Nomor 1017 Tahun 2024)"

DAYS = [
    (dt.date(2024, 2, 9), "Cuti bersama Tahun Baru Imlek", SKB_2024),
    (dt.date(2024, 3, 12), "Cuti bersama Hari Suci Nyepi", SKB_2024),
    (dt.date(2024, 4, 8), "Cuti bersama Idul Fitri 1445 H", SKB_2024),
    (dt.date(2024, 4, 9), "Cuti bersama Idul Fitri 1445 H", SKB_2024),
    (dt.date(2024, 4, 12), "Cuti bersama Idul Fitri 1445 H", SKB_2024),
    (dt.date(2024, 4, 15), "Cuti bersama Idul Fitri 1445 H", SKB_2024),
    (dt.date(2024, 5, 10), "Cuti bersama Kenaikan Isa Almasih", SKB_2024),
    (dt.date(2024, 5, 24), "Cuti bersama Hari Raya Waisak", SKB_2024),
    (dt.date(2024, 6, 18), "Cuti bersama Idul Adha 1445 H", SKB_2024),
    (dt.date(2024, 12, 26), "Cuti bersama Hari Raya Natal", SKB_2024),
    (dt.date(2025, 1, 28), "Cuti bersama Tahun Baru Imlek", SKB_2025),
    (dt.date(2025, 3, 28), "Cuti bersama Hari Suci Nyepi", SKB_2025),
    (dt.date(2025, 4, 2), "Cuti bersama Idul Fitri 1446 H", SKB_2025),
    (dt.date(2025, 4, 3), "Cuti bersama Idul Fitri 1446 H", SKB_2025),
    (dt.date(2025, 4, 4), "Cuti bersama Idul Fitri 1446 H", SKB_2025),
    (dt.date(2025, 4, 7), "Cuti bersama Idul Fitri 1446 H", SKB_2025),
    (dt.date(2025, 5, 13), "Cuti bersama Hari Raya Waisak", SKB_2025),
    (dt.date(2025, 5, 30), "Cuti bersama Kenaikan Isa Almasih", SKB_2025),
    (dt.date(2025, 6, 9), "Cuti bersama Idul Adha 1446 H", SKB_2025),
    (dt.date(2025, 8, 18), "Cuti bersama Hari Kemerdekaan RI", SKB_2025_AUG),
    (dt.date(2025, 12, 26), "Cuti bersama Hari Raya Natal", SKB_2025),
]


def seed(apps, schema_editor):
    CutiBersama = apps.get_model("core", "CutiBersama")
    for date, description, citation in DAYS:
        CutiBersama.objects.update_or_create(
            date=date, defaults={"description": description, "citation": citation}
        )


def unseed(apps, schema_editor):
    CutiBersama = apps.get_model("core", "CutiBersama")
    CutiBersama.objects.filter(date__in=[d for d, _desc, _cit in DAYS]).delete()


class Migration(migrations.Migration):
    dependencies = [("core", "0003_cuti_bersama")]
    operations = [migrations.RunPython(seed, unseed)]
