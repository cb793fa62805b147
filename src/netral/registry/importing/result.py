"""What one import run reports (``ImportJob.result`` stores ``ImportResult.as_json()``)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypedDict


class RowError(TypedDict):
    row: int
    column: str
    reason: str


class ImportCounts(TypedDict):
    rows: int
    created: int
    updated: int
    unchanged: int
    units_created: int


@dataclass
class ImportResult:
    """Outcome of one run; ``as_json`` is what ``ImportJob.result`` stores."""

    ok: bool = False
    applied: bool = False
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    units_created: int = 0
    errors: list[RowError] = field(default_factory=list)
    error_total: int = 0
    bad_rows: int = 0
    preview: list[dict[str, str]] = field(default_factory=list)
    # Ignored columns, skipped title rows (issue 11 item 11).
    warnings: list[str] = field(default_factory=list)
    # Units the import would create, with a close existing name when there is one.
    units_new: list[dict[str, str]] = field(default_factory=list)
    # Set when the run was refused because it would create units nobody confirmed
    # (``roster_import(units_expected=...)``): how many it would have created.
    units_unconfirmed: int = 0

    @property
    def truncated(self) -> bool:
        return self.error_total > len(self.errors)

    def counts(self) -> ImportCounts:
        return {
            "rows": self.rows,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "units_created": self.units_created,
        }

    def as_json(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "applied": self.applied,
            **self.counts(),
            "errors": self.errors,
            "error_total": self.error_total,
            "bad_rows": self.bad_rows,
            "preview": self.preview,
            "warnings": self.warnings,
            "units_new": self.units_new,
        }


class ImportRejected(Exception):
    """Raised inside the transaction to roll it back when the file has errors."""


ProgressFn = Callable[[str, int, int], None]
