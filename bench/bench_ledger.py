"""Benchmark: full ``verify_ledger`` over the sharded Merkle ledger (issue 15, "make bench").

* A fresh PostgreSQL database, migrated (bench/common.py).
* ``--agencies`` agencies, each with its own log, filled to ``--entries`` entries in all
  with payloads of a real signature's shape (the same leaf framing, frontier and stored
  nodes as ``ledger.append``; written with COPY so set-up takes seconds), and a signed
  checkpoint every ``--checkpoint-every`` entries of each log (the periodic task's work).
* ``manage.py verify_ledger --workers N``: every leaf and node hash, every checkpoint's
  Ed25519 signature and root, truncation, the log rows. Reported: entries/s of the
  Merkle check and of the whole command (wall, start-up included).
* Ceilings measured in the same run on the same leaf bytes: raw ``hashlib.sha256`` of
  every leaf (one process, and ``N`` processes at once: what the cores can hash), and
  fetching the same rows from PostgreSQL without hashing (one connection).

    .venv/bin/python bench/bench_ledger.py                    # 1,000,000 entries, 4 agencies
    .venv/bin/python bench/bench_ledger.py --entries 200000 --agencies 2

Goal (issue 15): full verification >= 200,000 entries/s on 2 cores.
"""

from __future__ import annotations

import argparse
import hashlib
import multiprocessing
import re
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import (  # noqa: E402
    PY,
    ROOT,
    bench_env,
    django_setup,
    fresh_pg_database,
    machine,
    manage,
)

GOAL = 200_000


def sample_payload(i: int, agency: str) -> dict[str, object]:
    """The shape of ``services._payload`` (a real signature's canonical record)."""
    return {
        "type": "pledge.sign",
        "v": 1,
        "code": f"B{i:015d}",
        "time": f"2024-01-08T0{i % 10}:{i % 60:02d}:{(i * 7) % 60:02d}.{i % 999999:06d}+00:00",
        "method": "TOTP",
        "campaign": {
            "id": 1,
            "nama": f"Ikrar netralitas ASN Pemilu 2024 {agency}",
            "instansi": agency,
            "election": "pemilu-2024",
            "stage": 1 + i % 2,
        },
        "pegawai": {
            "id": i,
            "nip": f"19850101201001{i % 10000:04d}",
            "nik": None,
            "nama": f"Pegawai Uji Ñoño {i}",
            "jenis": "PNS",
            "jabatan": "Kepala Subbagian Perencanaan dan Evaluasi",
            "unit_id": 10 + i % 40,
            "unit": "Dinas Pendidikan > Bidang Pembinaan SD > Subbagian Evaluasi",
        },
        "text": {"pledge_text_id": 1, "pact_template_id": 1, "sha256": "a" * 64},
    }


def fill(n_agencies: int, total: int, every: int) -> tuple[int, list[bytes]]:
    """Create the agencies' logs with ``total`` entries and periodic checkpoints.
    Returns (checkpoints made, the leaf inputs of one agency's log for the ceiling)."""
    from django.db import connection, transaction

    from netral.core import merkle
    from netral.pledges import ledger, proof
    from netral.pledges.models import LedgerLog
    from netral.registry.models import Instansi

    per = total // n_agencies
    made = 0
    sample: list[bytes] = []
    for a in range(n_agencies):
        kode = f"98.{a + 1:02d}"
        inst = Instansi.objects.create(kode=kode, nama=f"Pemkab Bench {a + 1}", jenis="PEMKAB")
        log = ledger.log_for(inst.pk)
        frontier: list[bytes] = []
        copied: list[tuple[object, ...]] = []
        with transaction.atomic():
            for i in range(per):
                text = ledger.canonical_json(sample_payload(i, kode))
                raw = proof.leaf_bytes_v2(kind="SIGN", payload=text)
                if a == 0:
                    sample.append(raw)
                leaf = merkle.leaf_hash(raw)
                nodes = b"".join(merkle.append(frontier, i, leaf))
                copied.append((log.pk, i, 2, "SIGN", text, leaf.hex(), nodes, "", "", ""))
                if len(copied) == 20_000 or i == per - 1:
                    _copy(connection, copied)
                    copied = []
                if (i + 1) % every == 0 or i == per - 1:
                    LedgerLog.objects.filter(pk=log.pk).update(
                        size=i + 1, frontier=merkle.pack(frontier)
                    )
                    ledger.checkpoint_make(log)
                    made += 1
    return made, sample


def _copy(connection: object, rows: list[tuple[object, ...]]) -> None:
    cols = (
        'log_id, "index", "format", kind, payload, entry_hash, nodes, prev_hash, key_id, signature'
    )
    with connection.cursor() as cur:  # type: ignore[attr-defined]
        raw = cur.cursor  # the psycopg cursor under Django's wrapper
        with raw.copy(f"COPY pledges_ledgerentry ({cols}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)


_LEAVES: list[bytes] = []  # inherited by the forked workers (nothing to pickle)


def _hash_all(part: tuple[int, int]) -> int:
    sha = hashlib.sha256
    leaves = _LEAVES[part[0] :: part[1]]
    for raw in leaves:
        sha(b"\x00" + raw).digest()
    return len(leaves)


def hash_ceiling(leaves: list[bytes], procs: int) -> tuple[float, float]:
    """Raw SHA-256 of every leaf: (entries/s in one process, entries/s in ``procs``
    processes at once, each hashing its share)."""
    _LEAVES[:] = leaves
    t0 = time.perf_counter()
    _hash_all((0, 1))
    one = len(leaves) / (time.perf_counter() - t0)
    with multiprocessing.get_context("fork").Pool(procs) as pool:
        pool.map(_hash_all, [(0, len(leaves))] * procs)  # start the workers first
        t0 = time.perf_counter()
        pool.map(_hash_all, [(i, procs) for i in range(procs)])
        many = len(leaves) / (time.perf_counter() - t0)
    return one, many


def fetch_ceiling(total: int) -> float:
    """Rows/s of fetching (index, format, kind, payload, nodes) from PostgreSQL in
    chunks, without hashing: one connection."""
    from django.db import connection

    from netral.pledges.ledger import _CHUNK_SQL, MERKLE_CHUNK
    from netral.pledges.models import LedgerLog

    t0 = time.perf_counter()
    n = 0
    with connection.cursor() as cur:
        for log_id, size in LedgerLog.objects.values_list("pk", "size"):
            for start in range(0, size, MERKLE_CHUNK):
                cur.execute(_CHUNK_SQL, [log_id, start, start + MERKLE_CHUNK])
                n += len(cur.fetchall())
    assert n == total, (n, total)
    return n / (time.perf_counter() - t0)


def verify_ledger(env: dict[str, str], workers: int) -> tuple[float, str]:
    t0 = time.perf_counter()
    proc = subprocess.run(
        [PY, str(ROOT / "manage.py"), "verify_ledger", "--workers", str(workers)],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    wall = time.perf_counter() - t0
    out = (proc.stdout + proc.stderr).strip()
    if proc.returncode:
        raise RuntimeError(out)
    return wall, out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--entries", type=int, default=1_000_000)
    parser.add_argument("--agencies", type=int, default=4)
    parser.add_argument("--checkpoint-every", type=int, default=10_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--keep", action="store_true")
    args, _unknown = parser.parse_known_args()  # make bench passes every script its args

    print(machine())
    with fresh_pg_database("netral_bench_ledger", keep=args.keep) as url:
        env = bench_env(url)
        manage(env, "migrate", "--noinput", "-v0")
        django_setup(env)
        t0 = time.perf_counter()
        made, sample = fill(args.agencies, args.entries, args.checkpoint_every)
        total = args.entries // args.agencies * args.agencies
        print(
            f"ledger: {total:,} entries in {args.agencies} agency logs, {made} signed "
            f"checkpoints, filled in {time.perf_counter() - t0:.1f} s"
        )
        from django.db import connection, connections

        with connection.cursor() as cur:
            cur.execute("VACUUM ANALYZE pledges_ledgerentry")
        one, many = hash_ceiling(sample, args.workers)
        fetch = fetch_ceiling(total)
        connections.close_all()
        results = []
        for workers in (1, args.workers):
            wall, out = verify_ledger(env, workers)
            m = re.search(r"pohon Merkle ([\d,]+) entri/s", out)
            merkle_rate = float(m.group(1).replace(",", "")) if m else 0.0
            results.append((workers, wall, merkle_rate, out))
        print(f"{'figure':<52} {'entries/s':>12}  {'vs ceiling':>10}  goal")
        print(f"{'ceiling: raw sha256 of every leaf, 1 process':<52} {one:12,.0f}")
        print(f"{f'ceiling: raw sha256 of every leaf, {args.workers} processes':<52} {many:12,.0f}")
        print(f"{'ceiling: fetch the rows from PostgreSQL, 1 conn':<52} {fetch:12,.0f}")
        for workers, wall, merkle_rate, out in results:
            ceil = many if workers > 1 else one
            label = f"verify_ledger --workers {workers} (Merkle check)"
            ok = "met" if merkle_rate >= GOAL else "NOT met"
            print(
                f"{label:<52} {merkle_rate:12,.0f}  {merkle_rate / ceil * 100:9.0f} %  "
                f">= {GOAL:,} ({ok})"
            )
            label = f"verify_ledger --workers {workers} (wall, incl. start)"
            print(f"{label:<52} {total / wall:12,.0f}  {total / wall / ceil * 100:9.0f} %")
            print(f"  {out}")


if __name__ == "__main__":
    main()
