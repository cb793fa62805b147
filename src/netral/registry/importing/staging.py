"""Temporary staging tables, filled by COPY (PostgreSQL) or executemany (SQLite)."""

from __future__ import annotations

import tempfile
from typing import Any

from django.db import connection

from netral.registry.importing.columns import _BATCH, _NULL, _copy_escape
from netral.registry.importing.result import ImportRejected

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
