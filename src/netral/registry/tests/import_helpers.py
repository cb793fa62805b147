"""Helpers for roster-import tests: build CSV/XLSX files from rows."""

from __future__ import annotations

import csv
from pathlib import Path

from netral.registry.importing import ALL_COLUMNS
from netral.registry.tests.factories import make_nik, make_nip

HEADER = list(ALL_COLUMNS)


def row(**values: str) -> dict[str, str]:
    return values


def asn(n: int, **extra: str) -> dict[str, str]:
    """A valid PNS row (NIP from ``make_nip(n)``) in Dinas Pendidikan > Bidang SD."""
    return {
        "nip": make_nip(n),
        "nama": f"Pegawai {n}",
        "jenis_pegawai": "PNS",
        "unit_kerja": "Dinas Pendidikan > Bidang SD",
        "jabatan": "Guru Ahli Pertama",
        **extra,
    }


def non_asn(n: int, **extra: str) -> dict[str, str]:
    return {
        "nip": "",
        "nik": make_nik(n),
        "nama": f"Honorer {n}",
        "jenis_pegawai": "NON_ASN",
        "unit_kerja": "Dinas Pendidikan > Bidang SD",
        "jabatan": "Tenaga Honorer",
        **extra,
    }


def write_csv(path: Path, rows: list[dict[str, str]], header: list[str] | None = None) -> Path:
    header = header or HEADER
    with open(path, "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(header)
        for r in rows:
            writer.writerow([r.get(col, "") for col in header])
    return path


def write_xlsx(path: Path, rows: list[dict[str, str]], header: list[str] | None = None) -> Path:
    import openpyxl

    header = header or HEADER
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(header)
    for r in rows:
        ws.append([r.get(col, "") for col in header])
    wb.save(path)
    return path


def csv_bytes(rows: list[dict[str, str]], header: list[str] | None = None) -> bytes:
    import io

    header = header or HEADER
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(header)
    for r in rows:
        writer.writerow([r.get(col, "") for col in header])
    return buf.getvalue().encode()
