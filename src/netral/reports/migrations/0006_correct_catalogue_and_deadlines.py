"""Correct the violation catalogue and the deadlines after the legal review
(shared/domain.md §2–§4, corrected; issue 10 item 1). Existing rows are changed in place,
never deleted, so reports that point at a violation type keep pointing at the same row:

* ethics (PP 42/2004) has seven items: "approaching a party as a prospective candidate"
  becomes a discipline item (*sedang*) of the SKB 2022 annex; the later ethics items are
  renumbered ETIKA-3..7;
* the annex's discipline list (11 items with their levels) is added; the party-membership
  row (PDTH) is its item 5;
* PP 94/2021 Pasal 5 huruf n: items 1–2 *sedang*, 3–7 *berat* (Pasal 14);
* PPPK sanctions are disciplinary (PP 49/2018), never moral; non-ASN follow the contract;
* every deadline is a row with its start event; the Pemilu finding window counts working
  days like every Pemilu limit.

Data only; the schema is in 0005. Reverse is a no-op (the old values were wrong).
"""

from django.db import migrations

SKB = (
    "SKB KemenPANRB 2/2022, Kemendagri 800-5474/2022, BKN 246/2022, KASN 30/2022, "
    "Bawaslu 1447.1/PM.01/K.1/09/2022, lampiran"
)

ETHICS = [
    "Memasang spanduk, baliho, atau alat peraga lain terkait bakal calon.",
    "Melakukan sosialisasi atau kampanye bakal calon di media sosial atau daring.",
    "Menghadiri deklarasi atau kampanye bakal calon dan ikut aktif mendukung.",
    "Mengunggah, mengomentari, membagikan, menyukai, bergabung, atau mengikuti grup atau akun pemenangan bakal calon.",
    "Mengunggah foto bersama bakal calon, tim sukses, atau alat peraga dengan simbol keberpihakan, atribut partai, atau latar partai/calon.",
    "Ikut dalam kegiatan kampanye, sosialisasi, atau pengenalan bakal calon.",
    "Menghadiri deklarasi atau kampanye pasangan (suami/istri) yang menjadi calon tanpa cuti.",
]

# SKB 2022 annex, discipline list (shared/domain.md §4): (number, title, level); item 5
# is the existing PARPOL row, item 3 the former ETIKA-3 row.
ANNEX = [
    (1, "Memasang spanduk, baliho, atau alat peraga lain terkait calon.", "BERAT"),
    (2, "Melakukan sosialisasi atau kampanye calon di media sosial atau daring.", "BERAT"),
    (3, "Melakukan pendekatan ke partai politik sebagai bakal calon.", "SEDANG"),
    (4, "Menghadiri deklarasi calon dan ikut aktif mendukung.", "BERAT"),
    (6, "Memberikan tanda suka, membagikan, atau mengomentari konten kampanye calon.", "BERAT"),
    (7, "Berfoto bersama calon dengan gestur keberpihakan.", "BERAT"),
    (
        8,
        "Mengadakan kegiatan yang mengarah pada keberpihakan (pertemuan, ajakan, imbauan, seruan, atau pemberian barang).",
        "SEDANG",
    ),
    (9, "Menjadi tim kampanye atau tim ahli calon.", "BERAT"),
    (10, "Memberikan surat dukungan disertai fotokopi KTP.", "BERAT"),
    (11, "Membuat keputusan atau tindakan yang menguntungkan atau merugikan calon.", "BERAT"),
]

PNS_BY_LEVEL = {
    "SEDANG": ["PNS_TUKIN_25_6", "PNS_TUKIN_25_9", "PNS_TUKIN_25_12"],
    "BERAT": ["PNS_TURUN_JABATAN", "PNS_BEBAS_JABATAN", "PNS_PDH"],
}
PPPK_BY_LEVEL = {
    "SEDANG": ["PPPK_DISIPLIN_SEDANG"],
    "BERAT": ["PPPK_DISIPLIN_SEDANG", "PPPK_PUTUS_HUBUNGAN"],
}
NON_ASN = ["NONASN_TEGURAN", "NONASN_PUTUS_KONTRAK"]
ETHICS_SANCTIONS = ["MORAL_TERTUTUP", "MORAL_TERBUKA", "PPPK_TEGURAN", *NON_ASN]

UU7 = "UU 7/2017 Pasal 454"
PILKADA = "UU 1/2015 jo. UU 10/2016 Pasal 134; Perbawaslu 8/2020 jo. Perbawaslu 9/2024"
PPK = (
    "Tindak lanjut rekomendasi oleh PPK: 14 hari (praktik KASN); Kemendagri (2020) "
    "menyebut 10 dan 3 hari; belum ada sumber primer"
)
# kind, election, days, working, start event, citation, needs verification
DEADLINES = [
    (
        "REPORT_WINDOW",
        "PEMILU",
        7,
        True,
        "LEARNED",
        UU7 + " ayat (6); Perbawaslu 7/2022 Pasal 8 ayat (3)",
        False,
    ),
    ("REPORT_WINDOW", "PILKADA", 7, False, "LEARNED", PILKADA + " ayat (4)", False),
    ("TEMUAN_WINDOW", "PEMILU", 7, True, "DISCOVERED", UU7 + "; Perbawaslu 7/2022 (temuan)", False),
    ("TEMUAN_WINDOW", "PILKADA", 7, False, "DISCOVERED", PILKADA, False),
    (
        "INITIAL_STUDY",
        "PEMILU",
        7,
        True,
        "RECEIVED",
        "Verifikasi Satgas Netralitas ASN (alur SBT BKN, 2024): 7 hari",
        True,
    ),
    (
        "INITIAL_STUDY",
        "PILKADA",
        7,
        False,
        "RECEIVED",
        "Verifikasi Satgas Netralitas ASN (alur SBT BKN, 2024): 7 hari",
        True,
    ),
    (
        "INCOMPLETE_NOTICE",
        "PEMILU",
        1,
        True,
        "INITIAL_STUDY",
        "Perbawaslu 7/2022 (kajian awal: pemberitahuan kekurangan)",
        False,
    ),
    (
        "INCOMPLETE_NOTICE",
        "PILKADA",
        1,
        False,
        "INITIAL_STUDY",
        "Perbawaslu 8/2020 jo. Perbawaslu 9/2024 (kajian awal)",
        False,
    ),
    ("COMPLETION", "PEMILU", 2, True, "NOTICE", "Perbawaslu 7/2022 (melengkapi laporan)", True),
    (
        "COMPLETION",
        "PILKADA",
        2,
        False,
        "NOTICE",
        "Perbawaslu 8/2020 jo. Perbawaslu 9/2024 (2 x 24 jam)",
        False,
    ),
    ("STUDY", "PEMILU", 7, True, "REGISTERED", UU7 + " ayat (7)", False),
    ("STUDY", "PILKADA", 3, False, "REGISTERED", PILKADA + " ayat (5)", False),
    ("STUDY_EXTENDED", "PEMILU", 14, True, "REGISTERED", UU7 + " ayat (8)", False),
    (
        "STUDY_EXTENDED",
        "PILKADA",
        5,
        False,
        "REGISTERED",
        PILKADA + " ayat (6) (3 + 2 hari)",
        False,
    ),
    (
        "BODY_RECOMMENDATION",
        "PEMILU",
        14,
        True,
        "FORWARDED",
        "SKB 2022 (penanganan); nilai bawaan, dapat diubah",
        True,
    ),
    (
        "BODY_RECOMMENDATION",
        "PILKADA",
        14,
        True,
        "FORWARDED",
        "SKB 2022 (penanganan); nilai bawaan, dapat diubah",
        True,
    ),
    ("PPK_FOLLOWUP", "PEMILU", 14, False, "RECOMMENDED", PPK, True),
    ("PPK_FOLLOWUP", "PILKADA", 14, False, "RECOMMENDED", PPK, True),
    (
        "EXECUTION",
        "PEMILU",
        14,
        False,
        "DECIDED",
        "Peraturan BKN 1/2023 (pelaksanaan dan pelaporan); nilai bawaan",
        True,
    ),
    (
        "EXECUTION",
        "PILKADA",
        14,
        False,
        "DECIDED",
        "Peraturan BKN 1/2023 (pelaksanaan dan pelaporan); nilai bawaan",
        True,
    ),
]


def correct(apps, schema_editor):
    Version = apps.get_model("reports", "ViolationCatalogueVersion")
    VType = apps.get_model("reports", "ViolationType")
    SType = apps.get_model("reports", "SanctionType")
    Allowed = apps.get_model("reports", "AllowedSanction")
    Deadline = apps.get_model("reports", "DeadlineRule")

    # PPPK: disciplinary under PP 49/2018, never moral. Non-ASN: the contract.
    for st in SType.objects.filter(employment="PPPK"):
        st.is_moral = False
        if "PP 49/2018" not in st.citation:
            st.citation = f"PP 49/2018; {st.citation}"
        st.save(update_fields=["is_moral", "citation"])
    SType.objects.filter(employment="NON_ASN").update(
        is_moral=False, citation="Perjanjian kerja/kontrak dengan instansi pemberi kerja"
    )
    sanctions = {s.code: s for s in SType.objects.all()}

    def allow(vt, codes):
        Allowed.objects.filter(violation_type=vt).exclude(sanction_type__code__in=codes).delete()
        have = set(
            Allowed.objects.filter(violation_type=vt).values_list("sanction_type__code", flat=True)
        )
        Allowed.objects.bulk_create(
            [
                Allowed(violation_type=vt, sanction_type=sanctions[c])
                for c in codes
                if c not in have and c in sanctions
            ]
        )

    def discipline(vt, level):
        allow(vt, [*PNS_BY_LEVEL[level], *PPPK_BY_LEVEL[level], *NON_ASN])

    version = Version.objects.filter(is_active=True).first()
    if version is None:  # a database without the seed: nothing to correct
        return

    by_code = {vt.code: vt for vt in VType.objects.filter(version=version)}
    # 1. ETIKA-3 (approaching a party) becomes annex discipline item 3 (sedang).
    approach = by_code.get("ETIKA-3")
    if approach is not None and "pendekatan" in approach.title.lower():
        approach.code = "DISIPLIN-SKB-3"
        approach.category = "DISIPLIN"
        approach.discipline_level = "SEDANG"
        approach.title = ANNEX[2][1]
        approach.citation = f"PP 94/2021 Pasal 5 huruf n; {SKB} (disiplin) angka 3"
        approach.order = 53
        approach.save()
        discipline(approach, "SEDANG")
        # 2. Renumber the remaining ethics items 4..8 → 3..7 (in order: codes are unique).
        for old in range(4, 9):
            vt = by_code.get(f"ETIKA-{old}")
            if vt is None:
                continue
            vt.code = f"ETIKA-{old - 1}"
            vt.order = old - 1
            vt.save(update_fields=["code", "order"])
    for i, title in enumerate(ETHICS, start=1):
        vt = VType.objects.filter(version=version, code=f"ETIKA-{i}").first()
        if vt is None:
            vt = VType.objects.create(
                version=version,
                code=f"ETIKA-{i}",
                category="ETIKA",
                title=title,
                order=i,
                citation="",
            )
        vt.title = title
        vt.category = "ETIKA"
        vt.discipline_level = ""
        vt.citation = f"PP 42/2004 Pasal 11 huruf c; {SKB} (kode etik) angka {i}"
        vt.save()
        allow(vt, ETHICS_SANCTIONS)

    # 3. PP 94/2021 Pasal 5 huruf n: 1–2 sedang, 3–7 berat (Pasal 14).
    for i in range(1, 8):
        vt = VType.objects.filter(version=version, code=f"DISIPLIN-5N-{i}").first()
        if vt is None:
            continue
        level = "SEDANG" if i <= 2 else "BERAT"
        vt.discipline_level = level
        vt.citation = f"PP 94/2021 Pasal 5 huruf n angka {i} jo. Pasal 14"
        vt.save(update_fields=["discipline_level", "citation"])
        discipline(vt, level)

    # 4. The annex's discipline list (item 5 = party membership, PDTH).
    for number, title, level in ANNEX:
        code = f"DISIPLIN-SKB-{number}"
        vt = VType.objects.filter(version=version, code=code).first()
        if vt is None:
            vt = VType.objects.create(
                version=version,
                code=code,
                category="DISIPLIN",
                title=title,
                discipline_level=level,
                needs_verification=True,
                citation=f"PP 94/2021 Pasal 5 huruf n; {SKB} (disiplin) angka {number}",
                order=50 + number,
            )
        discipline(vt, level)
    parpol = VType.objects.filter(version=version, code="PARPOL").first()
    if parpol is not None:
        parpol.citation = (
            f"UU 5/2014 Pasal 87 ayat (4) huruf c; UU 20/2023; {SKB} (disiplin) angka 5"
        )
        parpol.order = 55
        parpol.save(update_fields=["citation", "order"])

    # 5. Deadlines: every step a row with its start event.
    for kind, election, days, working, start, citation, verify in DEADLINES:
        Deadline.objects.update_or_create(
            kind=kind,
            election_type=election,
            defaults={
                "days": days,
                "working_days": working,
                "start_event": start,
                "citation": citation,
                "needs_verification": verify,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("reports", "0005_learned_on_deadline_steps")]
    operations = [migrations.RunPython(correct, migrations.RunPython.noop)]
