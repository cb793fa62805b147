"""Seed the 2024 elections and version 1 of the pledge text and the pact template.

Regulatory text is data with a citation (house style §9); the four pledge points are
those of shared/domain.md §4 (seeds 002–004).
"""

import datetime as dt

from django.db import migrations

SKB = (
    "SKB KemenPANRB 2/2022, Mendagri 800-5474/2022, Kepala BKN 246/2022, Ketua KASN 30/2022, "
    "Ketua Bawaslu 1447.1/PM.01/K.1/09/2022 (pencegahan: ikrar dan pakta integritas); "
    "PP 94/2021 Pasal 5 huruf n; PP 42/2004"
)

POINTS = [
    "menjunjung tinggi asas netralitas dalam penyelenggaraan pelayanan publik sebelum, "
    "selama, dan sesudah pelaksanaan {pemilihan};",
    "menghindari konflik kepentingan, tidak melakukan intimidasi maupun ancaman kepada "
    "pegawai ASN dan seluruh elemen masyarakat, serta tidak memihak kepada pasangan calon "
    "atau calon mana pun;",
    "menggunakan media sosial secara bijak, serta tidak menyebarkan ujaran kebencian dan "
    "berita bohong (hoaks);",
    "menolak politik uang dan segala jenis pemberian dalam bentuk apa pun.",
]

PLEDGE_BODY = (
    "Kami Aparatur Sipil Negara dan pegawai non-ASN {instansi} berikrar:\n"
    "1. Menjunjung tinggi asas netralitas dalam penyelenggaraan pelayanan publik sebelum, "
    "selama, dan sesudah pelaksanaan {pemilihan}.\n"
    "2. Menghindari konflik kepentingan, tidak melakukan intimidasi dan ancaman kepada "
    "pegawai ASN dan seluruh elemen masyarakat, serta tidak memihak kepada pasangan calon "
    "atau calon mana pun.\n"
    "3. Menggunakan media sosial secara bijak dan tidak menyebarkan ujaran kebencian serta "
    "berita bohong (hoaks).\n"
    "4. Menolak politik uang dan segala jenis pemberian dalam bentuk apa pun."
)


def seed(apps, schema_editor):
    Election = apps.get_model("pledges", "Election")
    PledgeText = apps.get_model("pledges", "PledgeText")
    PactTemplate = apps.get_model("pledges", "PactTemplate")
    Election.objects.update_or_create(
        kode="pemilu-2024",
        defaults={
            "nama": "Pemilu 2024",
            "jenis": "PEMILU",
            "region": None,
            "registration_start": dt.date(2023, 10, 19),
            "campaign_start": dt.date(2023, 11, 28),
            "campaign_end": dt.date(2024, 2, 10),
            "voting_day": dt.date(2024, 2, 14),
            "citation": "UU 7/2017; PKPU 3/2022 tentang Tahapan dan Jadwal Pemilu 2024",
        },
    )
    Election.objects.update_or_create(
        kode="pilkada-2024",
        defaults={
            "nama": "Pemilihan Serentak 2024",
            "jenis": "PILKADA",
            "region": None,
            "registration_start": dt.date(2024, 8, 27),
            "campaign_start": dt.date(2024, 9, 25),
            "campaign_end": dt.date(2024, 11, 23),
            "voting_day": dt.date(2024, 11, 27),
            "citation": "UU 10/2016; PKPU 2/2024 tentang Tahapan dan Jadwal Pemilihan 2024",
        },
    )
    PledgeText.objects.update_or_create(
        kode="ikrar-netralitas-asn",
        version=1,
        defaults={"title": "Ikrar Netralitas ASN", "citation": SKB, "body": PLEDGE_BODY},
    )
    PactTemplate.objects.update_or_create(
        kode="pakta-integritas-netralitas",
        version=1,
        defaults={
            "title": "PAKTA INTEGRITAS NETRALITAS ASN",
            "citation": SKB,
            "opening": "dengan ini menyatakan dengan sesungguhnya bahwa dalam rangka "
            "pelaksanaan {pemilihan}, saya akan:",
            "points": POINTS,
            "closing": "Apabila saya melanggar pakta integritas ini, saya bersedia dikenai "
            "sanksi sesuai dengan ketentuan peraturan perundang-undangan, termasuk PP 94/2021 "
            "tentang Disiplin Pegawai Negeri Sipil dan PP 42/2004 tentang Pembinaan Jiwa Korps "
            "dan Kode Etik Pegawai Negeri Sipil.",
        },
    )


class Migration(migrations.Migration):
    dependencies = [("pledges", "0001_initial_schema")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
