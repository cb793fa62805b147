"""Builds the shipped partisan sets from hand-written sentence patterns (run once; output
committed): ``labelled_posts.csv`` (partisan labels, three elections, half hard negatives)
and ``demo_posts.csv`` (the Satgas demo upload for the demo election).

Every pattern was written by hand for realistic Indonesian social-media usage; slots are
filled from each election's lexicon so the same sentence shape appears with different
candidates. ``python -m netral.screening.data.build_sets`` rewrites both files (seeded).
"""

from __future__ import annotations

import csv
import json
import random
from pathlib import Path
from typing import Any

HERE = Path(__file__).parent
NUMWORD = {1: "satu", 2: "dua", 3: "tiga"}
EMOJI = {1: "☝️", 2: "✌️", 3: "👌"}
REGIONS = {
    "kepri": ["Kepri", "Tanjungpinang", "Batam", "Karimun", "Natuna"],
    "lingga": ["Lingga Tengah", "Daik", "Singkep"],
    "pilpres": ["Indonesia", "negeri ini", "bangsa"],
}

# (text, target_text, action) patterns labelled partisan = 1.
POSITIVE = [
    ("Ayo coblos nomor {N}, {NAME} pasti menang! 💪", "", "post"),
    ("Bismillah, {ALIAS} untuk {REGION} yang lebih baik. #{TAG}", "", "post"),
    ("Jangan lupa tgl {DAY} coblos paslon {NN} ya bapak ibu sekalian 🙏", "", "post"),
    ("Salam {NW} jari! {SLOGAN} 🔥", "", "post"),
    ("Mantap pak {SUR}, lanjutkan dua periode!", "", "post"),
    ("Tim {ALIAS} solid sampai TPS. #{TAG}", "", "post"),
    (
        "Hadir di kampanye akbar {NAME} tadi sore, luar biasa ramainya. Menang satu putaran!",
        "",
        "post",
    ),
    ("{SLOGAN}! Sudah saatnya {REGION} dipimpin {NAME}.", "", "post"),
    ("Pilihan kami jelas: paslon nomor urut {N}. Insyaallah amanah.", "", "post"),
    ("#{TAG} #{TAG} gaspol terus sampai menang", "", "post"),
    ("Keluarga besar kami all in {ALIAS} {EMOJI}", "", "post"),
    ("Siap menangkan {NAME} di {REGION}! {EMOJI}{EMOJI}", "", "post"),
    ("yg blm tau, {NN} itu pilihan paling masuk akal. coblos {NN}!!", "", "post"),
    ("Relawan {ALIAS} kecamatan kami sudah terbentuk, merapat bapak ibu 🙌", "", "post"),
    ("Jangan pilih {OTHER}, sudah terbukti gagal urus {REGION}.", "", "post"),
    ("Asal bukan paslon {ONN}. Cukup sudah.", "", "post"),
    ("{OSUR} itu pembohong, janji lima tahun lalu tak ada yang ditepati. Tolak!", "", "post"),
    ("Dukung penuh {NAME} dan {PARTNER}! #{TAG}", "", "post"),
    ("Foto bareng relawan {EMOJI} siap menangkan {ALIAS} di {REGION}", "", "post"),
    ("Pemimpin yang merakyat cuma {SUR}. Yuk bersama menangkan nomor {N}.", "", "post"),
    ("", "Ayo coblos nomor {N}, {NAME} pasti menang! #{TAG}", "like"),
    ("", "Bersama {ALIAS} kita wujudkan {SLOGAN}. Coblos nomor {N}!", "share"),
    ("Setuju, lanjutkan!", "Dukung {NAME} dua periode. #{TAG}", "comment"),
    ("siap pak 👍", "Malam ini konsolidasi relawan pemenangan {ALIAS}, semua merapat!", "comment"),
    ("", "Akun resmi relawan pemenangan {NAME} - {PARTNER}. #{TAG}", "follow"),
    ("Ini baru pemimpin 👏👏", "Video kampanye {NAME}: {SLOGAN}", "share"),
    ("", "Jangan pilih {OTHER}! {OSLOGAN} cuma janji kosong. Dukung paslon {NN}.", "like"),
    ("Sudah saya share ke grup keluarga, ayo menangkan paslon {NN}", "", "comment"),
    ("Kapan lagi punya pemimpin sehebat {SUR}? Coblos {N} tanggal {DAY}.", "", "post"),
    ("Warga {REGION} pilih {ALIAS}! {EMOJI}", "", "post"),
]

# Hard negatives: ambiguous aliases and numbers, civic information, official duties,
# neutral news, everyday talk, actions on neutral targets.
NEGATIVE = [
    ("Kami butuh tenaga teknis yang {AMB} dan jujur untuk proyek jalan desa.", "", "post"),
    ("Alhamdulillah anak saya juara 1 lomba pidato tingkat kabupaten 🥇", "", "post"),
    ("Yang nomor dua dari kiri itu adik saya, baru lulus kemarin.", "", "post"),
    ("Antrean nomor {N} di loket pelayanan KTP sudah dipanggil, silakan maju.", "", "post"),
    ("Jangan golput! Datang ke TPS tanggal {DAY}, cek nama di DPT online KPU.", "", "post"),
    (
        "Debat publik kedua paslon malam ini disiarkan langsung pukul 19.00 WIB. Saksikan dan nilai visi misinya.",
        "",
        "post",
    ),
    ("KPU umumkan jadwal kampanye {START} sampai {END}. Masa tenang setelahnya.", "", "post"),
    ("Pengundian nomor urut berlangsung tertib: nomor 1 {NAME1}, nomor 2 {NAME2}.", "", "post"),
    (
        "Bawaslu mengingatkan ASN wajib netral selama masa kampanye. Jangan like dan share konten paslon.",
        "",
        "post",
    ),
    ("Rapat koordinasi pengamanan TPS bersama Kapolres, KPU dan Bawaslu hari ini.", "", "post"),
    (
        "Mendampingi Pj Bupati dalam kunjungan kerja ke {REGION}, meninjau pelayanan puskesmas.",
        "",
        "post",
    ),
    ("Menurut survei terbaru, elektabilitas {NAME} dan {OTHER} bersaing ketat.", "", "post"),
    ("Selamat pagi rekan-rekan, semangat bekerja dan tetap jaga kesehatan.", "", "post"),
    ("Ayo dukung timnas Indonesia malam ini! Pasti menang 🇮🇩", "", "post"),
    ("Pilih menu makan siang apa ya? Nasi padang atau soto?", "", "post"),
    ("Liburan bareng keluarga ke pantai ✌️ cuaca cerah banget", "", "post"),
    ("Semoga kita selalu {AMB2} dalam menjalankan tugas.", "", "post"),
    ("Rumah tangga yang {AMB} itu kuncinya saling percaya.", "", "post"),
    ("Info: pendaftaran KPPS dibuka sampai akhir bulan. Syarat lengkap di laman KPU.", "", "post"),
    (
        "Gunakan hak pilih Anda tanggal {DAY}. Satu suara menentukan masa depan {REGION}.",
        "",
        "post",
    ),
    (
        "Simulasi pemungutan suara di kantor kecamatan berjalan lancar, terima kasih PPK dan PPS.",
        "",
        "post",
    ),
    ("Juara 2 lomba kebersihan kantor tahun ini diraih bidang keuangan 👏", "", "post"),
    ("Dua jari dulu buat foto wisuda ponakan ✌️😁", "", "post"),
    ("{NAME} mengajukan cuti kampanye sesuai aturan, tugas harian dijalankan Plh.", "", "post"),
    ("Sosialisasi netralitas ASN di aula kantor bupati, dihadiri seluruh kepala OPD.", "", "post"),
    ("Hasil hitung cepat bukan hasil resmi. Tunggu rekapitulasi KPU ya.", "", "post"),
    ("", "KPU: Jadwal debat ketiga calon {ELECTION} digelar pekan depan.", "share"),
    ("", "Bawaslu buka posko pengaduan pelanggaran netralitas ASN selama masa kampanye.", "like"),
    (
        "Terima kasih infonya 🙏",
        "Cara cek DPT online: buka laman cekdptonline KPU dan masukkan NIK.",
        "comment",
    ),
    ("", "Akun resmi KPU Provinsi: informasi tahapan pemilihan.", "follow"),
    ("", "Selamat kepada tim voli putri yang meraih juara 1 turnamen antar-OPD!", "like"),
    ("Harus {AMB} dan tepat waktu, itu pesan atasan saya dari dulu.", "", "post"),
    ("Kebersamaan itu indah, semoga kita tetap {AMB3} walau beda pilihan.", "", "post"),
    ("Nomor {N} di daftar hadir tolong tanda tangan ya, pelatihan sudah mulai.", "", "post"),
    ("Masa tenang dimulai hari ini, semua alat peraga kampanye wajib diturunkan.", "", "post"),
    ("Hati-hati berita palsu soal pilkada, cek fakta dulu sebelum share.", "", "post"),
    ("Partai {PARTYWORD} apa pun, ASN tetap harus netral. Itu aturan.", "", "post"),
    ("Penyaluran bantuan sosial tetap berjalan sesuai jadwal dinas sosial.", "", "post"),
    ("Pak {SUR} dari bagian umum minta laporan kegiatan dikumpulkan Jumat.", "", "post"),
    (
        "Kedua paslon sudah menyampaikan visi misi di depan panelis, semua calon punya program menarik.",
        "",
        "post",
    ),
]

PARTYWORD = ["politik", "mana", "lama atau baru"]


def _slots(
    lex: dict[str, Any], cand: dict[str, Any], other: dict[str, Any], key: str, rng: random.Random
) -> dict[str, Any]:
    ambig = [
        a for c in lex["candidates"] for a in c["aliases"] if " " not in a and a.islower() is False
    ]
    common = [
        a.lower()
        for c in lex["candidates"]
        for a in c["aliases"]
        if a.isalpha() and a[0].isupper() and a[1:].islower()
    ]
    words = common or ["andal"]
    name = cand["names"][0]
    nonamb = [
        a for a in cand["aliases"] if not (a.isalpha() and a[0].isupper() and a[1:].islower())
    ]
    n = cand["number"]
    del ambig
    return {
        "N": n,
        "NN": f"0{n}",
        "NW": NUMWORD[n],
        "ONN": f"0{other['number']}",
        "EMOJI": EMOJI[n],
        "NAME": name,
        "PARTNER": cand["names"][1] if len(cand["names"]) > 1 else name,
        "SUR": name.split()[-1],
        "OTHER": other["names"][0],
        "OSUR": other["names"][0].split()[-1],
        "OSLOGAN": other["slogans"][0],
        "ALIAS": rng.choice(nonamb or [name]),
        "SLOGAN": rng.choice(cand["slogans"]),
        "TAG": rng.choice(cand["hashtags"]),
        "REGION": rng.choice(REGIONS[key]),
        "DAY": "27 November" if lex["type"] == "pilkada" else "14 Februari",
        "START": lex["campaign_start"],
        "END": lex["campaign_end"],
        "NAME1": lex["candidates"][0]["names"][0],
        "NAME2": lex["candidates"][1]["names"][0],
        "ELECTION": lex["election"].split(" (")[0],
        "AMB": rng.choice(words),
        "AMB2": rng.choice(words),
        "AMB3": rng.choice(words),
        "PARTYWORD": rng.choice(PARTYWORD),
    }


SLANG = [("yang", "yg"), ("tidak", "gak"), ("sudah", "udah"), ("banget", "bgt"), ("saja", "aja")]
SUFFIX = ["", "", "", " 🙏", " 😊", "!", " mantap", " #pilkada2024"]


def _vary(text: str, rng: random.Random) -> str:
    if not text:
        return text
    for std, slang in SLANG:
        if std in text and rng.random() < 0.3:
            text = text.replace(std, slang)
    if rng.random() < 0.2:
        text = text.lower()
    return text + (rng.choice(SUFFIX) if rng.random() < 0.3 else "")


def build(
    lexicons: dict[str, dict[str, Any]], per_election: int, rng: random.Random
) -> list[dict[str, Any]]:
    rows = []
    for key, lex in lexicons.items():
        for i in range(per_election):
            label = i % 2
            patterns = POSITIVE if label else NEGATIVE
            text, target, action = patterns[(i // 2) % len(patterns)]
            cands = lex["candidates"]
            cand = rng.choice(cands)
            other = rng.choice([c for c in cands if c is not cand])
            s = _slots(lex, cand, other, key, rng)
            rows.append(
                {
                    "election": key,
                    "action": action,
                    "text": _vary(text.format(**s), rng),
                    "target_text": target.format(**s),
                    "partisan": label,
                }
            )
    return rows


def main() -> None:
    rng = random.Random(2024)
    lexicons = {
        "kepri": json.loads((HERE / "lexicon_demo_kepri2024.json").read_text()),
        "lingga": json.loads((HERE / "lexicon_lingga_fiktif.json").read_text()),
        "pilpres": json.loads((HERE / "lexicon_pilpres_fiktif.json").read_text()),
    }
    rows = build(lexicons, 140, rng)
    with open(HERE / "labelled_posts.csv", "w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, ["post_id", "election", "action", "text", "target_text", "partisan"])
        w.writeheader()
        for i, r in enumerate(rows, 1):
            w.writerow({"post_id": f"L{i:04d}", **r})
    demo = build({"kepri": lexicons["kepri"]}, 300, random.Random(7))
    platforms = ["instagram", "facebook", "x", "tiktok"]
    with open(HERE / "demo_posts.csv", "w", newline="", encoding="utf-8") as fh:
        cols = [
            "post_id",
            "platform",
            "author_handle",
            "author_name",
            "action",
            "text",
            "target_text",
            "target_author",
            "posted_at",
            "url",
        ]
        w = csv.DictWriter(fh, cols)
        w.writeheader()
        r2 = random.Random(11)
        for i, r in enumerate(demo, 1):
            day = 1 + (i % 27)
            w.writerow(
                {
                    "post_id": f"D{i:05d}",
                    "platform": platforms[i % 4],
                    "author_handle": f"warga_{r2.randint(1, 120)}",
                    "author_name": "",
                    "action": r["action"],
                    "text": r["text"],
                    "target_text": r["target_text"],
                    "target_author": "akun_kampanye" if r["target_text"] and r["partisan"] else "",
                    "posted_at": f"2024-10-{day:02d}T{8 + i % 12:02d}:15:00+07:00",
                    "url": f"https://example.invalid/p/{i}",
                }
            )


if __name__ == "__main__":
    main()
