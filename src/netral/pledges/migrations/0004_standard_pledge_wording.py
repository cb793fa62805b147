"""Version 2 of the neutrality pledge: the standard wording read at the ceremonies
(shared/domain.md §4, seeds 002–004), verbatim. Version 1 stays: campaigns and signatures
that used it keep pointing at the text they hashed. Data only.
"""

from django.db import migrations

CITATION = (
    "SKB KemenPANRB 2/2022, Mendagri 800-5474/2022, Kepala BKN 246/2022, Ketua KASN 30/2022, "
    "Ketua Bawaslu 1447.1/PM.01/K.1/09/2022 (pencegahan: ikrar netralitas); "
    "teks baku ikrar yang dibacakan pada apel (Karimun 8-1-2024; Natuna 29-11-2023)"
)

BODY = (
    "Kami Pegawai Aparatur Sipil Negara {instansi} berikrar:\n"
    "1. Menjaga dan menegakkan prinsip netralitas Pegawai ASN di instansi masing-masing dalam "
    "melaksanakan fungsi pelayanan publik, baik sebelum, selama, maupun sesudah pelaksanaan "
    "Pemilu dan Pemilihan Tahun 2024.\n"
    "2. Menghindari konflik kepentingan, tidak melakukan praktik-praktik intimidasi dan ancaman "
    "kepada Pegawai ASN dan seluruh elemen masyarakat, serta tidak memihak kepada pasangan "
    "calon tertentu.\n"
    "3. Menggunakan media sosial secara bijak, tidak dipergunakan untuk kepentingan pasangan "
    "calon tertentu, serta tidak menyebarkan ujaran kebencian dan berita bohong.\n"
    "4. Menolak politik uang dan segala jenis pemberian dalam bentuk apa pun.\n"
    "Demikian ikrar ini kami buat dan laksanakan dengan penuh integritas dan rasa tanggung "
    "jawab dalam rangka mewujudkan netralitas Pegawai ASN yang bermartabat, beretika dan "
    "demokratis demi terwujudnya persatuan dan kesatuan NKRI."
)


def seed(apps, schema_editor):
    PledgeText = apps.get_model("pledges", "PledgeText")
    PledgeText.objects.get_or_create(
        kode="ikrar-netralitas-asn",
        version=2,
        defaults={"title": "Ikrar Netralitas ASN", "citation": CITATION, "body": BODY},
    )


def unseed(apps, schema_editor):
    PledgeText = apps.get_model("pledges", "PledgeText")
    # Only when nothing points at it (PROTECT would refuse anyway).
    PledgeText.objects.filter(kode="ikrar-netralitas-asn", version=2).delete()


class Migration(migrations.Migration):
    dependencies = [("pledges", "0003_stage_recount_at_seq")]
    operations = [migrations.RunPython(seed, unseed)]
