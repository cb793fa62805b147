"""Benchmark: social-media screening end to end (issue 12), database writes included.

Generates N posts (default 1,000,000; a mix of posts, likes, shares, comments and follows
built from the shipped labelled and demo sentences with random variation so nearly every
text is distinct) under bench/out/, then, in a child process against a fresh PostgreSQL
database, runs the real ``services.batch_screen`` (validate the whole file, then stream:
normalise, shared features, every detector, linking, COPY into the posts table),
sampling the child's resident memory. Beside it, in the same run, a tokenize-only pass
(read + normalise every text) gives the ceiling of the text pass alone.

    .venv/bin/python bench/bench_screening.py --rows 1000000
    .venv/bin/python bench/bench_screening.py --rows 20000

The text pass runs in one forked worker per CPU (``NETRAL_SCREENING_WORKERS``, the real
setting of ``services.screened_chunks``) while the parent reads, links and COPYs.

Goal: >= 5,000 posts/s on 2 CPU cores, memory < 1 GB.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import subprocess
import sys
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
from common import PY, bench_env, fresh_pg_database, machine, manage  # noqa: E402

OUT = ROOT / "bench" / "out"
DATA = ROOT / "src" / "netral" / "screening" / "data"
WORDS = (
    "pagi siang malam kawan bapak ibu semua kita hari ini besok mantap sekali ya dong lho".split()
)


def generate(path: Path, rows: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    base = []
    for name in ("labelled_posts.csv", "demo_posts.csv"):
        with open(DATA / name, encoding="utf-8", newline="") as fh:
            base += [(r["action"], r["text"], r["target_text"]) for r in csv.DictReader(fh)]
    platforms = ["instagram", "facebook", "x", "tiktok"]
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(
            ["post_id", "platform", "author_handle", "action", "text", "target_text", "posted_at"]
        )
        for i in range(rows):
            action, text, target = base[rng.randrange(len(base))]
            tail = f" {rng.choice(WORDS)} {rng.randint(1, 99999)}"
            if text:
                text += tail
            elif target and rng.random() < 0.5:
                target += tail
            w.writerow(
                [
                    f"b{i}",
                    platforms[i % 4],
                    f"akun_{rng.randint(1, 200000)}",
                    action,
                    text,
                    target,
                    f"2024-10-{1 + i % 28:02d}T{i % 24:02d}:00:00+07:00",
                ]
            )


def child(path: str, tokenize_only: bool) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "netral.settings")
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()
    from django.conf import settings

    settings.SCREENING_MODELS_DIR = os.environ["BENCH_MODELS_DIR"]
    from netral.screening import ingest, services
    from netral.screening.ml import detectors

    if tokenize_only:
        from netral.screening.ml.text import load_slang, normalize

        slang = load_slang(
            str(detectors.default_root() / "id-multilabel-hatespeech" / "new_kamusalay.csv")
        )
        t0 = time.perf_counter()
        n = 0
        with open(path, encoding="utf-8", newline="") as fh:
            for row, _line, _errs in ingest.read(fh, "csv"):
                normalize(row.text, slang)
                normalize(row.target_text, slang)
                n += 1
        print(json.dumps({"rows": n, "seconds": time.perf_counter() - t0}))
        return
    lexicon = json.loads((DATA / "lexicon_demo_kepri2024.json").read_text(encoding="utf-8"))
    election = services.election_save(data=lexicon, actor=None)
    services.screener_for(election)  # model load is not part of the per-post cost
    t0 = time.perf_counter()
    batch = services.batch_screen(
        election=election,
        open_text=lambda: open(path, encoding="utf-8", newline=""),
        filename="bench.csv",
        file_sha256="0" * 64,
        actor=None,
        region_kode="21",
    )
    print(
        json.dumps(
            {"rows": batch.rows, "flagged": batch.flagged, "seconds": time.perf_counter() - t0}
        )
    )


def run_child(env: dict[str, str], path: Path, tokenize_only: bool) -> tuple[dict, float]:
    args = [PY, __file__, "--child", str(path)] + (["--tokenize-only"] if tokenize_only else [])
    proc = subprocess.Popen(args, env=env, stdout=subprocess.PIPE, text=True)
    peak = 0.0
    p = psutil.Process(proc.pid)
    while proc.poll() is None:
        try:
            # The child and its screening workers together (forked: shared pages counted
            # in each, so this over-states the real footprint).
            procs = [p, *p.children(recursive=True)]
            peak = max(peak, sum(q.memory_info().rss for q in procs) / 2**20)
        except psutil.NoSuchProcess:
            continue
        time.sleep(0.2)
    out = proc.stdout.read() if proc.stdout else ""
    if proc.returncode:
        raise SystemExit(f"child failed ({proc.returncode})")
    return json.loads(out.strip().splitlines()[-1]), peak


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--child")
    ap.add_argument("--tokenize-only", action="store_true")
    ap.add_argument("--workers", type=int, default=0, help="screening workers (0 = CPUs)")
    a = ap.parse_args()
    if a.child:
        child(a.child, a.tokenize_only)
        return
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / f"screening_{a.rows}.csv"
    if not path.exists():
        generate(path, a.rows)
    models = ROOT / "var" / "models" / "screening"
    workers = str(a.workers or os.cpu_count() or 1)
    with fresh_pg_database("netral_bench_screening") as url:
        env = bench_env(url, BENCH_MODELS_DIR=str(models), NETRAL_SCREENING_WORKERS=workers)
        manage(env, "migrate", "--noinput", "-v0")
        current = models / "CURRENT"
        if not (current.exists() and (models / current.read_text().strip() / "model.npz").exists()):
            manage(env, "train_screening", "--out", str(models))
        tok, tok_mem = run_child(env, path, True)
        res, mem = run_child(env, path, False)
    print(machine(), f"· load average {os.getloadavg()[0]:.1f} · {workers} screening workers")
    print(f"{'pass':34s} {'rows':>9s} {'seconds':>8s} {'posts/s':>9s} {'peak MB':>8s}")
    print(
        f"{'tokenize only (read + normalise)':34s} {tok['rows']:9d} {tok['seconds']:8.1f} {tok['rows'] / tok['seconds']:9.0f} {tok_mem:8.0f}"
    )
    print(
        f"{'screen end to end (PostgreSQL)':34s} {res['rows']:9d} {res['seconds']:8.1f} {res['rows'] / res['seconds']:9.0f} {mem:8.0f}"
    )
    print(
        f"flagged {res['flagged']} ({100 * res['flagged'] / max(res['rows'], 1):.1f} %). Goal: >= 5000 posts/s, < 1024 MB."
    )


if __name__ == "__main__":
    main()
