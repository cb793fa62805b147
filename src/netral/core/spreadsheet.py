"""Cells that are safe to open in a spreadsheet (issue 9, defect 5; OWASP "CSV injection").

Every export (CSV or XLSX) passes each cell through ``safe_cell``:

* text starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return would run as a
  formula (``=HYPERLINK(...)`` leaks data when clicked): it gets a leading apostrophe;
* control characters (other than none, since a cell is one line) are removed: openpyxl
  refuses them (``IllegalCharacterError``), so one in a campaign name broke ``rekap.xlsx``;
* numbers and booleans pass unchanged, so negative numbers stay numbers.
"""

from __future__ import annotations

import re
from typing import Any

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def safe_cell(value: Any) -> Any:
    """Numbers pass unchanged; text is made inert for spreadsheets."""
    if value is None:
        return ""
    if isinstance(value, bool | int | float):
        return value
    text = str(value)
    if text.startswith(FORMULA_START) or CONTROL.search(text):
        return "'" + CONTROL.sub("", text.replace("\t", " ").replace("\r", " "))
    return text


def safe_row(row: Any) -> list[Any]:
    return [safe_cell(v) for v in row]
