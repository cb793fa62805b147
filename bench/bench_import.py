"""Benchmark: employee roster import (issue #2 item 3) on SQLite and PostgreSQL.

Generates a roster CSV (valid NIPs, a mix of PNS/PPPK/CPNS/non-ASN, units by path,
superiors by NIP, some social-media accounts) under bench/out/, then runs the real
``manage.py import_employees`` in a subprocess against

* SQLite: a fresh, migrated file database under bench/out/;
* PostgreSQL: a fresh database ``netral_bench_import`` on 127.0.0.1 (dropped after),

sampling the child's resident memory with psutil. Beside each it measures the
machine's ceiling in the same run: a raw ``executemany`` of the same rows into a plain
SQLite table, and a raw ``COPY`` of the same CSV into an unlogged PostgreSQL table.
A second import of the same file (every row unchanged) is timed as well.

    .venv/bin/python bench/bench_import.py --rows 1000000
    .venv/bin/python bench/bench_import.py --rows 20000 --only sqlite

Goal (issue #2): >= 20,000 rows/s on PostgreSQL with peak memory < 500 MB.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import os
import re
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import psutil
from common import record

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
PY = str(ROOT / ".venv" / "bin" / "python")
PG_DB = "netral_bench_import"
PG_ADMIN = "postgres://postgres@127.0.0.1:5432/postgres"
PG_URL = f"postgres://postgres@127.0.0.1:5432/{PG_DB}"
HEADER = [
    "nip",
    "nama",
    "jenis_pegawai",
    "unit_kerja",
    "jabatan",
    "nik",
    "golongan",
    "tingkat_jabatan",
    "nip_atasan",
    "email",
    "telepon",
    "akun_medsos",
]
OPDS = [
    "Sekretariat Daerah",
    "Dinas Pendidikan",
    "Dinas Kesehatan",
    "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia",
    "Dinas Pekerjaan Umum dan Penataan Ruang",
    "Dinas Sosial",
    "Dinas Perhubungan",
    "Rumah Sakit Umum Daerah",
    "Inspektorat Daerah",
    "Satuan Polisi Pamong Praja",
]
SUBS = [
    "Sekretariat",
    "Bidang Pelayanan",
    "Bidang Pembinaan",
    "Bidang Perencanaan",
    "UPT Wilayah I",
]
FIRST = ["Budi", "Siti", "Agus", "Dewi", "Rudi", "Nurul", "Hendra", "Wulan", "Fajar", "Indah"]
LAST = ["Saputra", "Hidayat", "Siregar", "Nasution", "Lubis", "Pratama", "Wijaya", "Rahman"]


def nip_for(n: int, jenis: str) -> str:
    birth = dt.date(1966, 1, 1) + dt.timedelta(days=n // 1998)
    gender = "1" if (n // 999) % 2 == 0 else "2"
    month = 21 if jenis == "PPPK" else (n % 12) + 1
    return f"{birth:%Y%m%d}{birth.year + 25:04d}{month:02d}{gender}{n % 999 + 1:03d}"


def nik_for(n: int) -> str:
    birth = dt.date(1970, 1, 1) + dt.timedelta(days=n // 9999)
    return f"210201{birth.day:02d}{birth:%m%y}{n % 9999 + 1:04d}"


def generate(path: Path, rows: int) -> None:
    """Deterministic roster: one head per unit (first), staff point at their head."""
    units = [f"{o} > {s}" for o in OPDS for s in SUBS]
    heads: dict[str, str] = {}
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(HEADER)
        for n in range(rows):
            unit = units[n % len(units)]
            r = n % 20
            jenis = "NON_ASN" if r < 4 else "PPPK" if r < 8 else "CPNS" if r == 8 else "PNS"
            if unit not in heads:
                jenis = "PNS"
            nip = "" if jenis == "NON_ASN" else nip_for(n, jenis)
            nik = nik_for(n) if jenis == "NON_ASN" or n % 7 == 0 else ""
            atasan = heads.get(unit, "") if n % 3 == 0 else ""
            medsos = ""
            if n % 10 == 1:
                medsos = f"instagram:pegawai{n}" + (f";x:peg_{n}" if n % 20 == 1 else "")
            w.writerow(
                [
                    nip,
                    f"{FIRST[n % 10]} {LAST[(n // 10) % 8]} {n}",
                    jenis,
                    unit,
                    "Tenaga Honorer" if jenis == "NON_ASN" else "Pengadministrasi Umum",
                    nik,
                    "" if jenis == "NON_ASN" else ("IX" if jenis == "PPPK" else "III/a"),
                    "NON_ASN" if jenis == "NON_ASN" else "PELAKSANA",
                    atasan,
                    f"p{n}@example.go.id" if n % 5 == 0 else "",
                    f"0812{n:08d}" if n % 4 == 0 else "",
                    medsos,
                ]
            )
            if unit not in heads:
                heads[unit] = nip


def manage(env: dict[str, str], *args: str) -> None:
    subprocess.run([PY, "manage.py", *args], cwd=ROOT, env=env, check=True)


def prepare_db(env: dict[str, str]) -> None:
    manage(env, "migrate", "--noinput", "-v0")
    manage(
        env,
        "shell",
        "-c",
        "from netral.registry.models import Instansi, Region; "
        "Instansi.objects.get_or_create(kode='21.02', defaults=dict(nama='Pemerintah Kabupaten "
        "Karimun', jenis='PEMKAB', region=Region.objects.filter(kode='21.02').first()))",
    )


def timed_import(env: dict[str, str], path: Path) -> tuple[float, float, str]:
    """Run the real command; return (seconds, peak RSS MB of the process tree, last line)."""
    start = time.perf_counter()
    proc = psutil.Popen(
        [PY, "manage.py", "import_employees", str(path), "--instansi", "21.02", "--create-units"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    peak = 0
    while proc.poll() is None:
        try:
            rss = proc.memory_info().rss + sum(
                c.memory_info().rss for c in proc.children(recursive=True)
            )
            peak = max(peak, rss)
        except psutil.NoSuchProcess:
            pass
        time.sleep(0.05)
    elapsed = time.perf_counter() - start
    out = proc.stdout.read().strip() if proc.stdout else ""
    if proc.returncode != 0:
        raise SystemExit(f"import failed ({proc.returncode}):\n{out[-3000:]}")
    return elapsed, peak / 2**20, out.splitlines()[-1] if out else ""


def sqlite_ceiling(path: Path, db: Path) -> float:
    db.unlink(missing_ok=True)
    con = sqlite3.connect(db)
    con.execute(f"CREATE TABLE raw ({', '.join(f'{c} text' for c in HEADER)})")
    start = time.perf_counter()
    with open(path, newline="", encoding="utf-8") as f:
        reader = csv.reader(f)
        next(reader)
        con.executemany(f"INSERT INTO raw VALUES ({', '.join('?' * len(HEADER))})", reader)
    con.commit()
    elapsed = time.perf_counter() - start
    con.close()
    db.unlink(missing_ok=True)
    return elapsed


def pg_ceiling(path: Path) -> float:
    import psycopg

    with psycopg.connect(PG_URL.replace("postgres://", "postgresql://"), autocommit=True) as con:
        con.execute(f"CREATE UNLOGGED TABLE raw ({', '.join(f'{c} text' for c in HEADER)})")
        start = time.perf_counter()
        with con.cursor() as cur, cur.copy("COPY raw FROM STDIN (FORMAT csv, HEADER true)") as cp:
            with open(path, "rb") as f:
                while chunk := f.read(1 << 20):
                    cp.write(chunk)
        elapsed = time.perf_counter() - start
        con.execute("DROP TABLE raw")
    return elapsed


def pg_admin(sql: str) -> None:
    import psycopg

    with psycopg.connect(PG_ADMIN.replace("postgres://", "postgresql://"), autocommit=True) as con:
        con.execute(sql)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--only", choices=["sqlite", "postgresql"], default=None)
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    csv_path = OUT / f"roster_{args.rows}.csv"
    if not csv_path.exists():
        t = time.perf_counter()
        generate(csv_path, args.rows)
        print(
            f"generated {csv_path} ({csv_path.stat().st_size / 2**20:.0f} MB) "
            f"in {time.perf_counter() - t:.1f} s",
            flush=True,
        )
    base_env = {**os.environ, "NETRAL_ENV": "dev", "LOG_LEVEL": "WARNING"}
    results: list[tuple[str, str, float, float | None, str]] = []
    n = args.rows

    if args.only in (None, "sqlite"):
        db = OUT / "bench_import.sqlite3"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{db}{suffix}").unlink(missing_ok=True)
        env = {**base_env, "DATABASE_URL": f"sqlite:///{db}"}
        prepare_db(env)
        secs, peak, line = timed_import(env, csv_path)
        results.append(("SQLite", "import (all new)", secs, peak, line))
        secs, peak, line = timed_import(env, csv_path)
        results.append(("SQLite", "re-import (unchanged)", secs, peak, line))
        results.append(
            (
                "SQLite",
                "ceiling: raw executemany",
                sqlite_ceiling(csv_path, OUT / "raw.sqlite3"),
                None,
                "",
            )
        )
        for suffix in ("", "-wal", "-shm"):
            Path(f"{db}{suffix}").unlink(missing_ok=True)

    if args.only in (None, "postgresql"):
        pg_admin(f"DROP DATABASE IF EXISTS {PG_DB}")
        pg_admin(f"CREATE DATABASE {PG_DB}")
        try:
            env = {**base_env, "DATABASE_URL": PG_URL}
            prepare_db(env)
            secs, peak, line = timed_import(env, csv_path)
            results.append(("PostgreSQL", "import (all new)", secs, peak, line))
            secs, peak, line = timed_import(env, csv_path)
            results.append(("PostgreSQL", "re-import (unchanged)", secs, peak, line))
            results.append(
                ("PostgreSQL", "ceiling: raw COPY (unlogged)", pg_ceiling(csv_path), None, "")
            )
        finally:
            pg_admin(f"DROP DATABASE IF EXISTS {PG_DB} WITH (FORCE)")

    print()
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"Roster import, {n:,} rows, {os.cpu_count()} CPU cores, load average now {load}")
    print("seconds/rows/s: whole command (process start included); in-command: the import")
    print(
        f"{'database':<11} {'run':<30} {'seconds':>8} {'rows/s':>10} "
        f"{'in-cmd s':>9} {'rows/s':>10} {'peak MB':>8}"
    )
    print("-" * 91)
    for dbname, run, secs, peak, line in results:
        mem = f"{peak:8.0f}" if peak is not None else f"{'-':>8}"
        inner = re.search(r"([\d.]+) detik", line)
        if inner:
            t = float(inner.group(1))
            cmd = f"{t:9.1f} {n / t:10,.0f}"
        else:
            cmd = f"{'-':>9} {'-':>10}"
        print(f"{dbname:<11} {run:<30} {secs:8.1f} {n / secs:10,.0f} {cmd} {mem}")
        record(f"import {n:,} rows: {dbname} {run}", n / secs, "rows/s")
    print()
    for dbname, run, _secs, _peak, line in results:
        if line:
            print(f"{dbname} {run}: {line}")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
