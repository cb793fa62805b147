"""CSV and XLSX exports of dashboard tables (what the user sees, filters and scope
included). Text that a spreadsheet would run as a formula is neutralised (OWASP
"CSV injection") by ``netral.core.spreadsheet.safe_cell``."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from typing import Any

from netral.core.spreadsheet import safe_cell  # the one helper for every export


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
    if not wb.worksheets:
        # No table for this user's scope: one sheet that says so (an empty workbook
        # cannot be saved, which was a 500; found by the bad-input walk, issue 9).
        wb.create_sheet("Data").append([safe_cell("Tidak ada data dalam lingkup Anda.")])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
