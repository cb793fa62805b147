"""One import run (``roster_import``): the streaming row pass with the column checks, the
set-based SQL checks and the set-based write, all in one transaction."""

from __future__ import annotations

import csv
import itertools
import logging
import re
import time
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from netral.core import audit
from netral.registry import services
from netral.registry.importing.columns import (
    _EMAIL_FAST_RE,
    _JENIS,
    _PHONE_RE,
    _PLATFORMS,
    _TINGKAT,
    BULK_MIN_NEW_ROWS,
    COLUMN_SYNONYMS,
    EXAMPLE_PREFIX,
    HEADER_MIN_KNOWN,
    HEADER_SEARCH_ROWS,
    MAX_LISTED_ERRORS,
    PREVIEW_ROWS,
    REQUIRED_COLUMNS,
    _email_ok,
    normalise_golongan,
)
from netral.registry.importing.reader import (
    _cell,
    _csv_rows,
    _header_key,
    _xlsx_rows,
    count_data_rows,
    detect_format,
)
from netral.registry.importing.result import ImportRejected, ImportResult, ProgressFn, RowError
from netral.registry.importing.staging import _STAGE_COLUMNS, CHANGED, STAGE, STAGE_M, _Stage
from netral.registry.importing.units import _UnitResolver
from netral.registry.models import Instansi, Pegawai
from netral.registry.selectors import import_scope
from netral.registry.validators import handle_error, nik_errors, nip_errors

if TYPE_CHECKING:
    from netral.accounts.models import User

log = logging.getLogger(__name__)

# NIP and NIK as people type them: "19830316 200506 2 001", "2102.0157.0890.0001".
_SPACED_ID = re.compile(r"^[0-9][0-9 .\u00a0]*[0-9]$")


def _ident(value: str) -> str:
    if value and not value.isdigit() and _SPACED_ID.match(value):
        return value.replace(" ", "").replace(".", "").replace("\u00a0", "")
    return value


def _known_columns(raw: list[Any]) -> int:
    return sum(1 for v in raw if COLUMN_SYNONYMS.get(_header_key(v)))


IMPORT_APPLIED = audit.register("registry.import.applied", gettext_lazy("Daftar pegawai diimpor"))


def _jenis_loose(value: str) -> str | None:
    """ "pns", "Non ASN", and SIASN's "PNS Daerah", "CPNS Pusat", "PPPK Teknis"."""
    key = value.upper().replace("-", "_").replace(" ", "_")
    if key in _JENIS:
        return _JENIS[key]
    for prefix in ("CPNS", "PNS", "PPPK"):
        if key.startswith(prefix + "_"):
            return _JENIS[prefix]
    return None


class _Run:
    """One import run: the streaming row pass, SQL checks, and (when applying) the write."""

    def __init__(
        self,
        *,
        path: Path,
        fmt: str,
        instansi: Instansi,
        actor: User | None,
        apply: bool,
        progress: ProgressFn | None,
    ) -> None:
        self.path, self.fmt, self.instansi, self.actor = path, fmt, instansi, actor
        self.apply = apply
        self.progress = progress or (lambda phase, done, total: None)
        self.result = ImportResult()
        self.source = path.name
        self.bulk: bool | None = None
        # The preview's new units the user confirmed; None: no check (see roster_import).
        self.units_expected: Mapping[str, Any] | None = None
        self.scope = import_scope(actor=actor, instansi=instansi)
        self.columns: dict[str, int] = {}
        self.today = timezone.localdate()

    # Errors --------------------------------------------------------------------------

    def error(self, row: int, column: str, reason: str) -> None:
        self.result.error_total += 1
        if len(self.result.errors) < MAX_LISTED_ERRORS:
            self.result.errors.append({"row": row, "column": column, "reason": str(reason)})

    # Header --------------------------------------------------------------------------

    def read_header(self, header: list[Any], row: int = 1) -> bool:
        """Map the header's names (any case, synonyms, SIASN export names) to columns.
        Unknown columns, such as ``No``, are ignored and listed in a warning."""
        seen: dict[str, int] = {}
        ignored: list[str] = []
        for pos, raw in enumerate(header):
            name = _header_key(raw)
            if not name:
                continue
            key = COLUMN_SYNONYMS.get(name)
            if key is None:
                ignored.append(_cell(raw)[:60])
            elif key in seen:
                self.error(
                    row,
                    key,
                    _("Kolom muncul lebih dari sekali: %(name)s.") % {"name": _cell(raw)[:60]},
                )
            else:
                seen[key] = pos
        for key in REQUIRED_COLUMNS:
            if key not in seen:
                self.error(row, key, _("Kolom wajib tidak ada."))
        if ignored:
            self.result.warnings.append(
                _("Kolom ini tidak dikenal dan diabaikan: %(names)s.")
                % {"names": ", ".join(ignored)}
            )
        self.columns = seen
        return self.result.error_total == 0

    def find_header(
        self, rows: Iterator[list[Any]]
    ) -> tuple[list[Any] | None, int, Iterator[list[Any]]]:
        """The header row (the first of the first rows that names enough known columns;
        title rows above it are skipped), its row number and the data rows after it."""
        seen: list[list[Any]] = []
        for raw in itertools.islice(rows, HEADER_SEARCH_ROWS):
            seen.append(raw)
            if _known_columns(raw) >= HEADER_MIN_KNOWN:
                break
        pos = next((i for i, r in enumerate(seen) if _known_columns(r) >= HEADER_MIN_KNOWN), None)
        if pos is None:
            # No recognisable header: the first non-blank row is taken as one, and its
            # problems are reported as such.
            pos = next((i for i, r in enumerate(seen) if any(_cell(v) for v in r)), None)
            if pos is None:
                return None, 1, iter(())
        if pos:
            self.result.warnings.append(
                _("Baris 1–%(n)d di atas judul kolom dilewati.") % {"n": pos}
                if pos > 1
                else _("Baris 1 di atas judul kolom dilewati.")
            )
        return seen[pos], pos + 1, itertools.chain(seen[pos + 1 :], rows)

    # Row pass ------------------------------------------------------------------------

    def row_pass(self, cursor: Any) -> None:
        rows = _xlsx_rows(self.path) if self.fmt == "xlsx" else _csv_rows(self.path)
        total = count_data_rows(self.path, self.fmt)
        try:
            header, header_row, data = self.find_header(rows)
            if header is None:
                self.error(1, "", _("Berkas kosong."))
                return
            if not self.read_header(header, header_row):
                return
            stage = _Stage(cursor)
            self.stage = stage
            try:
                self._rows(data, stage, total, start=header_row + 1)
            except BaseException:
                stage.abort()
                raise
            stage.finish()
        except UnicodeDecodeError:
            self.__dict__.pop("stage", None)
            self.error(
                1, "", _("Berkas CSV harus disimpan dengan pengodean UTF-8 atau Windows-1252.")
            )
        except csv.Error as exc:
            self.__dict__.pop("stage", None)
            self.error(1, "", _("Berkas CSV rusak: %(detail)s.") % {"detail": exc})
        finally:
            close = getattr(rows, "close", None)
            if close:
                close()

    def _rows(  # noqa: C901
        self, rows: Iterator[list[Any]], stage: _Stage, total: int, start: int = 2
    ) -> None:
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
        for rn, raw in enumerate(rows, start=start):
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
            nip, nama, jabatan, unit_value = (
                _ident(row[i_nip]),
                row[i_nama],
                row[i_jab],
                row[i_unit],
            )
            jenis_raw = row[i_jenis]
            nik = _ident(row[i_nik]) if i_nik is not None else ""
            jenis = _JENIS.get(jenis_raw) or _jenis_loose(jenis_raw)
            if nama[:6].upper() == EXAMPLE_PREFIX:
                error(
                    rn,
                    "nama",
                    _("Ini baris contoh dari templat: hapus baris ini sebelum mengimpor."),
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
            if golongan:
                golongan, gol_error = normalise_golongan(golongan, jenis)
                if gol_error:
                    error(rn, "golongan", gol_error)
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
            atasan = _ident(row[i_atas]) if i_atas is not None else ""
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
                    elif medsos_error := handle_error(platform, handle):
                        error(rn, "akun_medsos", medsos_error)
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
                assert isinstance(unit, tuple) and jenis is not None
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
        self.result.units_new = units.new_units
        progress("validate", n, max(total, n))
        if n == 0:
            self.error(1, "", _("Berkas tidak memuat satu baris data pun."))

    def check_units_confirmed(self) -> None:
        if self.units_expected is None or self._units_as_confirmed():
            return
        self.result.units_unconfirmed = self.result.units_created
        self.error(
            0,
            "unit_kerja",
            _(
                "Daftar unit kerja baru berbeda dengan yang dikonfirmasi pada pratinjau "
                "(data berubah sejak itu). Periksa pratinjau lagi, lalu konfirmasi ulang."
            ),
        )
        raise ImportRejected

    def _units_as_confirmed(self) -> bool:
        """The units this run would create are the ones the confirmed preview listed."""
        expected = self.units_expected or {}
        names = [u["name"] for u in expected.get("units_new") or []]
        return (
            self.result.units_created == int(expected.get("units_created") or 0)
            and [u["name"] for u in self.result.units_new] == names
        )

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
                f"UPDATE registry_pegawai SET {assign}, is_active = TRUE, inactive_reason = '', "
                "updated_at = %s "
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
                    # Only a file that is otherwise clean asks about its new units.
                    self.check_units_confirmed()
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
    actor: User | None = None,
    apply: bool = True,
    fmt: str | None = None,
    progress: ProgressFn | None = None,
    source: str = "",
    bulk: bool | None = None,
    units_expected: Mapping[str, Any] | None = None,
) -> ImportResult:
    """Validate a roster file and, when ``apply`` and it has no errors, write it.

    All or nothing in one transaction (issue #2 item 3): any bad row, ``apply=False``
    (preview / ``--dry-run``) or a crash leaves the database as it was. Rows are
    numbered as a spreadsheet shows them (title rows above the header count). ``actor=None`` is the
    operator of the management command (no scope limit); a user is limited through
    ``accounts.authz`` (HR admin: own agency; OPD admin: own subtree). Identifier rules:
    shared/domain.md §1. ``bulk`` forces PostgreSQL bulk mode on or off (default: by
    size, see ``BULK_MIN_NEW_ROWS``). ``units_expected`` is the preview the user confirmed
    (``ImportResult.as_json()``, or its ``units_created`` and ``units_new``): when the run
    would create other units than those (the data changed meanwhile), the file is rejected
    and nothing is written (issue 11 item 11: new units only after confirmation).
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
    run.units_expected = units_expected
    return run.run()
