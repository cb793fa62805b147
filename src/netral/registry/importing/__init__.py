"""Employee roster import from CSV/XLSX (issue #2 item 3; shared/domain.md §1).

Modules: ``reader`` (files → rows), ``columns`` (names, per-cell checks, template),
``units`` (unit resolution), ``staging`` (temporary tables), ``apply`` (the run: row
pass, SQL checks, write), ``result`` (the report), ``jobs`` (browser-flow helpers).

One entry point, ``roster_import(...)``, used by the browser flow (through the
``ImportJob`` services ``registry.services.import_job_*``, the states in
``registry.workflow`` and ``registry.tasks``) and by
``manage.py import_employees``. The import is **all or nothing**: it runs in one
transaction and rolls back on any bad row, on ``dry_run`` and on a crash.

How it stays fast and small on a million rows:

1. *Streaming row pass (Python).* The file is read row by row (``csv.reader`` or
   openpyxl read-only mode). Each row is checked on its own (required columns, types,
   NIP/NIK via ``registry.validators``, e-mail, social-media syntax, duplicates in the
   file through sets of integers) and its unit is resolved; units named by path are
   created on first sight (inside the transaction, so a rejected file leaves none).
   Normalised rows stream into a temporary staging table: PostgreSQL ``COPY``,
   SQLite ``executemany`` in batches. Only error reports (capped) and the preview stay
   in memory.
2. *Set-based checks (SQL).* Everything that needs the database (NIP of another
   agency, NIK or social-media handle owned by someone else, superior's NIP known in
   the file or the agency, employees outside an OPD admin's subtree) is one query per
   rule against the staging table.
3. *Set-based write (SQL).* New employees get ids ``base + row number`` from a range
   reserved under a table lock, so superiors that are new in the same file resolve in
   one ``INSERT ... SELECT``; changed employees are rewritten with one
   ``UPDATE ... FROM``; unchanged rows are not touched. One audit entry per import.
   A first load on PostgreSQL (``BULK_MIN_NEW_ROWS``) rebuilds the employee table's
   non-unique indexes by sort instead of a million random inserts.

Quirks and deliberate limitations:

* A column missing from the header leaves that field of existing employees as it is;
  a present column with an empty cell clears it (the file is the truth).
* A social-media handle that another employee in the database owns is rejected even if
  that employee's own row in the same file drops it (move it in two imports).
* On PostgreSQL the apply step takes ``SHARE ROW EXCLUSIVE`` locks on the employee and
  social-media tables: other writes to them wait until the import commits.
* Progress is written through a second connection on PostgreSQL; SQLite holds one
  write lock, so there progress only shows at phase boundaries.
"""

from netral.registry.importing.apply import IMPORT_APPLIED, roster_import
from netral.registry.importing.columns import (
    ALL_COLUMNS,
    BULK_MIN_NEW_ROWS,
    JOB_KIND,
    MAX_LISTED_ERRORS,
    OPTIONAL_COLUMNS,
    REQUIRED_COLUMNS,
    template_csv,
)
from netral.registry.importing.jobs import ImportAlreadyClaimed, import_dir
from netral.registry.importing.reader import count_data_rows, detect_format
from netral.registry.importing.result import ImportRejected, ImportResult

__all__ = [
    "ALL_COLUMNS",
    "BULK_MIN_NEW_ROWS",
    "IMPORT_APPLIED",
    "JOB_KIND",
    "MAX_LISTED_ERRORS",
    "OPTIONAL_COLUMNS",
    "REQUIRED_COLUMNS",
    "ImportAlreadyClaimed",
    "ImportRejected",
    "ImportResult",
    "count_data_rows",
    "detect_format",
    "import_dir",
    "roster_import",
    "template_csv",
]
