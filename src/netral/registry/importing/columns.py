"""Roster columns: the names a file may use, the per-cell syntax checks, the template."""

from __future__ import annotations

import csv
import io
import re

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from netral.registry.models import AkunMedsos, Pegawai

REQUIRED_COLUMNS = ("nip", "nama", "jenis_pegawai", "unit_kerja", "jabatan")
OPTIONAL_COLUMNS = (
    "nik",
    "golongan",
    "tingkat_jabatan",
    "nip_atasan",
    "email",
    "telepon",
    "akun_medsos",
)
ALL_COLUMNS = REQUIRED_COLUMNS + OPTIONAL_COLUMNS
# Header names as offices really write them (issue 11 item 11): any case, spaces or
# punctuation (normalised by ``reader._header_key``), common synonyms and the column
# names of a SIASN (BKN) employee export. Anything else is ignored with a warning.
COLUMN_SYNONYMS: dict[str, str] = {
    **{c: c for c in ALL_COLUMNS},
    # nip
    "nip_baru": "nip",
    "nip_18": "nip",
    "no_nip": "nip",
    "nomor_nip": "nip",
    "nomor_induk_pegawai": "nip",
    "ni_pppk": "nip",
    "nip_ni_pppk": "nip",
    # nama
    "nama_lengkap": "nama",
    "nama_pegawai": "nama",
    "nama_asn": "nama",
    "nama_gelar": "nama",
    # jenis_pegawai
    "jenis": "jenis_pegawai",
    "jenis_asn": "jenis_pegawai",
    "status_pegawai": "jenis_pegawai",
    "status_kepegawaian": "jenis_pegawai",
    "jenis_pegawai_nama": "jenis_pegawai",
    # unit_kerja
    "unit": "unit_kerja",
    "unit_organisasi": "unit_kerja",
    "unor": "unit_kerja",
    "unor_nama": "unit_kerja",
    "nama_unor": "unit_kerja",
    "satuan_kerja": "unit_kerja",
    "unit_kerja_nama": "unit_kerja",
    "opd": "unit_kerja",
    # jabatan
    "nama_jabatan": "jabatan",
    "jabatan_nama": "jabatan",
    # nik
    "nomor_induk_kependudukan": "nik",
    "no_ktp": "nik",
    "nik_ktp": "nik",
    # golongan
    "gol": "golongan",
    "gol_ruang": "golongan",
    "golongan_ruang": "golongan",
    "gol_akhir_nama": "golongan",
    "golongan_akhir": "golongan",
    # nip_atasan
    "nip_atasan_langsung": "nip_atasan",
    "atasan_nip": "nip_atasan",
    # email
    "e_mail": "email",
    "alamat_email": "email",
    "surel": "email",
    # telepon
    "no_hp": "telepon",
    "nomor_hp": "telepon",
    "hp": "telepon",
    "no_telepon": "telepon",
    "nomor_telepon": "telepon",
    "no_wa": "telepon",
    "whatsapp": "telepon",
    # akun_medsos
    "media_sosial": "akun_medsos",
}
# A header row is the first of the first rows naming at least this many known columns;
# rows above it (a title, the office's name, a date) are skipped.
HEADER_MIN_KNOWN = 3
HEADER_SEARCH_ROWS = 15
MAX_LISTED_ERRORS = 1000
PREVIEW_ROWS = 20
_BATCH = 5000
_NULL = "\\N"  # NULL in PostgreSQL COPY text format
# PostgreSQL bulk mode: when an import adds at least this many employees and at least as
# many as the table already holds (a first load), the non-unique indexes of the employee
# table are dropped before the insert and rebuilt after it, in the same transaction.
# Rebuilding by sort is ~3x faster than a million random index inserts, but the table
# cannot be read until the import commits (ACCESS EXCLUSIVE). Uniqueness and foreign
# keys stay in force throughout.
BULK_MIN_NEW_ROWS = 50_000
JOB_KIND = "registry.import"

# Plain str values (not the enum members): they go into COPY lines a million times.
_JENIS = {j.value: j.value for j in Pegawai.Jenis} | {"NONASN": Pegawai.Jenis.NON_ASN.value}
_TINGKAT = {t.value: t.value for t in Pegawai.Tingkat}
_PLATFORMS = frozenset(p.value for p in AkunMedsos.Platform)
_HANDLE_RE = re.compile(r"^[a-z0-9._-]{1,100}$")
_PHONE_RE = re.compile(r"^[0-9+()\- ]{3,30}$")
# A unit value without spaces that contains a digit is meant as a code ("01.02").
_CODE_RE = re.compile(r"^(?=.*\d)[A-Za-z0-9][A-Za-z0-9._/-]*$")
# Common e-mail shapes, all valid for Django's EmailValidator; anything else is checked
# by the validator itself (13 µs a call: too slow for every row of a million).
_EMAIL_FAST_RE = re.compile(
    r"^[a-z0-9_%+-]+(?:\.[a-z0-9_%+-]+)*@(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$",
    re.IGNORECASE,
)


def _email_ok(value: str) -> bool:
    try:
        validate_email(value)
    except ValidationError:
        return False
    return True


def _copy_escape(value: str) -> str:
    return (
        value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
    )


TEMPLATE_HEADER = list(ALL_COLUMNS)
# The template's example rows are refused as they are (issue 11 item 11): their names
# start with CONTOH, so a template uploaded unchanged never creates "Budi".
EXAMPLE_PREFIX = "CONTOH"
TEMPLATE_EXAMPLES = [
    [
        "198503142010011001",
        "CONTOH Budi Santoso (hapus baris ini)",
        "PNS",
        "Dinas Pendidikan > Bidang SD",
        "Kepala Bidang SD",
        "",
        "III/d",
        "ADMINISTRATOR",
        "",
        "budi@example.go.id",
        "081234567890",
        "instagram:budi88;x:budi_s",
    ],
    [
        "",
        "CONTOH Siti Aminah (hapus baris ini)",
        "NON_ASN",
        "Dinas Pendidikan > Bidang SD",
        "Tenaga Administrasi (PPNPN)",
        "2102015708900001",
        "",
        "NON_ASN",
        "198503142010011001",
        "",
        "",
        "",
    ],
]


# Golongan (issue 11 item 11). PNS and CPNS: *golongan ruang* I/a–IV/e (PP 11/2017 as
# amended by PP 17/2020; pay scale in PP 15/2019). PPPK: golongan I–XVII (Perpres 98/2020).
_ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII"]
_ROMAN += ["XIV", "XV", "XVI", "XVII"]
PNS_GOLONGAN = frozenset(
    f"{g}/{r}"
    for g, letters in (("I", "abcd"), ("II", "abcd"), ("III", "abcd"), ("IV", "abcde"))
    for r in letters
)
PPPK_GOLONGAN = frozenset(_ROMAN)
_GOL_RE = re.compile(r"^([IVX]+|[1-4])\s*[/\-. ]?\s*([A-Ea-e])$")


def normalise_golongan(value: str, jenis: str | None) -> tuple[str, str | None]:
    """(value as stored, error or None). "III d", "3/d", "iii-D" become "III/d"; PPPK
    "9" or "ix" becomes "IX"; "-" means none."""
    from django.utils.translation import gettext as _

    value = value.strip()
    if value in ("", "-", "–"):
        return "", None
    if jenis == "NON_ASN":
        return "", _("Pegawai non-ASN tidak memiliki golongan; kosongkan kolom ini.")
    if jenis == "PPPK":
        upper = value.upper().removeprefix("GOL.").removeprefix("GOL").strip()
        if upper.isdigit() and 1 <= int(upper) <= 17:
            upper = _ROMAN[int(upper) - 1]
        if upper in PPPK_GOLONGAN:
            return upper, None
        return value, _("Golongan PPPK harus I sampai XVII (Perpres 98/2020).")
    match = _GOL_RE.match(value.upper())
    if match:
        group, letter = match.groups()
        if group.isdigit():
            group = ["I", "II", "III", "IV"][int(group) - 1]
        candidate = f"{group}/{letter.lower()}"
        if candidate in PNS_GOLONGAN:
            return candidate, None
    return value, _(
        "Golongan PNS harus I/a sampai IV/e, misalnya III/d (PP 11/2017 jo. PP 17/2020)."
    )


def template_csv() -> str:
    """The downloadable CSV template: header plus two example rows."""
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(TEMPLATE_HEADER)
    writer.writerows(TEMPLATE_EXAMPLES)
    return buf.getvalue()
