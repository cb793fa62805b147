"""Demo registry for Provinsi Kepulauan Riau: agencies, realistic OPD trees, employees.

Deterministic for a given seed. Employees are bulk-inserted (thousands of rows; the
per-row service would take minutes) after the same validation the import applies.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from typing import Any

from netral.registry import services
from netral.registry.models import AkunMedsos, Instansi, Pegawai, Region, UnitKerja
from netral.registry.validators import nik_errors, nip_errors

FIRST_M = [
    "Budi",
    "Ahmad",
    "Agus",
    "Andi",
    "Dedi",
    "Eko",
    "Hendra",
    "Iwan",
    "Joko",
    "Rudi",
    "Syahrul",
    "Taufik",
    "Yusuf",
    "Zulkifli",
    "Rizal",
    "Fajar",
    "Hasan",
    "Irfan",
    "Muhammad",
    "Rahmat",
    "Arif",
    "Bambang",
    "Darmawan",
    "Fikri",
    "Gunawan",
    "Hamdan",
    "Ilham",
    "Khairul",
    "Lukman",
    "Nasrul",
    "Raja",
    "Wan",
]
FIRST_F = [
    "Siti",
    "Dewi",
    "Sri",
    "Rina",
    "Nurul",
    "Fitri",
    "Yuliana",
    "Ratna",
    "Wulan",
    "Lestari",
    "Indah",
    "Aisyah",
    "Rahmawati",
    "Kartika",
    "Maya",
    "Novita",
    "Putri",
    "Rosnani",
    "Suryani",
    "Tengku",
    "Zahara",
    "Herlina",
    "Juliana",
    "Marlina",
    "Nurhayati",
    "Sari",
    "Wahyuni",
    "Yanti",
]
LAST = [
    "Saputra",
    "Hidayat",
    "Siregar",
    "Nasution",
    "Harahap",
    "Lubis",
    "Pratama",
    "Wijaya",
    "Santoso",
    "Syahputra",
    "Rahman",
    "Hamid",
    "Ismail",
    "Kurniawan",
    "Setiawan",
    "Susanto",
    "Gultom",
    "Simanjuntak",
    "Tanjung",
    "Batubara",
    "Effendi",
    "Yusuf",
    "Abdullah",
    "Situmorang",
    "Manurung",
    "Hasibuan",
    "Zainal",
]
GOLONGAN_PNS = [
    "II/a",
    "II/b",
    "II/c",
    "II/d",
    "III/a",
    "III/b",
    "III/c",
    "III/d",
    "IV/a",
    "IV/b",
    "IV/c",
]
GOLONGAN_PPPK = ["V", "VII", "IX", "X", "XI"]

# OPD name, unit type, sub-units (bidang/bagian → seksi), UPT kinds.
OPD_TEMPLATES: list[tuple[str, str, list[tuple[str, list[str]]], list[str]]] = [
    (
        "Sekretariat Daerah",
        "OPD",
        [
            ("Bagian Pemerintahan", ["Subbagian Otonomi Daerah"]),
            ("Bagian Hukum", []),
            ("Bagian Umum", []),
        ],
        [],
    ),
    (
        "Dinas Pendidikan",
        "OPD",
        [
            ("Sekretariat", ["Subbagian Umum dan Kepegawaian"]),
            ("Bidang Pembinaan SD", ["Seksi Kurikulum SD"]),
            ("Bidang Pembinaan SMP", ["Seksi Kurikulum SMP"]),
        ],
        ["SD Negeri", "SMP Negeri"],
    ),
    (
        "Dinas Kesehatan",
        "OPD",
        [
            ("Sekretariat", []),
            ("Bidang Pelayanan Kesehatan", ["Seksi Pelayanan Kesehatan Primer"]),
            ("Bidang Pencegahan dan Pengendalian Penyakit", []),
        ],
        ["Puskesmas"],
    ),
    (
        "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia",
        "OPD",
        [("Bidang Mutasi dan Promosi", []), ("Bidang Pengembangan Kompetensi", [])],
        [],
    ),
    (
        "Badan Kesatuan Bangsa dan Politik",
        "OPD",
        [("Bidang Politik Dalam Negeri", []), ("Bidang Ketahanan Ekonomi, Sosial dan Budaya", [])],
        [],
    ),
    (
        "Satuan Polisi Pamong Praja",
        "OPD",
        [("Bidang Penegakan Perda", []), ("Bidang Ketertiban Umum", [])],
        [],
    ),
    (
        "Inspektorat Daerah",
        "OPD",
        [("Inspektur Pembantu Wilayah I", []), ("Inspektur Pembantu Wilayah II", [])],
        [],
    ),
    (
        "Dinas Pekerjaan Umum dan Penataan Ruang",
        "OPD",
        [("Bidang Bina Marga", []), ("Bidang Cipta Karya", [])],
        [],
    ),
    ("Dinas Sosial", "OPD", [("Bidang Rehabilitasi Sosial", [])], []),
    ("Dinas Perhubungan", "OPD", [("Bidang Perhubungan Laut", [])], []),
    (
        "Badan Pengelolaan Keuangan dan Aset Daerah",
        "OPD",
        [("Bidang Anggaran", []), ("Bidang Akuntansi", [])],
        [],
    ),
    (
        "Rumah Sakit Umum Daerah",
        "OPD",
        [("Bidang Pelayanan Medik", []), ("Bidang Keperawatan", [])],
        [],
    ),
]

# (kode, nama, jenis, region code, employee count, kecamatan offices)
AGENCIES = [
    ("21", "Pemerintah Provinsi Kepulauan Riau", Instansi.Jenis.PEMPROV, "21", 1800, 0),
    ("21.02", "Pemerintah Kabupaten Karimun", Instansi.Jenis.PEMKAB, "21.02", 1600, 6),
    ("21.03", "Pemerintah Kabupaten Natuna", Instansi.Jenis.PEMKAB, "21.03", 900, 4),
    ("21.01", "Pemerintah Kabupaten Bintan", Instansi.Jenis.PEMKAB, "21.01", 1100, 4),
]


@dataclass
class DemoContext:
    """What each app's ``demo.seed`` receives and may extend for the apps after it."""

    rng: random.Random
    seed: int
    instansi: dict[str, Instansi] = field(default_factory=dict)
    opd: dict[tuple[str, str], UnitKerja] = field(default_factory=dict)
    users: dict[str, Any] = field(default_factory=dict)
    accounts: list[dict[str, str]] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)


class _Ids:
    """Generates unique, valid NIPs and NIKs."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.nips: set[str] = set()
        self.niks: set[str] = set()

    def nip(self, jenis: str, gender: str) -> tuple[str, dt.date]:
        rng = self.rng
        while True:
            birth = dt.date(rng.randint(1966, 2000), rng.randint(1, 12), rng.randint(1, 28))
            year = min(birth.year + rng.randint(21, 32), 2025)
            if jenis == Pegawai.Jenis.CPNS:
                year = 2024
            # NI PPPK: year + a code instead of the month (shared/domain.md §1).
            month = rng.randint(21, 23) if jenis == Pegawai.Jenis.PPPK else rng.randint(1, 12)
            nip = f"{birth:%Y%m%d}{year:04d}{month:02d}{'1' if gender == 'L' else '2'}{rng.randint(1, 999):03d}"
            if nip not in self.nips and not nip_errors(nip, jenis_pegawai=jenis):
                self.nips.add(nip)
                return nip, birth

    def nik(self, kecamatan: str, birth: dt.date, gender: str) -> str:
        while True:
            day = birth.day + (40 if gender == "P" else 0)
            nik = (
                f"{kecamatan.replace('.', '')}{day:02d}{birth:%m%y}{self.rng.randint(1, 9999):04d}"
            )
            if nik not in self.niks and not nik_errors(nik):
                self.niks.add(nik)
                return nik


def _build_tree(
    instansi: Instansi, rng: random.Random, kecamatan: list[Region], n_kecamatan: int
) -> dict[str, UnitKerja]:
    opds: dict[str, UnitKerja] = {}
    seq = 0
    for nama, jenis, subs, upts in OPD_TEMPLATES:
        seq += 1
        opd = services.unit_create(
            instansi=instansi,
            nama=nama,
            kode=f"{seq:02d}",
            jenis=jenis,
            actor=None,
            audit_entry=False,
        )
        opds[nama] = opd
        for i, (sub_nama, seksi) in enumerate(subs, start=1):
            sub = services.unit_create(
                instansi=instansi,
                nama=sub_nama,
                kode=f"{seq:02d}.{i:02d}",
                jenis=UnitKerja.Jenis.BIDANG,
                parent=opd,
                actor=None,
                audit_entry=False,
            )
            for j, s in enumerate(seksi, start=1):
                services.unit_create(
                    instansi=instansi,
                    nama=s,
                    kode=f"{seq:02d}.{i:02d}.{j:02d}",
                    jenis=UnitKerja.Jenis.SEKSI,
                    parent=sub,
                    actor=None,
                    audit_entry=False,
                )
        for k, upt in enumerate(upts, start=1):
            for n in range(1, 4):
                place = kecamatan[(k * 3 + n) % len(kecamatan)].nama if kecamatan else str(n)
                label = f"{upt} {n:03d} {place}" if upt != "Puskesmas" else f"{upt} {place}"
                services.unit_create(
                    instansi=instansi,
                    nama=label,
                    kode=f"{seq:02d}.U{k}{n:02d}",
                    jenis=UnitKerja.Jenis.UPT,
                    parent=opd,
                    actor=None,
                    audit_entry=False,
                )
    for kec in kecamatan[:n_kecamatan]:
        seq += 1
        opds[f"Kecamatan {kec.nama}"] = services.unit_create(
            instansi=instansi,
            nama=f"Kecamatan {kec.nama}",
            kode=f"{seq:02d}",
            jenis=UnitKerja.Jenis.KECAMATAN,
            actor=None,
            audit_entry=False,
        )
    return opds


def _name(rng: random.Random, gender: str) -> str:
    first = rng.choice(FIRST_M if gender == "L" else FIRST_F)
    return f"{first} {rng.choice(LAST)}"


def seed(ctx: DemoContext) -> None:
    rng, ids = ctx.rng, _Ids(ctx.rng)
    for kode, nama, jenis, region_code, count, n_kec in AGENCIES:
        region = Region.objects.get(kode=region_code)
        instansi = services.instansi_create(
            kode=kode, nama=nama, jenis=jenis, region=region, actor=None
        )
        ctx.instansi[kode] = instansi
        kec = list(
            Region.objects.filter(
                level=Region.Level.KECAMATAN, kode__startswith=f"{region_code}."
            ).order_by("kode")
        )
        if not kec:  # province: use the capital's kecamatan (Tanjungpinang) for NIK regions
            kec = list(
                Region.objects.filter(
                    level=Region.Level.KECAMATAN, kode__startswith="21.72."
                ).order_by("kode")
            )
        opds = _build_tree(instansi, rng, kec, n_kec)
        for opd_nama, unit in opds.items():
            ctx.opd[(kode, opd_nama)] = unit
        _seed_employees(instansi, opds, count, rng, ids, kec)


def _seed_employees(
    instansi: Instansi,
    opds: dict[str, UnitKerja],
    count: int,
    rng: random.Random,
    ids: _Ids,
    kec: list[Region],
) -> None:
    units_by_opd = {
        opd.pk: list(UnitKerja.objects.filter(path__startswith=opd.path).order_by("path"))
        for opd in opds.values()
    }
    heads: list[Pegawai] = []
    rows: list[Pegawai] = []
    opd_list = list(opds.values())
    # One head (JPT / camat: administrator) per OPD first, so staff can point at them.
    for opd in opd_list:
        gender = rng.choice("LP")
        head_nip, _birth = ids.nip(Pegawai.Jenis.PNS, gender)
        is_kec = opd.jenis == UnitKerja.Jenis.KECAMATAN
        heads.append(
            Pegawai(
                instansi=instansi,
                unit=opd,
                unit_path=opd.path,
                nip=head_nip,
                nama=_name(rng, gender),
                jenis_pegawai=Pegawai.Jenis.PNS,
                golongan=rng.choice(["IV/b", "IV/c", "IV/a"]),
                jabatan=("Camat " + opd.nama.removeprefix("Kecamatan "))
                if is_kec
                else f"Kepala {opd.nama}",
                tingkat_jabatan=Pegawai.Tingkat.ADMINISTRATOR if is_kec else Pegawai.Tingkat.JPT,
            )
        )
    Pegawai.objects.bulk_create(heads, batch_size=1000)
    head_by_opd = {
        h.unit_id: h for h in Pegawai.objects.filter(instansi=instansi, unit__in=opd_list)
    }
    weights = [
        (Pegawai.Jenis.PNS, 55),
        (Pegawai.Jenis.PPPK, 20),
        (Pegawai.Jenis.CPNS, 5),
        (Pegawai.Jenis.NON_ASN, 20),
    ]
    kinds, w = zip(*weights, strict=True)
    for _ in range(count - len(heads)):
        opd = rng.choice(opd_list)
        unit = rng.choice(units_by_opd[opd.pk])
        jenis = rng.choices(kinds, weights=w)[0]
        gender = rng.choice("LP")
        new_nip, birth = ids.nip(
            jenis if jenis != Pegawai.Jenis.NON_ASN else Pegawai.Jenis.PNS, gender
        )
        nip: str | None = new_nip
        nik = None
        if jenis == Pegawai.Jenis.NON_ASN:
            ids.nips.discard(new_nip)
            nip = None
            nik = ids.nik(rng.choice(kec).kode, birth, gender)
            tingkat, jabatan, gol = (
                Pegawai.Tingkat.NON_ASN,
                rng.choice(
                    [
                        "Tenaga Administrasi (PPNPN)",
                        "Pengemudi (PTT)",
                        "Petugas Kebersihan (THL)",
                        "Tenaga Honorer",
                    ]
                ),
                "",
            )
        elif unit.jenis == UnitKerja.Jenis.BIDANG and rng.random() < 0.08:
            tingkat, jabatan, gol = Pegawai.Tingkat.ADMINISTRATOR, f"Kepala {unit.nama}", "III/d"
        elif unit.jenis == UnitKerja.Jenis.SEKSI and rng.random() < 0.1:
            tingkat, jabatan, gol = Pegawai.Tingkat.PENGAWAS, f"Kepala {unit.nama}", "III/c"
        elif rng.random() < 0.45:
            tingkat = Pegawai.Tingkat.FUNGSIONAL
            jabatan = rng.choice(
                [
                    "Guru Ahli Pertama",
                    "Perawat Terampil",
                    "Analis Kebijakan Ahli Muda",
                    "Pranata Komputer Ahli Pertama",
                    "Bidan Terampil",
                    "Auditor Ahli Pertama",
                ]
            )
            gol = rng.choice(GOLONGAN_PPPK if jenis == Pegawai.Jenis.PPPK else GOLONGAN_PNS)
        else:
            tingkat = Pegawai.Tingkat.PELAKSANA
            jabatan = rng.choice(
                [
                    "Pengadministrasi Umum",
                    "Pengelola Data",
                    "Pengolah Data Kepegawaian",
                    "Bendahara",
                    "Analis Perencanaan",
                ]
            )
            gol = rng.choice(GOLONGAN_PPPK if jenis == Pegawai.Jenis.PPPK else GOLONGAN_PNS)
        if jenis != Pegawai.Jenis.NON_ASN and rng.random() < 0.25:
            nik = ids.nik(rng.choice(kec).kode, birth, gender)
        rows.append(
            Pegawai(
                instansi=instansi,
                unit=unit,
                unit_path=unit.path,
                nip=nip,
                nik=nik,
                nama=_name(rng, gender),
                jenis_pegawai=jenis,
                golongan=gol,
                jabatan=jabatan,
                tingkat_jabatan=tingkat,
                atasan=head_by_opd[opd.pk],
                telepon=f"08{rng.randint(11, 99)}{rng.randint(10000000, 99999999)}",
            )
        )
    Pegawai.objects.bulk_create(rows, batch_size=1000)
    # Declared social-media handles for about one employee in eight.
    akun = []
    handles: set[tuple[str, str]] = set()
    for p in Pegawai.objects.filter(instansi=instansi).order_by("id").only("id", "nama"):
        if rng.random() < 0.125:
            for platform in rng.sample(
                ["instagram", "facebook", "x", "tiktok"], k=rng.randint(1, 2)
            ):
                handle = services.normalise_handle(
                    f"{p.nama.replace(' ', '_')}{rng.randint(1, 999)}"
                )
                if (platform, handle) not in handles:
                    handles.add((platform, handle))
                    akun.append(AkunMedsos(pegawai_id=p.id, platform=platform, handle=handle))
    AkunMedsos.objects.bulk_create(akun, batch_size=1000)
