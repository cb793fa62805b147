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
TEMPLATE_EXAMPLES = [
    [
        "198503142010011001",
        "Budi Santoso",
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
        "Siti Aminah",
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


def template_csv() -> str:
    """The downloadable CSV template: header plus two example rows."""
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(TEMPLATE_HEADER)
    writer.writerows(TEMPLATE_EXAMPLES)
    return buf.getvalue()
