"""Seed version 1 of every letter template (issue 10 item 5) with its citation.

Wording after the forms of Perbawaslu 7/2022 (tanda bukti penyampaian laporan,
pemberitahuan kekurangan, berita acara klarifikasi, kajian, penerusan), the KASN/BKN
recommendation letters, PP 94/2021 Pasal 33–34 (decree of a discipline sanction),
PP 42/2004 Pasal 15–16 (written moral-sanction statement) and the follow-up report to the
recommending body. Placeholders: ``netral.cases.letters.PLACEHOLDERS``. Data only; an
administrator edits a template by adding a new version.
"""

from django.db import migrations

TEMPLATES = [
    {
        "kind": "TANDA_TERIMA",
        "layout": "BERITA_ACARA",
        "title": "Tanda Bukti Penerimaan Laporan",
        "classification": "PP.01.02",
        "citation": "UU 7/2017 Pasal 454; UU 1/2015 Pasal 134; Perbawaslu 7/2022",
        "recipient": "",
        "tembusan": "",
        "subject_line": "",
        "sifat": "",
        "body": """Pada {tanggal_terbilang}, {kantor} telah menerima laporan dugaan pelanggaran netralitas Pegawai Aparatur Sipil Negara dengan keterangan sebagai berikut:

Nomor penerimaan :: {nomor_laporan}
Jenis :: {jenis_laporan}
Diterima :: {waktu_diterima}
Pelapor :: dirahasiakan
Terlapor :: {nama_terlapor}
Instansi terlapor :: {instansi_terlapor}
Pokok laporan :: {pokok}
Jumlah bukti :: {jumlah_bukti}

Laporan ini akan dikaji awal untuk memeriksa pemenuhan syarat formal dan syarat materiel. Perkembangan penanganan dapat diikuti di {alamat_cek} dengan kode tanda terima yang diberikan saat laporan disampaikan.

Identitas pelapor dilindungi dan tidak dicantumkan dalam dokumen ini sesuai Undang-Undang Nomor 27 Tahun 2022 tentang Pelindungan Data Pribadi.""",
    },
    {
        "kind": "PEMBERITAHUAN",
        "layout": "SURAT",
        "title": "Pemberitahuan Kekurangan Syarat Laporan",
        "classification": "PP.01.02",
        "citation": "Perbawaslu 7/2022 (kajian awal dan kelengkapan laporan)",
        "recipient": "Pelapor Laporan Nomor {nomor_laporan}\nmelalui layanan pemantauan laporan",
        "tembusan": "",
        "subject_line": "",
        "sifat": "Segera",
        "body": """Berdasarkan kajian awal atas laporan Nomor {nomor_laporan} yang kami terima pada {tanggal_laporan}, laporan tersebut belum memenuhi syarat berikut:

{isi}

Sesuai Peraturan Badan Pengawas Pemilihan Umum Nomor 7 Tahun 2022, Saudara diminta melengkapi kekurangan tersebut paling lambat {batas_waktu}. Apabila sampai batas waktu tersebut laporan belum dilengkapi, laporan tidak dapat diregistrasi.

Demikian pemberitahuan ini kami sampaikan. Atas perhatian Saudara kami ucapkan terima kasih.""",
    },
    {
        "kind": "BA_KLARIFIKASI",
        "layout": "BERITA_ACARA",
        "title": "Berita Acara Klarifikasi",
        "classification": "PP.01.02",
        "citation": "Perbawaslu 7/2022 (klarifikasi dalam kajian dugaan pelanggaran)",
        "recipient": "",
        "tembusan": "",
        "subject_line": "",
        "sifat": "",
        "body": """Pada {tanggal_terbilang}, {kantor} telah melakukan klarifikasi dalam rangka penanganan dugaan pelanggaran netralitas Pegawai Aparatur Sipil Negara perkara Nomor {nomor_kasus} (registrasi {nomor_registrasi}) terhadap:

Nama :: {pihak}
Perkara :: {pokok}
Terlapor :: {nama_terlapor}, {jabatan_terlapor}, {instansi_terlapor}

# KETERANGAN YANG DISAMPAIKAN

{isi}

Demikian berita acara klarifikasi ini dibuat dengan sebenarnya, dibacakan kembali kepada yang diklarifikasi, dan ditandatangani.""",
    },
    {
        "kind": "HASIL_KAJIAN",
        "layout": "BERITA_ACARA",
        "title": "Hasil Kajian Dugaan Pelanggaran",
        "classification": "PP.01.02",
        "citation": "UU 7/2017 Pasal 454 ayat (7)–(8) dan Pasal 455; UU 1/2015 Pasal 134; Perbawaslu 7/2022",
        "recipient": "",
        "tembusan": "",
        "subject_line": "",
        "sifat": "",
        "body": """# I. DATA PERKARA

Nomor perkara :: {nomor_kasus}
Nomor registrasi :: {nomor_registrasi}
Tanggal registrasi :: {tanggal_registrasi}
Laporan/temuan :: {nomor_laporan}
Terlapor :: {nama_terlapor}
NIP/NIK :: {nip_terlapor}
Jabatan :: {jabatan_terlapor}
Instansi :: {instansi_terlapor}

# II. URAIAN PERISTIWA

{uraian}

# III. KAJIAN DAN KESIMPULAN

{isi}

Dugaan pelanggaran :: {jenis_pelanggaran}
Dasar hukum :: {dasar_pelanggaran}

Demikian hasil kajian ini dibuat untuk dipergunakan sebagaimana mestinya.""",
    },
    {
        "kind": "SURAT_PENERUSAN",
        "layout": "SURAT",
        "title": "Penerusan Dugaan Pelanggaran Netralitas Pegawai ASN",
        "classification": "PP.01.02",
        "citation": "UU 7/2017 Pasal 455 ayat (1) huruf c; UU 1/2015 Pasal 139; SKB 2022 tentang Pedoman Pengawasan Netralitas Pegawai ASN",
        "recipient": "{tujuan_penerusan}\ndi Tempat",
        "tembusan": "Ketua Badan Pengawas Pemilihan Umum Republik Indonesia\n{ppk}",
        "subject_line": "",
        "sifat": "Penting",
        "body": """Berdasarkan hasil kajian atas perkara Nomor {nomor_kasus} (laporan/temuan {nomor_laporan}), dengan ini kami teruskan dugaan pelanggaran netralitas Pegawai Aparatur Sipil Negara dengan keterangan sebagai berikut:

Nama :: {nama_terlapor}
NIP/NIK :: {nip_terlapor}
Status :: {jenis_pegawai}
Jabatan :: {jabatan_terlapor}
Instansi :: {instansi_terlapor}
Dugaan :: {jenis_pelanggaran} ({dasar_pelanggaran})

Sesuai Undang-Undang Nomor 7 Tahun 2017 tentang Pemilihan Umum Pasal 455 ayat (1) huruf c, pelanggaran terhadap peraturan perundang-undangan lainnya diteruskan kepada instansi atau pihak yang berwenang untuk ditindaklanjuti. {isi}

Bersama ini kami lampirkan hasil kajian, berita acara klarifikasi, dan salinan bukti. Demikian disampaikan, atas perhatian dan kerja samanya kami ucapkan terima kasih.""",
    },
    {
        "kind": "REKOMENDASI",
        "layout": "SURAT",
        "title": "Rekomendasi atas Pelanggaran Netralitas Pegawai ASN",
        "classification": "KP.09",
        "citation": "UU 20/2023 tentang ASN; PP 94/2021; PP 42/2004; SKB 2022 tentang Pedoman Pengawasan Netralitas Pegawai ASN; Peraturan BKN 1/2023",
        "recipient": "{ppk}\nselaku Pejabat Pembina Kepegawaian\ndi Tempat",
        "tembusan": "Ketua Badan Pengawas Pemilihan Umum setempat\nKepala Badan Kepegawaian dan Pengembangan Sumber Daya Manusia {instansi_terlapor}",
        "subject_line": "",
        "sifat": "Penting",
        "body": """Menindaklanjuti surat penerusan Nomor {nomor_penerusan} dalam perkara Nomor {nomor_kasus}, kami telah melakukan pemeriksaan atas dugaan pelanggaran netralitas yang dilakukan oleh:

Nama :: {nama_terlapor}
NIP/NIK :: {nip_terlapor}
Jabatan :: {jabatan_terlapor}
Instansi :: {instansi_terlapor}

Berdasarkan hasil pemeriksaan, yang bersangkutan terbukti melakukan {jenis_pelanggaran} sebagaimana diatur dalam {dasar_pelanggaran}. {isi}

Sehubungan dengan hal tersebut, kami merekomendasikan kepada Pejabat Pembina Kepegawaian untuk menjatuhkan sanksi berupa {sanksi} ({dasar_sanksi}) kepada yang bersangkutan.

Tindak lanjut rekomendasi ini kami minta ditetapkan paling lambat {batas_waktu} dan dilaporkan kepada kami beserta salinan keputusannya. Rekomendasi yang tidak ditindaklanjuti dapat berakibat pemblokiran data dan layanan kepegawaian sesuai Peraturan Badan Kepegawaian Negara Nomor 1 Tahun 2023.

Demikian disampaikan, atas perhatian dan kerja samanya kami ucapkan terima kasih.""",
    },
    {
        "kind": "SK_HUKUMAN",
        "layout": "KEPUTUSAN",
        "title": "Keputusan {ppk}",
        "classification": "800.1.6.3",
        "citation": "PP 94/2021 Pasal 8, Pasal 33–34 dan Pasal 5 huruf n; UU 20/2023 tentang ASN",
        "recipient": "",
        "tembusan": "{badan_rekomendasi}\nKepala Badan Kepegawaian dan Pengembangan Sumber Daya Manusia\nYang bersangkutan",
        "subject_line": "Penjatuhan hukuman disiplin atas nama {nama_terlapor}",
        "sifat": "",
        "body": """# {ppk_besar},

Menimbang :: a. bahwa berdasarkan rekomendasi {badan_rekomendasi} Nomor {nomor_rekomendasi} dalam perkara Nomor {nomor_kasus}, Saudara {nama_terlapor} NIP {nip_terlapor} terbukti melakukan {jenis_pelanggaran};
 :: b. bahwa perbuatan tersebut melanggar {dasar_pelanggaran};
 :: c. bahwa berdasarkan pertimbangan sebagaimana dimaksud dalam huruf a dan huruf b, perlu menetapkan Keputusan tentang Penjatuhan Hukuman Disiplin;
Mengingat :: 1. Undang-Undang Nomor 20 Tahun 2023 tentang Aparatur Sipil Negara;
 :: 2. Peraturan Pemerintah Nomor 94 Tahun 2021 tentang Disiplin Pegawai Negeri Sipil;

# MEMUTUSKAN:

Menetapkan :: KEPUTUSAN {ppk_besar} TENTANG PENJATUHAN HUKUMAN DISIPLIN.
KESATU :: Menjatuhkan hukuman disiplin berupa {sanksi} ({dasar_sanksi}) kepada Saudara {nama_terlapor}, {jabatan_terlapor} pada {instansi_terlapor}.
KEDUA :: Hukuman disiplin sebagaimana dimaksud pada diktum KESATU dilaksanakan oleh Badan Kepegawaian dan Pengembangan Sumber Daya Manusia sejak Keputusan ini disampaikan kepada yang bersangkutan.
KETIGA :: Keputusan ini mulai berlaku pada tanggal ditetapkan.""",
    },
    {
        "kind": "PERNYATAAN_MORAL",
        "layout": "KEPUTUSAN",
        "title": "Keputusan {ppk}",
        "classification": "800.1.6.4",
        "citation": "PP 42/2004 Pasal 15 dan Pasal 16; SKB 2022 tentang Pedoman Pengawasan Netralitas Pegawai ASN",
        "recipient": "",
        "tembusan": "{badan_rekomendasi}\nKepala Badan Kepegawaian dan Pengembangan Sumber Daya Manusia\nYang bersangkutan",
        "subject_line": "Pemberian sanksi moral atas nama {nama_terlapor}",
        "sifat": "",
        "body": """# {ppk_besar},

Menimbang :: a. bahwa berdasarkan rekomendasi {badan_rekomendasi} Nomor {nomor_rekomendasi} dalam perkara Nomor {nomor_kasus}, Saudara {nama_terlapor} terbukti melakukan {jenis_pelanggaran};
 :: b. bahwa perbuatan tersebut melanggar kode etik Pegawai Negeri Sipil ({dasar_pelanggaran});
 :: c. bahwa sesuai Pasal 15 Peraturan Pemerintah Nomor 42 Tahun 2004, sanksi moral dibuat secara tertulis dan dinyatakan oleh Pejabat Pembina Kepegawaian;
Mengingat :: 1. Undang-Undang Nomor 20 Tahun 2023 tentang Aparatur Sipil Negara;
 :: 2. Peraturan Pemerintah Nomor 42 Tahun 2004 tentang Pembinaan Jiwa Korps dan Kode Etik Pegawai Negeri Sipil;

# MEMUTUSKAN:

Menetapkan :: KEPUTUSAN {ppk_besar} TENTANG PEMBERIAN SANKSI MORAL.
KESATU :: Menjatuhkan sanksi moral berupa {sanksi} kepada Saudara {nama_terlapor}, {jabatan_terlapor} pada {instansi_terlapor}.
KEDUA :: Sanksi moral sebagaimana dimaksud pada diktum KESATU dinyatakan sesuai Pasal 16 Peraturan Pemerintah Nomor 42 Tahun 2004.
KETIGA :: Keputusan ini mulai berlaku pada tanggal ditetapkan.""",
    },
    {
        "kind": "LAPORAN_PELAKSANAAN",
        "layout": "SURAT",
        "title": "Laporan Pelaksanaan Tindak Lanjut Rekomendasi",
        "classification": "800.1.6",
        "citation": "PP 94/2021 Pasal 41; Peraturan BKN 1/2023; SKB 2022 tentang Pedoman Pengawasan Netralitas Pegawai ASN",
        "recipient": "{badan_rekomendasi}\ndi Tempat",
        "tembusan": "{ppk}\nKetua Badan Pengawas Pemilihan Umum setempat",
        "subject_line": "",
        "sifat": "Penting",
        "body": """Menindaklanjuti rekomendasi Nomor {nomor_rekomendasi} dalam perkara Nomor {nomor_kasus}, dengan hormat kami laporkan bahwa {ppk} telah menetapkan Keputusan Nomor {nomor_keputusan} tanggal {tanggal_keputusan} dan sanksi tersebut telah dilaksanakan:

Nama :: {nama_terlapor}
NIP/NIK :: {nip_terlapor}
Jabatan :: {jabatan_terlapor}
Sanksi :: {sanksi}
Dilaksanakan sejak :: {tanggal_pelaksanaan}

{isi}

Bersama ini kami lampirkan salinan keputusan dan bukti pelaksanaannya. Dengan pelaksanaan ini kami mohon pemblokiran data kepegawaian yang bersangkutan, bila ada, dibuka sesuai Peraturan Badan Kepegawaian Negara Nomor 1 Tahun 2023.

Demikian laporan ini kami sampaikan.""",
    },
]


def seed(apps, schema_editor):
    LetterTemplate = apps.get_model("cases", "LetterTemplate")
    for row in TEMPLATES:
        LetterTemplate.objects.update_or_create(
            kind=row["kind"], version=1, defaults={**row, "is_active": True}
        )


def unseed(apps, schema_editor):
    apps.get_model("cases", "LetterTemplate").objects.filter(version=1).delete()


class Migration(migrations.Migration):
    dependencies = [("cases", "0003_letters_offices_templates_numbering")]
    operations = [migrations.RunPython(seed, unseed)]
