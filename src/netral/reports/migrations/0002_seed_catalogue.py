"""Seed the violation catalogue, sanctions and deadlines from shared/domain.md §2 and §4.

Values marked "verify" in domain.md are seeded with ``needs_verification=True`` so the
admin shows them for review. Data only; the schema is in 0001.
"""

import datetime as dt

from django.db import migrations

SKB = (
    "SKB KemenPANRB 2/2022, Kemendagri 800-5474/2022, BKN 246/2022, KASN 30/2022, "
    "Bawaslu 1447.1/PM.01/K.1/09/2022, lampiran"
)

ETHICS = [
    "Memasang spanduk, baliho, atau alat peraga lain terkait bakal calon.",
    "Melakukan sosialisasi atau kampanye bakal calon di media sosial atau daring.",
    "Melakukan pendekatan ke partai politik sebagai bakal calon, atau ke masyarakat.",
    "Menghadiri deklarasi atau kampanye bakal calon dan ikut aktif mendukung.",
    "Mengunggah, mengomentari, membagikan, menyukai, bergabung, atau mengikuti grup atau akun pemenangan bakal calon.",
    "Mengunggah foto bersama bakal calon, tim sukses, atau alat peraga dengan simbol keberpihakan, atribut partai, atau latar partai/calon.",
    "Ikut dalam kegiatan kampanye, sosialisasi, atau pengenalan bakal calon.",
    "Menghadiri deklarasi atau kampanye pasangan (suami/istri) yang menjadi calon tanpa cuti.",
]

DISCIPLINE = [
    ("ikut kampanye", "Ikut kampanye untuk mendukung calon."),
    ("atribut", "Menjadi peserta kampanye dengan atribut partai atau atribut PNS."),
    ("mobilisasi", "Sebagai peserta kampanye mengerahkan PNS lain."),
    ("fasilitas negara", "Sebagai peserta kampanye menggunakan fasilitas negara."),
    ("keputusan", "Membuat keputusan atau tindakan yang menguntungkan atau merugikan calon sebelum, selama, atau sesudah kampanye."),
    ("keberpihakan", "Mengadakan kegiatan yang mengarah pada keberpihakan (pertemuan, ajakan, imbauan, seruan, atau pemberian barang) kepada PNS di unit kerjanya, anggota keluarga, dan masyarakat."),
    ("dukungan KTP", "Memberikan surat dukungan disertai fotokopi KTP atau surat keterangan tanda penduduk."),
]

PP94_8 = "PP 94/2021 Pasal 8"
SANCTIONS = [
    # code, name, employment, level, moral, citation, order
    ("MORAL_TERTUTUP", "Pernyataan secara tertutup (sanksi moral)", "PNS", "", True, "PP 42/2004 Pasal 15 dan 16", 1),
    ("MORAL_TERBUKA", "Pernyataan secara terbuka (sanksi moral)", "PNS", "", True, "PP 42/2004 Pasal 15 dan 16", 2),
    ("PNS_TEGURAN_LISAN", "Teguran lisan", "PNS", "RINGAN", False, PP94_8 + " ayat (2)", 10),
    ("PNS_TEGURAN_TERTULIS", "Teguran tertulis", "PNS", "RINGAN", False, PP94_8 + " ayat (2)", 11),
    ("PNS_TIDAK_PUAS", "Pernyataan tidak puas secara tertulis", "PNS", "RINGAN", False, PP94_8 + " ayat (2)", 12),
    ("PNS_TUKIN_25_6", "Pemotongan tunjangan kinerja 25% selama 6 bulan", "PNS", "SEDANG", False, PP94_8 + " ayat (3)", 20),
    ("PNS_TUKIN_25_9", "Pemotongan tunjangan kinerja 25% selama 9 bulan", "PNS", "SEDANG", False, PP94_8 + " ayat (3)", 21),
    ("PNS_TUKIN_25_12", "Pemotongan tunjangan kinerja 25% selama 12 bulan", "PNS", "SEDANG", False, PP94_8 + " ayat (3)", 22),
    ("PNS_TURUN_JABATAN", "Penurunan jabatan setingkat lebih rendah selama 12 bulan", "PNS", "BERAT", False, PP94_8 + " ayat (4)", 30),
    ("PNS_BEBAS_JABATAN", "Pembebasan dari jabatan menjadi jabatan pelaksana selama 12 bulan", "PNS", "BERAT", False, PP94_8 + " ayat (4)", 31),
    ("PNS_PDH", "Pemberhentian dengan hormat tidak atas permintaan sendiri", "PNS", "BERAT", False, PP94_8 + " ayat (4)", 32),
    ("PNS_PDTH", "Pemberhentian tidak dengan hormat", "PNS", "BERAT", False, "UU 20/2023 (sebelumnya UU 5/2014 Pasal 87 ayat (4) huruf c)", 40),
    ("PPPK_TEGURAN", "Teguran (disiplin PPPK)", "PPPK", "RINGAN", False, "PP 49/2018 Pasal 52", 10),
    ("PPPK_DISIPLIN_SEDANG", "Hukuman disiplin sedang PPPK", "PPPK", "SEDANG", False, "PP 49/2018 Pasal 52", 20),
    ("PPPK_PUTUS_HUBUNGAN", "Pemutusan hubungan perjanjian kerja", "PPPK", "BERAT", False, "PP 49/2018 Pasal 52 dan 105", 30),
    ("NONASN_TEGURAN", "Teguran sesuai perjanjian kerja", "NON_ASN", "RINGAN", False, "Perjanjian kerja/kontrak instansi", 10),
    ("NONASN_PUTUS_KONTRAK", "Pemutusan perjanjian kerja/kontrak", "NON_ASN", "BERAT", False, "Perjanjian kerja/kontrak instansi", 30),
]

DEADLINES = [
    ("REPORT_WINDOW", "PEMILU", 7, True, "UU 7/2017 Pasal 454 ayat (6); Perbawaslu 7/2022 Pasal 8 ayat (3)"),
    ("REPORT_WINDOW", "PILKADA", 7, False, "UU 10/2016 Pasal 134 ayat (4)"),
    ("TEMUAN_WINDOW", "PEMILU", 7, False, "UU 7/2017 Pasal 454 ayat (7)"),
    ("TEMUAN_WINDOW", "PILKADA", 7, False, "UU 10/2016 Pasal 134"),
]


def seed(apps, schema_editor):
    Version = apps.get_model("reports", "ViolationCatalogueVersion")
    VType = apps.get_model("reports", "ViolationType")
    SType = apps.get_model("reports", "SanctionType")
    Allowed = apps.get_model("reports", "AllowedSanction")
    Deadline = apps.get_model("reports", "DeadlineRule")
    version = Version.objects.create(
        name="SKB 2022 (Pemilu dan Pemilihan 2024)",
        effective_from=dt.date(2022, 9, 22),
        is_active=True,
        citation=SKB,
        notes="Disusun dari ringkasan pers dan instansi; tabel lampiran perlu diverifikasi.",
    )
    sanctions = {}
    for code, name, emp, level, moral, citation, order in SANCTIONS:
        sanctions[code] = SType.objects.create(
            code=code, name=name, employment=emp, level=level, is_moral=moral, citation=citation, order=order
        )

    def allow(vt, codes):
        Allowed.objects.bulk_create([Allowed(violation_type=vt, sanction_type=sanctions[c]) for c in codes])

    non_asn = ["NONASN_TEGURAN", "NONASN_PUTUS_KONTRAK"]
    for i, title in enumerate(ETHICS, start=1):
        vt = VType.objects.create(
            version=version,
            code=f"ETIKA-{i}",
            category="ETIKA",
            title=title,
            citation=f"PP 42/2004 Pasal 11 huruf c; {SKB} angka {i}",
            needs_verification=True,
            order=i,
        )
        allow(vt, ["MORAL_TERTUTUP", "MORAL_TERBUKA", "PPPK_TEGURAN", *non_asn])
    for i, (_short, title) in enumerate(DISCIPLINE, start=1):
        level = "SEDANG" if i <= 4 else "BERAT"
        vt = VType.objects.create(
            version=version,
            code=f"DISIPLIN-5N-{i}",
            category="DISIPLIN",
            title=title,
            discipline_level=level,
            needs_verification=True,
            citation=f"PP 94/2021 Pasal 5 huruf n angka {i}",
            order=20 + i,
        )
        pns = (
            ["PNS_TUKIN_25_6", "PNS_TUKIN_25_9", "PNS_TUKIN_25_12"]
            if level == "SEDANG"
            else ["PNS_TURUN_JABATAN", "PNS_BEBAS_JABATAN", "PNS_PDH"]
        )
        pppk = ["PPPK_DISIPLIN_SEDANG"] if level == "SEDANG" else ["PPPK_DISIPLIN_SEDANG", "PPPK_PUTUS_HUBUNGAN"]
        allow(vt, [*pns, *pppk, *non_asn])
    vt = VType.objects.create(
        version=version,
        code="PARPOL",
        category="PDTH",
        title="Menjadi anggota atau pengurus partai politik.",
        discipline_level="BERAT",
        citation="UU 5/2014 Pasal 87 ayat (4) huruf c; UU 20/2023",
        order=40,
    )
    allow(vt, ["PNS_PDTH", "PPPK_PUTUS_HUBUNGAN", "NONASN_PUTUS_KONTRAK"])
    for kind, election, days, working, citation in DEADLINES:
        Deadline.objects.create(kind=kind, election_type=election, days=days, working_days=working, citation=citation)


def unseed(apps, schema_editor):
    for name in ["AllowedSanction", "ViolationType", "SanctionType", "ViolationCatalogueVersion", "DeadlineRule"]:
        apps.get_model("reports", name).objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("reports", "0001_catalogue_reports_evidence")]
    operations = [migrations.RunPython(seed, unseed)]
