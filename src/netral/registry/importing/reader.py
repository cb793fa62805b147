"""Reading roster files row by row (CSV with "," or ";", XLSX in read-only mode)."""

from __future__ import annotations

import csv
import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

# --- Reading ----------------------------------------------------------------------------


def detect_format(name: str) -> str:
    return "xlsx" if name.lower().endswith(".xlsx") else "csv"


def count_data_rows(path: Path, fmt: str) -> int:
    """Rough number of data rows, for the progress bar (newlines; XLSX dimension)."""
    if fmt == "xlsx":
        import openpyxl

        wb = openpyxl.load_workbook(path, read_only=True)
        try:
            return max((wb.worksheets[0].max_row or 1) - 1, 0)
        finally:
            wb.close()
    lines = 0
    with open(path, "rb") as f:
        while chunk := f.read(1 << 20):
            lines += chunk.count(b"\n")
    return max(lines - 1, 0)


def _xlsx_rows(path: Path) -> Iterator[list[Any]]:
    import openpyxl

    wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        for row in wb.worksheets[0].iter_rows(values_only=True):
            yield list(row)
    finally:
        wb.close()


def csv_encoding(path: Path) -> str:
    """UTF-8 (with or without BOM) when the whole file decodes as such, else
    Windows-1252, the encoding of Excel's "CSV" on Indonesian Windows (issue 11 item
    11). Checked incrementally, 1 MiB at a time. A file that is neither raises
    ``UnicodeDecodeError`` when read."""
    import codecs

    decoder = codecs.getincrementaldecoder("utf-8")()
    with open(path, "rb") as f:
        try:
            while chunk := f.read(1 << 20):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            return "cp1252"
    return "utf-8-sig"


def _csv_rows(path: Path) -> Iterator[list[Any]]:
    with open(path, encoding=csv_encoding(path), newline="") as f:
        first = f.readline()
        # Excel in an Indonesian locale saves CSV with ";".
        delimiter = ";" if first.count(";") > first.count(",") else ","
        f.seek(0)
        yield from csv.reader(f, delimiter=delimiter)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return str(value).strip()


def _header_key(value: Any) -> str:
    """ "Nama Lengkap", "NAMA_LENGKAP", "nama-lengkap", "Nama lengkap:" → "nama_lengkap"."""
    return re.sub(r"[^0-9a-z]+", "_", _cell(value).lower()).strip("_")
