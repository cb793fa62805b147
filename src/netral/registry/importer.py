"""Employee roster import from CSV/XLSX (issue #2 item 3; shared/domain.md §1).

One entry point, ``roster_import(...)``, used by the browser flow (through the
``ImportJob`` services below and ``registry.tasks``) and by
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

from __future__ import annotations

import csv
import datetime as dt
import io
import logging
import re
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypedDict

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import connection, connections, models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from netral.accounts import authz
from netral.accounts.roles import Perm
from netral.core import audit
from netral.core.models import JobProgress
from netral.registry import services
from netral.registry.models import AkunMedsos, ImportJob, Instansi, Pegawai, UnitKerja
from netral.registry.validators import nik_errors, nip_errors

log = logging.getLogger(__name__)

IMPORT_APPLIED = audit.register("registry.import.applied", gettext_lazy("Daftar pegawai diimpor"))

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
        }


class ImportRejected(Exception):
    """Raised inside the transaction to roll it back when the file has errors."""


ProgressFn = Callable[[str, int, int], None]


# --- Scope (who may import where) -----------------------------------------------------


@dataclass
class ImportScope:
    """Where ``actor`` may import: the whole agency, or only under some unit paths."""

    whole_agency: bool
    unit_paths: tuple[str, ...] = ()

    def allows(self, unit_path: str) -> bool:
        return self.whole_agency or any(unit_path.startswith(p) for p in self.unit_paths)


def import_scope(*, actor: Any, instansi: Instansi) -> ImportScope:
    """Scope of ``actor`` for importing into ``instansi`` (``actor=None``: the operator
    running the management command, unrestricted). Raises ``PermissionDenied`` when the
    user may not import into this agency at all. Built on ``accounts.authz`` only."""
    if actor is None:
        return ImportScope(whole_agency=True)
    if not authz.has_perm(actor, Perm.REGISTRY_IMPORT):
        raise PermissionDenied(_("Anda tidak berwenang mengimpor daftar pegawai."))
    whole = (
        Instansi.objects.filter(authz.scope_q(actor, Perm.REGISTRY_IMPORT, instansi="id"))
        .filter(pk=instansi.pk)
        .exists()
    )
    if whole:
        return ImportScope(whole_agency=True)
    paths = tuple(
        UnitKerja.objects.filter(authz.unit_scope_q(actor, Perm.REGISTRY_IMPORT))
        .filter(instansi=instansi)
        .values_list("path", flat=True)
    )
    if not paths:
        raise PermissionDenied(_("Anda tidak berwenang mengimpor ke instansi ini."))
    # The query returns every unit of the subtree; only the tops are needed as prefixes.
    tops: list[str] = []
    for path in sorted(paths):
        if not tops or not path.startswith(tops[-1]):
            tops.append(path)
    return ImportScope(whole_agency=False, unit_paths=tuple(tops))


def importable_instansi(*, user: Any) -> models.QuerySet[Instansi]:
    """Agencies ``user`` may import into (the choice offered by the upload form)."""
    if not authz.has_perm(user, Perm.REGISTRY_IMPORT):
        return Instansi.objects.none()
    return Instansi.objects.filter(authz.instansi_scope_q(user, Perm.REGISTRY_IMPORT))


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


def _csv_rows(path: Path) -> Iterator[list[Any]]:
    with open(path, encoding="utf-8-sig", newline="") as f:
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
    return re.sub(r"[\s\-]+", "_", _cell(value).lower())


# --- Units ------------------------------------------------------------------------------


def _norm_segment(text: str) -> str:
    return " ".join(text.split())


class _UnitResolver:
    """Resolves a ``unit_kerja`` cell (code or ``A > B`` path) to (id, path, full name),
    creating missing path segments (top level as OPD) within the actor's scope."""

    def __init__(
        self,
        *,
        instansi: Instansi,
        scope: ImportScope,
        actor: Any,
        before_write: Callable[[], None],
    ) -> None:
        self.instansi, self.scope, self.actor = instansi, scope, actor
        self.before_write = before_write
        self.by_code: dict[str, UnitKerja] = {}
        self.by_name: dict[str, UnitKerja] = {}
        for unit in UnitKerja.objects.filter(instansi=instansi).only(
            "id", "kode", "nama", "full_name", "path", "depth", "instansi_id"
        ):
            self._remember(unit)
        self.cache: dict[str, tuple[int, str, str] | str] = {}
        self.created = 0
        self._seq = len(self.by_code)

    def _remember(self, unit: UnitKerja) -> None:
        self.by_code[unit.kode] = unit
        self.by_name[unit.full_name.casefold()] = unit

    def resolve(self, value: str) -> tuple[int, str, str] | str:
        """(id, path, full name) or an error reason."""
        hit = self.cache.get(value)
        if hit is None:
            hit = self.cache[value] = self._resolve(value)
        return hit

    def _ok(self, unit: UnitKerja) -> tuple[int, str, str] | str:
        if not self.scope.allows(unit.path):
            return _("Unit kerja ini di luar kewenangan Anda.")
        return (unit.pk, unit.path, unit.full_name)

    def _resolve(self, value: str) -> tuple[int, str, str] | str:
        if value in self.by_code:
            return self._ok(self.by_code[value])
        if ">" not in value:
            if (unit := self.by_name.get(_norm_segment(value).casefold())) is not None:
                return self._ok(unit)
            if _CODE_RE.match(value):
                return _("Kode unit kerja tidak dikenal di instansi ini.")
        segments = [_norm_segment(s) for s in value.split(">")]
        if any(not s for s in segments):
            return _("Jalur unit kerja memuat bagian kosong; tulis seperti 'Dinas A > Bidang B'.")
        if any(len(s) > 200 for s in segments):
            return _("Nama unit kerja paling panjang 200 karakter.")
        parent: UnitKerja | None = None
        for depth, segment in enumerate(segments):
            key = services.PATH_SEP.join(segments[: depth + 1]).casefold()
            unit = self.by_name.get(key)
            if unit is None:
                if not (self.scope.whole_agency or (parent and self.scope.allows(parent.path))):
                    return _("Unit kerja ini di luar kewenangan Anda.")
                unit = self._create(segment, parent)
                if isinstance(unit, str):
                    return unit
            parent = unit
        assert parent is not None
        return self._ok(parent)

    def _create(self, nama: str, parent: UnitKerja | None) -> UnitKerja | str:
        self.before_write()
        while True:
            self._seq += 1
            kode = f"IMP{self._seq:05d}"
            if kode not in self.by_code:
                break
        try:
            unit = services.unit_create(
                instansi=self.instansi,
                nama=nama,
                kode=kode,
                jenis=UnitKerja.Jenis.OPD if parent is None else UnitKerja.Jenis.LAINNYA,
                parent=parent,
                actor=self.actor,
                audit_entry=False,
            )
        except ValidationError as exc:
            return " ".join(exc.messages)
        self.created += 1
        self._remember(unit)
        return unit


# --- Staging ----------------------------------------------------------------------------

_STAGE_COLUMNS = (
    "rn",
    "bad",
    "nip",
    "nik",
    "nama",
    "jenis",
    "golongan",
    "jabatan",
    "tingkat",
    "unit_id",
    "unit_path",
    "email",
    "telepon",
    "atasan_nip",
)
RAW = "netral_import_raw"  # rows as streamed from the file
STAGE = "netral_import_stage"  # RAW plus the id of the matching existing employee
STAGE_M = "netral_import_medsos"
CHANGED = "netral_import_changed"  # row numbers of existing employees that change
_TEMP_TABLES = (RAW, STAGE, STAGE_M, CHANGED)


class _Stage:
    """Temporary staging tables, filled by COPY (PostgreSQL) or executemany (SQLite).

    A COPY holds the connection, so ``pause()`` ends it before any other query (unit
    creation); the next ``add`` starts a new one.
    """

    def __init__(self, cursor: Any) -> None:
        self.cursor = cursor
        self.pg = connection.vendor == "postgresql"
        self.rows: list[tuple[Any, ...]] = []
        self.lines: list[str] = []
        self._copy_cm: Any = None
        self._copy: Any = None
        self.medsos = tempfile.TemporaryFile(mode="w+", encoding="utf-8")  # noqa: SIM115
        self.medsos_count = 0
        for table in _TEMP_TABLES:
            cursor.execute(f"DROP TABLE IF EXISTS {table}")
        cursor.execute(
            f"CREATE TEMPORARY TABLE {RAW} (rn bigint NOT NULL, bad smallint NOT NULL, "
            "nip varchar(18), nik varchar(16), nama varchar(200), jenis varchar(8), "
            "golongan varchar(10), jabatan varchar(200), tingkat varchar(14), "
            "unit_id bigint, unit_path varchar(255), email varchar(254), "
            "telepon varchar(30), atasan_nip varchar(18))"
        )
        cursor.execute(
            f"CREATE TEMPORARY TABLE {STAGE_M} (rn bigint NOT NULL, "
            "platform varchar(12) NOT NULL, handle varchar(100) NOT NULL)"
        )

    def add(self, row: tuple[Any, ...]) -> None:
        if self.pg:
            fields = ["\\N" if v is None else str(v) for v in row]
            line = "\t".join(fields)
            # Fast path: no tab, newline or backslash inside a value (only the \N marks).
            if (
                line.count("\t") != len(fields) - 1
                or line.count("\\") != row.count(None)
                or "\n" in line
                or "\r" in line
            ):
                line = "\t".join(_NULL if v is None else _copy_escape(str(v)) for v in row)
            self.lines.append(line + "\n")
            if len(self.lines) >= _BATCH:
                self._flush()
        else:
            self.rows.append(row)
            if len(self.rows) >= _BATCH:
                self._flush()

    def add_valid(
        self,
        rn: int,
        nip: str,
        nik: str,
        nama: str,
        jenis: str,
        golongan: str,
        jabatan: str,
        tingkat: str,
        unit_id: int,
        unit_path: str,
        email: str,
        telepon: str,
        atasan: str,
    ) -> None:
        """A valid row. PostgreSQL: one f-string per COPY line (the hot path of a
        million-row file); identifiers, codes and unit paths need no escaping."""
        text = f"{nama}\t{golongan}\t{jabatan}\t{email}\t{telepon}"
        if not self.pg or text.count("\t") != 4 or "\\" in text or "\n" in text or "\r" in text:
            self.add(
                (rn, 0, nip or None, nik or None, nama, jenis, golongan, jabatan, tingkat)
                + (unit_id, unit_path, email, telepon, atasan or None)
            )
            return
        self.lines.append(
            f"{rn}\t0\t{nip or _NULL}\t{nik or _NULL}\t{nama}\t{jenis}\t{golongan}\t"
            f"{jabatan}\t{tingkat}\t{unit_id}\t{unit_path}\t{email}\t{telepon}\t"
            f"{atasan or _NULL}\n"
        )
        if len(self.lines) >= _BATCH:
            self._flush()

    def add_medsos(self, rn: int, platform: str, handle: str) -> None:
        # Spooled to disk: a million rows of accounts must not sit in memory.
        self.medsos.write(f"{rn}\t{platform}\t{handle}\n")
        self.medsos_count += 1

    def _flush(self) -> None:
        if self.pg:
            if self.lines:
                if self._copy is None:
                    cols = ", ".join(_STAGE_COLUMNS)
                    self._copy_cm = self.cursor.copy(f"COPY {RAW} ({cols}) FROM STDIN")
                    self._copy = self._copy_cm.__enter__()
                self._copy.write("".join(self.lines))
                self.lines.clear()
        elif self.rows:
            marks = ", ".join(["%s"] * len(_STAGE_COLUMNS))
            self.cursor.executemany(
                f"INSERT INTO {RAW} ({', '.join(_STAGE_COLUMNS)}) VALUES ({marks})", self.rows
            )
            self.rows.clear()

    def pause(self) -> None:
        """Finish the running COPY so the connection can run other statements."""
        self._flush()
        if self._copy_cm is not None:
            self._copy_cm.__exit__(None, None, None)
            self._copy_cm = self._copy = None

    def abort(self) -> None:
        if self._copy_cm is not None:
            try:
                self._copy_cm.__exit__(ImportRejected, ImportRejected(), None)
            except Exception:  # noqa: S110 (the transaction is being rolled back anyway)
                pass
            self._copy_cm = self._copy = None
        self.medsos.close()

    def finish(self) -> None:
        self.pause()
        self.medsos.seek(0)
        if self.pg:
            with self.cursor.copy(f"COPY {STAGE_M} (rn, platform, handle) FROM STDIN") as copy:
                while chunk := self.medsos.read(1 << 20):
                    copy.write(chunk)
        else:
            batch: list[list[str]] = []
            for line in self.medsos:
                batch.append(line.rstrip("\n").split("\t"))
                if len(batch) >= _BATCH:
                    self._insert_medsos(batch)
            self._insert_medsos(batch)
        self.medsos.close()
        c = self.cursor
        # Match file rows to existing employees in one pass (CREATE AS, not UPDATE: no
        # dead rows, no index upkeep): by NIP, else by NIK when the existing record has
        # no NIP (non-ASN, also one who has since become PPPK).
        c.execute(
            f"CREATE TEMPORARY TABLE {STAGE} AS SELECT r.*, COALESCE(p1.id, p2.id) AS pid "
            f"FROM {RAW} r LEFT JOIN registry_pegawai p1 ON r.bad = 0 AND p1.nip = r.nip "
            "LEFT JOIN registry_pegawai p2 ON r.bad = 0 AND p1.id IS NULL "
            "AND p2.nik = r.nik AND p2.nip IS NULL"
        )
        c.execute(f"DROP TABLE {RAW}")
        c.execute(f"CREATE INDEX {STAGE}_rn ON {STAGE} (rn)")
        c.execute(f"CREATE INDEX {STAGE}_nip ON {STAGE} (nip)")
        c.execute(f"CREATE INDEX {STAGE_M}_rn ON {STAGE_M} (rn)")
        c.execute(f"ANALYZE {STAGE}")
        c.execute(f"ANALYZE {STAGE_M}")

    def _insert_medsos(self, batch: list[list[str]]) -> None:
        if batch:
            self.cursor.executemany(
                f"INSERT INTO {STAGE_M} (rn, platform, handle) VALUES (%s, %s, %s)", batch
            )
            batch.clear()

    def drop(self) -> None:
        for table in _TEMP_TABLES:
            self.cursor.execute(f"DROP TABLE IF EXISTS {table}")


# --- The import -------------------------------------------------------------------------


class _Run:
    """One import run: the streaming row pass, SQL checks, and (when applying) the write."""

    def __init__(
        self,
        *,
        path: Path,
        fmt: str,
        instansi: Instansi,
        actor: Any,
        apply: bool,
        progress: ProgressFn | None,
    ) -> None:
        self.path, self.fmt, self.instansi, self.actor = path, fmt, instansi, actor
        self.apply = apply
        self.progress = progress or (lambda phase, done, total: None)
        self.result = ImportResult()
        self.source = path.name
        self.bulk: bool | None = None
        self.scope = import_scope(actor=actor, instansi=instansi)
        self.columns: dict[str, int] = {}
        self.today = timezone.localdate()

    # Errors --------------------------------------------------------------------------

    def error(self, row: int, column: str, reason: str) -> None:
        self.result.error_total += 1
        if len(self.result.errors) < MAX_LISTED_ERRORS:
            self.result.errors.append({"row": row, "column": column, "reason": str(reason)})

    # Header --------------------------------------------------------------------------

    def read_header(self, header: list[Any]) -> bool:
        seen: dict[str, int] = {}
        for pos, raw in enumerate(header):
            key = _header_key(raw)
            if not key:
                continue
            if key not in ALL_COLUMNS:
                self.error(1, _cell(raw), _("Kolom tidak dikenal."))
            elif key in seen:
                self.error(1, key, _("Kolom muncul lebih dari sekali."))
            else:
                seen[key] = pos
        for key in REQUIRED_COLUMNS:
            if key not in seen:
                self.error(1, key, _("Kolom wajib tidak ada."))
        self.columns = seen
        return self.result.error_total == 0

    # Row pass ------------------------------------------------------------------------

    def row_pass(self, cursor: Any) -> None:
        rows = _xlsx_rows(self.path) if self.fmt == "xlsx" else _csv_rows(self.path)
        total = count_data_rows(self.path, self.fmt)
        try:
            header = next(rows, None)
            if header is None:
                self.error(1, "", _("Berkas kosong."))
                return
            if not self.read_header(header):
                return
            stage = _Stage(cursor)
            self.stage = stage
            try:
                self._rows(rows, stage, total)
            except BaseException:
                stage.abort()
                raise
            stage.finish()
        except UnicodeDecodeError:
            self.__dict__.pop("stage", None)
            self.error(1, "", _("Berkas CSV harus disimpan dengan pengodean UTF-8."))
        except csv.Error as exc:
            self.__dict__.pop("stage", None)
            self.error(1, "", _("Berkas CSV rusak: %(detail)s.") % {"detail": exc})
        finally:
            close = getattr(rows, "close", None)
            if close:
                close()

    def _rows(self, rows: Iterator[list[Any]], stage: _Stage, total: int) -> None:  # noqa: C901
        col = self.columns
        width = max(col.values()) + 1
        i_nip, i_nama, i_jenis = col["nip"], col["nama"], col["jenis_pegawai"]
        i_unit, i_jab = col["unit_kerja"], col["jabatan"]
        i_nik = col.get("nik")
        i_gol = col.get("golongan")
        i_ting = col.get("tingkat_jabatan")
        i_atas = col.get("nip_atasan")
        i_mail = col.get("email")
        i_tel = col.get("telepon")
        i_med = col.get("akun_medsos")
        units = _UnitResolver(
            instansi=self.instansi, scope=self.scope, actor=self.actor, before_write=stage.pause
        )
        self.units = units
        seen_nip: set[int] = set()
        seen_nik: set[int] = set()
        seen_handles: set[tuple[str, str]] = set()
        today, non_asn, add, error = self.today, Pegawai.Jenis.NON_ASN.value, stage.add, self.error
        add_valid = stage.add_valid
        preview = self.result.preview
        xlsx = self.fmt == "xlsx"
        email_fast = _EMAIL_FAST_RE.match
        n = 0
        bad_rows = 0
        progress, last = self.progress, 0.0
        for rn, raw in enumerate(rows, start=2):
            if xlsx:
                float_ids = [
                    name
                    for name, i in (("nip", i_nip), ("nik", i_nik), ("nip_atasan", i_atas))
                    if i is not None and i < len(raw) and isinstance(raw[i], float)
                ]
                row = [_cell(v) for v in raw]
            else:
                float_ids = []
                row = [v.strip() for v in raw]
            if len(row) < width:
                row.extend([""] * (width - len(row)))
            if not any(row):
                continue  # blank line: skipped, numbering kept
            n += 1
            errors_before = self.result.error_total
            for name in float_ids:
                error(rn, name, _("Tulis nomor ini sebagai teks: Excel membulatkan angka panjang."))
            nip, nama, jabatan, unit_value = row[i_nip], row[i_nama], row[i_jab], row[i_unit]
            jenis_raw = row[i_jenis]
            nik = row[i_nik] if i_nik is not None else ""
            jenis = _JENIS.get(jenis_raw) or _JENIS.get(
                jenis_raw.upper().replace("-", "_").replace(" ", "_")
            )
            if jenis is None:
                error(
                    rn,
                    "jenis_pegawai",
                    _("Jenis pegawai harus salah satu dari PNS, CPNS, PPPK atau NON_ASN.")
                    if jenis_raw
                    else _("Jenis pegawai wajib diisi."),
                )
            nip_key = None
            if nip:
                if jenis == non_asn:
                    error(
                        rn,
                        "nip",
                        _("Pegawai non-ASN tidak memiliki NIP; kosongkan NIP dan isi NIK."),
                    )
                elif reasons := nip_errors(nip, jenis_pegawai=jenis, today=today):
                    for reason in reasons:
                        error(rn, "nip", reason)
                if len(nip) == 18 and nip.isdigit():
                    nip_key = int(nip)
                    if nip_key in seen_nip:
                        error(rn, "nip", _("NIP ini muncul lebih dari sekali dalam berkas."))
                        nip_key = None
                    else:
                        seen_nip.add(nip_key)
            elif jenis is not None and jenis != non_asn:
                error(rn, "nip", _("NIP wajib diisi untuk pegawai ASN (PNS, CPNS, PPPK)."))
            nik_key = None
            if nik:
                if reasons := nik_errors(nik):
                    for reason in reasons:
                        error(rn, "nik", reason)
                else:
                    nik_key = int(nik)
                    if nik_key in seen_nik:
                        error(rn, "nik", _("NIK ini muncul lebih dari sekali dalam berkas."))
                        nik_key = None
                    else:
                        seen_nik.add(nik_key)
            elif jenis == non_asn:
                error(rn, "nik", _("NIK wajib diisi untuk pegawai non-ASN."))
            if not nama:
                error(rn, "nama", _("Nama wajib diisi."))
            elif len(nama) > 200:
                error(rn, "nama", _("Nama paling panjang 200 karakter."))
            if not jabatan:
                error(rn, "jabatan", _("Jabatan wajib diisi."))
            elif len(jabatan) > 200:
                error(rn, "jabatan", _("Jabatan paling panjang 200 karakter."))
            unit: tuple[int, str, str] | str | None = None
            if not unit_value:
                error(rn, "unit_kerja", _("Unit kerja wajib diisi."))
            else:
                unit = units.resolve(unit_value)
                if isinstance(unit, str):
                    error(rn, "unit_kerja", unit)
                    unit = None
            golongan = row[i_gol] if i_gol is not None else ""
            if len(golongan) > 10:
                error(rn, "golongan", _("Golongan paling panjang 10 karakter."))
            tingkat = row[i_ting] if i_ting is not None else ""
            if tingkat and tingkat not in _TINGKAT:
                tingkat = tingkat.upper().replace(" ", "_")
            if tingkat and tingkat not in _TINGKAT:
                error(
                    rn,
                    "tingkat_jabatan",
                    _("Tingkat jabatan tidak dikenal; pilih salah satu dari %(values)s.")
                    % {"values": ", ".join(_TINGKAT)},
                )
            elif not tingkat and jenis == non_asn:
                tingkat = _TINGKAT["NON_ASN"]
            atasan = row[i_atas] if i_atas is not None else ""
            if atasan:
                if len(atasan) != 18 or not atasan.isdigit():
                    error(rn, "nip_atasan", _("NIP atasan harus 18 digit angka."))
                    atasan = ""
                elif atasan == nip:
                    error(
                        rn, "nip_atasan", _("Pegawai tidak boleh menjadi atasan dirinya sendiri.")
                    )
                    atasan = ""
            email = row[i_mail] if i_mail is not None else ""
            if email:
                if len(email) > 254 or not (email_fast(email) or _email_ok(email)):
                    error(rn, "email", _("Alamat e-mail tidak valid."))
            telepon = row[i_tel] if i_tel is not None else ""
            if telepon and not _PHONE_RE.match(telepon):
                error(
                    rn,
                    "telepon",
                    _("Nomor telepon hanya boleh berisi angka, spasi, +, - dan tanda kurung."),
                )
            accounts: list[tuple[str, str]] = []
            if i_med is not None and row[i_med]:
                for part in row[i_med].split(";"):
                    part = part.strip()
                    if not part:
                        continue
                    platform, sep, handle = part.partition(":")
                    platform = platform.strip().lower()
                    handle = services.normalise_handle(handle)
                    if not sep or not handle:
                        error(
                            rn,
                            "akun_medsos",
                            _("Tulis akun sebagai platform:nama_akun, dipisah titik koma."),
                        )
                    elif platform not in _PLATFORMS:
                        error(
                            rn,
                            "akun_medsos",
                            _("Platform '%(platform)s' tidak dikenal; pilih dari %(values)s.")
                            % {"platform": platform[:30], "values": ", ".join(sorted(_PLATFORMS))},
                        )
                    elif not _HANDLE_RE.match(handle):
                        error(
                            rn,
                            "akun_medsos",
                            _(
                                "Nama akun '%(handle)s' hanya boleh berisi huruf, angka, titik, "
                                "garis bawah dan tanda hubung."
                            )
                            % {"handle": handle[:40]},
                        )
                    elif (platform, handle) not in accounts:
                        if (platform, handle) in seen_handles:
                            error(
                                rn,
                                "akun_medsos",
                                _("Akun %(akun)s juga dicantumkan pada baris lain dalam berkas.")
                                % {"akun": f"{platform}:{handle}"},
                            )
                        else:
                            seen_handles.add((platform, handle))
                            accounts.append((platform, handle))
            if self.result.error_total != errors_before:
                bad_rows += 1
                # Kept so that a superior's NIP on another row still resolves.
                add(
                    (rn, 1, nip if nip_key else None, nik if nik_key else None)
                    + (None,) * (len(_STAGE_COLUMNS) - 4)
                )
            else:
                assert unit is not None and jenis is not None
                add_valid(
                    rn,
                    nip,
                    nik,
                    nama,
                    jenis,
                    golongan,
                    jabatan,
                    tingkat,
                    unit[0],
                    unit[1],
                    email,
                    telepon,
                    atasan,
                )
                for platform, handle in accounts:
                    stage.add_medsos(rn, platform, handle)
                if len(preview) < PREVIEW_ROWS:
                    preview.append(
                        {
                            "row": str(rn),
                            "nip": nip or nik,
                            "nama": nama,
                            "jenis_pegawai": jenis,
                            "unit_kerja": unit[2],
                            "jabatan": jabatan,
                        }
                    )
            if n % 10000 == 0 and (now := time.monotonic()) - last > 0.5:
                last = now
                progress("validate", n, max(total, n))
        self.result.rows = n
        self.result.bad_rows = bad_rows
        self.result.units_created = units.created
        progress("validate", n, max(total, n))
        if n == 0:
            self.error(1, "", _("Berkas tidak memuat satu baris data pun."))

    # SQL checks ------------------------------------------------------------------------

    def sql_checks(self, c: Any) -> None:
        inst = self.instansi.pk
        checks: list[tuple[str, str, str, list[Any]]] = [
            (
                "CASE WHEN s.nip IS NULL THEN 'nik' ELSE 'nip' END",
                _(
                    "Pegawai ini terdaftar pada instansi lain; pindahkan dulu lewat instansi asalnya."
                ),
                f"FROM {STAGE} s JOIN registry_pegawai p ON p.id = s.pid "
                "WHERE s.bad = 0 AND p.instansi_id <> %s",
                [inst],
            ),
            (
                "'nik'",
                _("NIK ini sudah terdaftar untuk pegawai lain."),
                f"FROM {STAGE} s JOIN registry_pegawai p ON p.nik = s.nik "
                "WHERE s.bad = 0 AND (s.pid IS NULL OR p.id <> s.pid)",
                [],
            ),
            (
                "'nip_atasan'",
                _("NIP atasan tidak ditemukan di berkas ini maupun di data pegawai instansi."),
                f"FROM {STAGE} s WHERE s.bad = 0 AND s.atasan_nip IS NOT NULL "
                f"AND NOT EXISTS (SELECT 1 FROM {STAGE} a WHERE a.nip = s.atasan_nip) "
                "AND NOT EXISTS (SELECT 1 FROM registry_pegawai p "
                "WHERE p.nip = s.atasan_nip AND p.instansi_id = %s)",
                [inst],
            ),
            (
                "'akun_medsos'",
                _("Salah satu akun media sosial di baris ini sudah dimiliki pegawai lain."),
                f"FROM {STAGE} s WHERE s.bad = 0 AND EXISTS (SELECT 1 FROM {STAGE_M} m "
                "JOIN registry_akunmedsos a ON a.platform = m.platform AND a.handle = m.handle "
                "WHERE m.rn = s.rn AND (s.pid IS NULL OR a.pegawai_id <> s.pid))",
                [],
            ),
        ]
        if not self.scope.whole_agency:
            inside = " OR ".join(["p.unit_path LIKE %s"] * len(self.scope.unit_paths))
            checks.append(
                (
                    "CASE WHEN s.nip IS NULL THEN 'nik' ELSE 'nip' END",
                    _("Pegawai ini terdaftar di unit kerja di luar kewenangan Anda."),
                    f"FROM {STAGE} s JOIN registry_pegawai p ON p.id = s.pid "
                    f"WHERE s.bad = 0 AND p.instansi_id = %s AND NOT ({inside})",
                    [inst, *[f"{p}%" for p in self.scope.unit_paths]],
                )
            )
        found: list[RowError] = []
        for column_sql, reason, from_where, params in checks:
            c.execute(f"SELECT COUNT(*) {from_where}", params)
            count = c.fetchone()[0]
            if not count:
                continue
            self.result.error_total += count
            c.execute(
                f"SELECT s.rn, {column_sql} {from_where} ORDER BY s.rn LIMIT {MAX_LISTED_ERRORS}",
                params,
            )
            found.extend({"row": rn, "column": col, "reason": str(reason)} for rn, col in c)
            c.execute(
                f"UPDATE {STAGE} SET bad = 2 WHERE bad = 0 AND rn IN (SELECT s.rn {from_where})",
                params,
            )
        if found:
            c.execute(f"SELECT COUNT(*) FROM {STAGE} WHERE bad = 2")
            self.result.bad_rows += c.fetchone()[0]
            merged = sorted(self.result.errors + found, key=lambda e: (e["row"], e["column"]))
            self.result.errors = merged[:MAX_LISTED_ERRORS]

    # Classification and write ----------------------------------------------------------

    def _atasan_expr(self, base: int | None) -> str:
        """The superior's id for row ``s`` (joins ``a`` = file row, ``pa`` = agency row)."""
        new_id = f"{int(base)} + a.rn" if base is not None else "-1"
        return f"CASE WHEN s.atasan_nip IS NULL THEN NULL ELSE COALESCE(a.pid, {new_id}, pa.id) END"

    def _atasan_joins(self) -> str:
        return (
            f"LEFT JOIN {STAGE} a ON a.nip = s.atasan_nip "
            "LEFT JOIN registry_pegawai pa ON pa.nip = s.atasan_nip AND pa.instansi_id = %s"
        )

    def _set_columns(self) -> list[tuple[str, str]]:
        """(pegawai column, staging expression) written for existing employees."""
        cols = [
            ("nip", "s.nip"),
            ("nama", "s.nama"),
            ("jenis_pegawai", "s.jenis"),
            ("jabatan", "s.jabatan"),
            ("unit_id", "s.unit_id"),
            ("unit_path", "s.unit_path"),
        ]
        optional = {
            "nik": ("nik", "s.nik"),
            "golongan": ("golongan", "s.golongan"),
            "tingkat_jabatan": ("tingkat_jabatan", "s.tingkat"),
            "email": ("email", "s.email"),
            "telepon": ("telepon", "s.telepon"),
        }
        cols += [pair for key, pair in optional.items() if key in self.columns]
        return cols

    def classify(self, c: Any) -> None:
        inst = self.instansi.pk
        diff = [f"p.{col} IS DISTINCT FROM {expr}" for col, expr in self._set_columns()]
        diff.append("p.is_active = FALSE")
        joins, params = "", []
        if "nip_atasan" in self.columns:
            joins, params = self._atasan_joins(), [inst]
            diff.append(f"p.atasan_id IS DISTINCT FROM {self._atasan_expr(None)}")
        changed_sql = (
            f"SELECT s.rn FROM {STAGE} s JOIN registry_pegawai p ON p.id = s.pid {joins} "
            f"WHERE {' OR '.join(diff)}"
        )
        if "akun_medsos" in self.columns:
            # Declared accounts differ: one in the file the employee lacks, or the reverse.
            changed_sql += (
                f" UNION SELECT s.rn FROM {STAGE} s WHERE s.pid IS NOT NULL AND ("
                f"EXISTS (SELECT 1 FROM {STAGE_M} m WHERE m.rn = s.rn AND NOT EXISTS ("
                "SELECT 1 FROM registry_akunmedsos a WHERE a.pegawai_id = s.pid "
                "AND a.platform = m.platform AND a.handle = m.handle)) "
                "OR EXISTS (SELECT 1 FROM registry_akunmedsos a WHERE a.pegawai_id = s.pid "
                f"AND NOT EXISTS (SELECT 1 FROM {STAGE_M} m WHERE m.rn = s.rn "
                "AND m.platform = a.platform AND m.handle = a.handle)))"
            )
        c.execute(f"CREATE TEMPORARY TABLE {CHANGED} AS {changed_sql}", params)
        c.execute(f"CREATE INDEX {CHANGED}_rn ON {CHANGED} (rn)")
        c.execute(f"SELECT COUNT(*) FROM {CHANGED}")
        changed = c.fetchone()[0]
        c.execute(f"SELECT COUNT(*), COUNT(pid), COALESCE(MAX(rn), 0) FROM {STAGE}")
        total, matched, self.max_rn = c.fetchone()
        self.result.created = total - matched
        self.result.updated = int(changed)
        self.result.unchanged = matched - int(changed)

    def _reserve_ids(self, c: Any) -> int:
        """First id of a block of ``max_rn`` ids for new employees (new id = base + rn)."""
        if connection.vendor == "postgresql":
            c.execute("SELECT pg_get_serial_sequence('registry_pegawai', 'id')")
            seq = c.fetchone()[0]
            # The table lock (taken at the start) keeps every other insert, and so every
            # other nextval on this sequence, out until we commit.
            c.execute("SELECT nextval(%s)", [seq])
            base = c.fetchone()[0] - 1
            c.execute("SELECT setval(%s, %s)", [seq, base + self.max_rn])
            return int(base)
        c.execute(
            "SELECT MAX(x) FROM (SELECT MAX(id) AS x FROM registry_pegawai UNION ALL "
            "SELECT seq FROM sqlite_sequence WHERE name = 'registry_pegawai')"
        )
        return int(c.fetchone()[0] or 0)

    def _use_bulk(self, c: Any) -> bool:
        if connection.vendor != "postgresql":
            return False
        if self.bulk is not None:
            return self.bulk
        if self.result.created < BULK_MIN_NEW_ROWS:
            return False
        # Planner estimate: cheap, and exact enough to tell a first load.
        c.execute(
            "SELECT reltuples::bigint, pg_has_role(relowner, 'USAGE') FROM pg_class "
            "WHERE oid = 'registry_pegawai'::regclass"
        )
        existing, owner = c.fetchone()
        return bool(owner) and self.result.created >= max(existing, 0)

    def _drop_indexes(self, c: Any) -> list[str]:
        """Drop the employee table's non-unique indexes; return the statements that
        recreate them exactly (same names and definitions as the migrations made)."""
        c.execute(
            "SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) "
            "FROM pg_index i WHERE i.indrelid = 'registry_pegawai'::regclass "
            "AND NOT i.indisunique AND NOT i.indisprimary"
        )
        indexes = c.fetchall()
        c.execute("SET LOCAL maintenance_work_mem = '128MB'")
        for name, _definition in indexes:
            c.execute(f"DROP INDEX {name}")  # regclass text: already quoted if needed
        return [definition for _name, definition in indexes]

    def write(self, c: Any) -> None:
        inst = self.instansi.pk
        now = connection.ops.adapt_datetimefield_value(timezone.now())
        base = self._reserve_ids(c) if self.result.created else 0
        has_atasan = "nip_atasan" in self.columns
        self.progress("write", 0, 3)
        rebuild = self._drop_indexes(c) if self._use_bulk(c) else []
        if self.result.created:
            c.execute(
                "INSERT INTO registry_pegawai (id, created_at, updated_at, instansi_id, unit_id, "
                "unit_path, nip, nik, nama, jenis_pegawai, golongan, jabatan, tingkat_jabatan, "
                "atasan_id, email, telepon, is_active) "
                f"SELECT {base} + s.rn, %s, %s, %s, s.unit_id, s.unit_path, s.nip, s.nik, "
                "s.nama, s.jenis, s.golongan, s.jabatan, s.tingkat, "
                f"{self._atasan_expr(base)}, s.email, s.telepon, TRUE "
                f"FROM {STAGE} s {self._atasan_joins()} WHERE s.pid IS NULL",
                [now, now, inst, inst],
            )
        self.progress("write", 1, 3)
        if self.result.updated:
            cols = self._set_columns()
            if has_atasan:
                cols.append(("atasan_id", self._atasan_expr(base)))
            select = ", ".join(f"{expr} AS {col}" for col, expr in cols)
            assign = ", ".join(f"{col} = d.{col}" for col, _expr in cols)
            c.execute(
                f"UPDATE registry_pegawai SET {assign}, is_active = TRUE, updated_at = %s "
                f"FROM (SELECT s.pid AS pid, {select} FROM {STAGE} s "
                f"{self._atasan_joins() if has_atasan else ''} "
                f"WHERE s.rn IN (SELECT rn FROM {CHANGED})) d "
                "WHERE registry_pegawai.id = d.pid",
                [now, inst] if has_atasan else [now],
            )
        self.progress("write", 2, 3)
        if "akun_medsos" in self.columns:
            c.execute(
                "DELETE FROM registry_akunmedsos WHERE pegawai_id IN "
                f"(SELECT s.pid FROM {STAGE} s JOIN {CHANGED} x ON x.rn = s.rn)"
            )
            c.execute(
                "INSERT INTO registry_akunmedsos (pegawai_id, platform, handle, created_at, "
                f"updated_at) SELECT COALESCE(s.pid, {base} + s.rn), m.platform, m.handle, %s, %s "
                f"FROM {STAGE_M} m JOIN {STAGE} s ON s.rn = m.rn "
                f"WHERE s.pid IS NULL OR s.rn IN (SELECT rn FROM {CHANGED})",
                [now, now],
            )
        if rebuild:
            # CREATE INDEX refuses to run while deferred foreign-key checks are pending:
            # run them now (same checks, same cost), then go back to deferred.
            c.execute("SET CONSTRAINTS ALL IMMEDIATE")
            for definition in rebuild:
                c.execute(definition)
            c.execute("SET CONSTRAINTS ALL DEFERRED")
        self.progress("write", 3, 3)

    # Driver ----------------------------------------------------------------------------

    def run(self) -> ImportResult:
        try:
            with transaction.atomic():
                with connection.cursor() as c:
                    if connection.vendor == "postgresql":
                        # JIT compiles each big statement for ~1.5 s and stale table
                        # statistics trigger it; hash joins over a million rows want more
                        # than the default 4 MB. Both last only for this transaction.
                        c.execute("SET LOCAL jit = off")
                        c.execute("SET LOCAL work_mem = '64MB'")
                    if self.apply and connection.vendor == "postgresql":
                        # Serialises imports and reserves the id range (see _reserve_ids).
                        c.execute(
                            "LOCK TABLE registry_pegawai, registry_akunmedsos "
                            "IN SHARE ROW EXCLUSIVE MODE"
                        )
                    self.row_pass(c)
                    if not hasattr(self, "stage") or self.result.rows == 0:
                        raise ImportRejected  # unreadable file or header errors
                    # Database checks run even after row errors: the report names every bad row.
                    self.progress("check", 0, 1)
                    self.sql_checks(c)
                    if self.result.error_total:
                        raise ImportRejected
                    self.classify(c)
                    self.progress("check", 1, 1)
                    if self.apply:
                        self.write(c)
                    self.stage.drop()
                    self.result.ok = True
                    if not self.apply:
                        raise ImportRejected  # preview / dry run: roll everything back
                    audit.record(
                        actor=self.actor,
                        action=IMPORT_APPLIED,
                        target=self.instansi,
                        data={"file": self.source, **self.result.counts()},
                    )
                    self.result.applied = True
        except ImportRejected:
            pass
        if not self.result.ok:
            self.result.created = self.result.updated = self.result.unchanged = 0
            self.result.units_created = 0
        return self.result


def roster_import(
    *,
    path: Path | str,
    instansi: Instansi,
    actor: Any = None,
    apply: bool = True,
    fmt: str | None = None,
    progress: ProgressFn | None = None,
    source: str = "",
    bulk: bool | None = None,
) -> ImportResult:
    """Validate a roster file and, when ``apply`` and it has no errors, write it.

    All or nothing in one transaction (issue #2 item 3): any bad row, ``apply=False``
    (preview / ``--dry-run``) or a crash leaves the database as it was. Rows are
    numbered as a spreadsheet shows them (header = row 1). ``actor=None`` is the
    operator of the management command (no scope limit); a user is limited through
    ``accounts.authz`` (HR admin: own agency; OPD admin: own subtree). Identifier rules:
    shared/domain.md §1. ``bulk`` forces PostgreSQL bulk mode on or off (default: by
    size, see ``BULK_MIN_NEW_ROWS``).
    """
    path = Path(path)
    run = _Run(
        path=path,
        fmt=fmt or detect_format(path.name),
        instansi=instansi,
        actor=actor,
        apply=apply,
        progress=progress,
    )
    run.source = source or path.name  # what the audit entry names
    run.bulk = bulk
    return run.run()


# --- Import jobs (the browser flow) -----------------------------------------------------


def import_dir() -> Path:
    """Where uploaded rosters wait between preview and confirmation (not web-served)."""
    path = Path(getattr(settings, "IMPORT_DIR", settings.VAR_DIR / "imports"))
    path.mkdir(parents=True, exist_ok=True)
    return path


class _ProgressWriter:
    """Writes ``JobProgress`` while the import transaction is open.

    PostgreSQL: through a second autocommit connection, so the UI sees live progress.
    SQLite: the import holds the only write lock, so intermediate updates are skipped.
    """

    def __init__(self, progress_id: int | None) -> None:
        self.progress_id = progress_id
        self.conn: Any = None
        if progress_id and connection.vendor == "postgresql":
            self.conn = connections.create_connection("default")

    def __call__(self, phase: str, done: int, total: int) -> None:
        if self.conn is None:
            return
        try:
            with self.conn.cursor() as c:
                c.execute(
                    "UPDATE core_jobprogress SET status = %s, done = %s, total = %s, "
                    "message = %s, updated_at = %s WHERE id = %s",
                    [
                        JobProgress.Status.RUNNING,
                        done,
                        total,
                        phase,
                        timezone.now(),
                        self.progress_id,
                    ],
                )
        except Exception:  # progress is best effort; the import must not fail for it
            log.exception("import progress update failed")

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()


@transaction.atomic
def import_job_create(*, owner: Any, instansi: Instansi, upload: Any) -> ImportJob:
    """Store an uploaded roster and queue its validation (preview) in the background."""
    import_scope(actor=owner, instansi=instansi)  # raises PermissionDenied
    fmt = detect_format(upload.name)
    target = import_dir() / f"{uuid.uuid4().hex}.{fmt}"
    with open(target, "wb") as out:
        for chunk in upload.chunks():
            out.write(chunk)
    progress = JobProgress.objects.create(kind=JOB_KIND, owner=owner)
    job = ImportJob(
        owner=owner,
        instansi=instansi,
        original_name=Path(upload.name).name[:255],
        file_path=str(target),
        file_format=fmt,
        status=ImportJob.Status.VALIDATING,
        progress=progress,
    )
    job.full_clean()
    job.save()
    from netral.registry import tasks

    transaction.on_commit(lambda: tasks.import_validate.enqueue(job_id=job.pk))
    return job


def _finish_progress(job: ImportJob, status: str, message: str = "") -> None:
    if job.progress_id:
        JobProgress.objects.filter(pk=job.progress_id).update(
            status=status, message=message, updated_at=timezone.now()
        )


def import_job_validate(*, job_id: int) -> ImportJob:
    """Background step 1: validate the stored file and keep the report or preview."""
    job = ImportJob.objects.select_related("instansi", "owner").get(pk=job_id)
    if job.status != ImportJob.Status.VALIDATING:
        return job
    writer = _ProgressWriter(job.progress_id)
    try:
        result = roster_import(
            path=job.file_path,
            fmt=job.file_format,
            instansi=job.instansi,
            actor=job.owner,
            apply=False,
            progress=writer,
        )
    except Exception as exc:
        log.exception("import validation crashed (job %s)", job.pk)
        _fail(job, exc)
        return job
    finally:
        writer.close()
    status = ImportJob.Status.VALID if result.ok else ImportJob.Status.INVALID
    ImportJob.objects.filter(pk=job.pk, status=ImportJob.Status.VALIDATING).update(
        status=status, result=result.as_json(), updated_at=timezone.now()
    )
    _finish_progress(job, JobProgress.Status.DONE)
    if not result.ok:
        _delete_file(job)
    job.refresh_from_db()
    return job


class ImportAlreadyClaimed(Exception):
    """The job was already confirmed (double submit) or is not ready."""


def import_job_confirm(*, job: ImportJob, actor: Any) -> ImportJob:
    """Confirm a validated import; a second confirm of the same job is refused.

    The claim is a conditional UPDATE (house style §4): only one request can move the
    job from VALID to APPLYING, so a double submit cannot import twice.
    """
    with transaction.atomic():
        claimed = ImportJob.objects.filter(
            pk=job.pk, owner=actor, status=ImportJob.Status.VALID
        ).update(status=ImportJob.Status.APPLYING, updated_at=timezone.now())
        if claimed != 1:
            raise ImportAlreadyClaimed
        if job.progress_id:
            JobProgress.objects.filter(pk=job.progress_id).update(
                status=JobProgress.Status.PENDING, done=0, total=0, message=""
            )
        from netral.registry import tasks

        transaction.on_commit(lambda: tasks.import_apply.enqueue(job_id=job.pk))
    job.refresh_from_db()
    return job


def import_job_apply(*, job_id: int) -> ImportJob:
    """Background step 2: validate again (the data may have changed) and write."""
    job = ImportJob.objects.select_related("instansi", "owner").get(pk=job_id)
    if job.status != ImportJob.Status.APPLYING:
        return job
    writer = _ProgressWriter(job.progress_id)
    try:
        result = roster_import(
            path=job.file_path,
            fmt=job.file_format,
            instansi=job.instansi,
            actor=job.owner,
            apply=True,
            progress=writer,
            source=f"{job.original_name} (impor #{job.pk})",
        )
    except Exception as exc:
        log.exception("import apply crashed (job %s)", job.pk)
        _fail(job, exc)
        return job
    finally:
        writer.close()
    status = ImportJob.Status.APPLIED if result.applied else ImportJob.Status.INVALID
    ImportJob.objects.filter(pk=job.pk, status=ImportJob.Status.APPLYING).update(
        status=status,
        result=result.as_json(),
        applied_at=timezone.now() if result.applied else None,
        updated_at=timezone.now(),
    )
    _finish_progress(job, JobProgress.Status.DONE)
    _delete_file(job)
    job.refresh_from_db()
    return job


def _fail(job: ImportJob, exc: Exception) -> None:
    ImportJob.objects.filter(pk=job.pk).update(
        status=ImportJob.Status.FAILED,
        result={"crash": type(exc).__name__},
        updated_at=timezone.now(),
    )
    _finish_progress(job, JobProgress.Status.FAILED, type(exc).__name__)
    _delete_file(job)


def _delete_file(job: ImportJob) -> None:
    Path(job.file_path).unlink(missing_ok=True)


def import_job_for_user(*, user: Any, pk: int) -> ImportJob:
    """The user's own import job, or 404 (same answer for missing and foreign jobs)."""
    from django.http import Http404

    try:
        return ImportJob.objects.select_related("instansi", "progress").get(
            Q(owner=user) & Q(pk=pk)
        )
    except (ImportJob.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


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
