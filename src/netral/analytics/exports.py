"""CSV and XLSX exports of dashboard tables (what the user sees, filters and scope
included). Text that a spreadsheet would run as a formula is neutralised (OWASP
"CSV injection"): a cell starting with = + - @, a tab or a carriage return, or holding
any other control character, gets a leading apostrophe and loses control characters."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from typing import Any

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def safe_cell(value: Any) -> Any:
    """Numbers pass unchanged; text is made inert for spreadsheets."""
    if value is None:
        return ""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        text = str(value)
        if text.startswith(FORMULA_START) or CONTROL.search(text):
            return "'" + CONTROL.sub("", text.replace("\t", " ").replace("\r", " "))
        return text
    return value


def csv_bytes(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow([safe_cell(h) for h in header])
    for row in rows:
        writer.writerow([safe_cell(v) for v in row])
    # BOM so spreadsheet programs read the UTF-8 names correctly.
    return ("\ufeff" + buf.getvalue()).encode("utf-8")


def xlsx_bytes(sheets: Sequence[tuple[str, Sequence[str], Iterable[Sequence[Any]]]]) -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    for title, header, rows in sheets:
        ws = wb.create_sheet(re.sub(r"[\[\]:*?/\\]", " ", title)[:31])
        ws.append([safe_cell(h) for h in header])
        for row in rows:
            ws.append([safe_cell(v) for v in row])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
