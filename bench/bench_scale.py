"""Past one machine (issue 15 item 4): two web servers and two task workers on one
PostgreSQL, beside one of each, in the same run.

* A fresh PostgreSQL database; two gunicorn servers (``--web-workers`` processes each,
  separate ports, nothing shared but the database and, with Redis, the cache and queue).
* Web: public report intake (``POST /lapor/`` with a 500 KB photo, as bench_report.py)
  sent to one server, then the same number of clients spread over both. Each figure is
  beside the trivial-endpoint ceiling (``GET /healthz``) measured the same way: one
  server, then both.
* Workers: no worker runs while the web load runs, so every report's clean-copy task
  (decrypt the original, re-encode the photo without metadata) and notice wait in the
  queue. Then one worker drains part of it, then two workers the rest: clean copies per
  second, beside twice the one-worker rate (perfect scaling).
* Queue: Redis (``TASKS_BACKEND=rq``, ``rqworker``; cache and sessions on Redis too) when
  ``redis-cli ping`` answers on ``--redis``, else the database queue (``db_worker``).
  ``--queue db`` forces the database queue.

    .venv/bin/python bench/bench_scale.py [--clients 8] [--per-client 12] [--web-workers 2]

On a 2-core machine both servers and both workers share the same two cores as the load
generator and PostgreSQL, so the sum is bounded by the cores, not by Netral: what the run
shows is that nothing serialises (no global lock, no shared local state), not a doubling.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_report import photo_500kb, submit_load  # noqa: E402
from common import (  # noqa: E402
    PY,
    ROOT,
    LoadResult,
    Server,
    Session,
    bench_env,
    django_setup,
    fresh_pg_database,
    machine,
    prepare,
    record,
    record_load,
    run_load,
    run_server,
)


def loadavg() -> str:
    return " ".join(f"{v:.2f}" for v in os.getloadavg())


def redis_up(url: str) -> bool:
    try:
        out = subprocess.run(
            ["redis-cli", "-u", url, "ping"], capture_output=True, text=True, timeout=5
        )
    except (OSError, subprocess.TimeoutExpired):
        return False
    return out.stdout.strip() == "PONG"


def healthz_load(servers: list[Server], *, clients: int = 16, per_client: int = 150) -> LoadResult:
    sessions = [Session(servers[i % len(servers)]) for i in range(clients)]

    def make(s: Session):
        return lambda: s.get("/healthz").status == 200

    label = f"ceiling: GET /healthz on {len(servers)} server(s)"
    return run_load(label, [[make(s)] * per_client for s in sessions])


def intake_load(
    servers: list[Server], *, clients: int, per_client: int, image: bytes
) -> LoadResult:
    """``clients`` reporters spread round-robin over ``servers`` (bench_report's load)."""
    return submit_load(
        servers,
        clients=clients,
        per_client=per_client,
        image=image,
        label=f"POST /lapor/ + photo, {len(servers)} server(s)",
    )


@contextlib.contextmanager
def workers(env: dict[str, str], n: int, queue: str) -> Iterator[None]:
    if queue == "rq":
        cmd = [PY, str(ROOT / "manage.py"), "rqworker", "default"]
    else:
        cmd = [PY, str(ROOT / "manage.py"), "db_worker", "--queue-name", "*", "--interval", "0.1"]
    log = open(os.devnull, "wb")  # noqa: SIM115
    procs = [subprocess.Popen(cmd, env=env, cwd=ROOT, stdout=log, stderr=log) for _ in range(n)]
    try:
        yield
    finally:
        for p in procs:
            p.terminate()
        for p in procs:
            try:
                p.wait(timeout=60)
            except subprocess.TimeoutExpired:
                p.kill()
        log.close()


def pending() -> int:
    from netral.reports.models import Evidence

    return Evidence.objects.filter(kind=Evidence.Kind.IMAGE, shareable="").count()


def drain(env: dict[str, str], n: int, queue: str, *, target: int, limit_s: float) -> float:
    """Start ``n`` workers; clean copies per second from the first one made until
    ``target`` are left (or ``limit_s`` passes). Worker start-up is not counted."""
    with workers(env, n, queue):
        start_left = pending()
        deadline = time.time() + limit_s + 120
        while pending() == start_left and time.time() < deadline:
            time.sleep(0.05)
        t0, left0 = time.perf_counter(), pending()
        while pending() > target and time.perf_counter() - t0 < limit_s:
            time.sleep(0.1)
        done, secs = left0 - pending(), time.perf_counter() - t0
    return done / secs if secs else 0.0


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--clients", type=int, default=8)
    ap.add_argument("--per-client", type=int, default=8)
    ap.add_argument("--web-workers", type=int, default=2, help="gunicorn processes per server")
    ap.add_argument("--redis", default="redis://127.0.0.1:6379/7")
    ap.add_argument("--queue", choices=("auto", "db", "rq"), default="auto")
    args = ap.parse_args()
    queue = args.queue
    if queue == "auto":
        queue = "rq" if redis_up(args.redis) else "db"
    if queue == "rq" and not redis_up(args.redis):
        sys.exit(f"no Redis at {args.redis}")
    print(machine(), "· load", loadavg())
    print(
        f"2 × gunicorn {args.web_workers} workers · queue: "
        + (
            "Redis (rqworker; cache and sessions on Redis)"
            if queue == "rq"
            else "PostgreSQL (db_worker)"
        )
    )
    image = photo_500kb()
    with fresh_pg_database("netral_bench_scale") as url:
        extra = {"REPORT_SUBMIT_LIMIT": "100000000", "TASKS_BACKEND": queue}
        if queue == "rq":
            extra["REDIS_URL"] = args.redis
            subprocess.run(
                ["redis-cli", "-u", args.redis, "flushdb"], check=True, capture_output=True
            )
        env = bench_env(url, **extra)
        prepare(env)
        with (
            run_server(env, workers=args.web_workers) as a,
            run_server(env, workers=args.web_workers) as b,
        ):
            healthz_load([a, b], per_client=30)  # warm-up
            intake_load([a, b], clients=4, per_client=3, image=image)
            ceil1 = healthz_load([a])
            one = intake_load([a], clients=args.clients, per_client=args.per_client, image=image)
            ceil2 = healthz_load([a, b])
            two = intake_load([a, b], clients=args.clients, per_client=args.per_client, image=image)
        for r in (ceil1, one, ceil2, two):
            print(r.line())
            if r.error_samples:
                print("  errors:", r.error_samples[:3])
        record_load(one, ceil1)
        record_load(two, ceil2)
        record(
            "intake: 2 servers / 1 server",
            two.per_second / one.per_second if one.per_second else 0.0,
            "×",
            ceiling=ceil2.per_second / ceil1.per_second if ceil1.per_second else None,
            ceiling_label="same ratio for /healthz",
        )
        print(
            f"intake 2 servers / 1 server: {two.per_second / max(one.per_second, 1e-9):.2f}× "
            f"(the /healthz ceiling: {ceil2.per_second / max(ceil1.per_second, 1e-9):.2f}×)"
        )
        print("load after the web phase:", loadavg())

        django_setup(env)
        total = pending()
        print(f"queued clean copies: {total}")
        # Both phases stop while work is still queued, so neither measures an idle tail.
        w1 = drain(env, 1, queue, target=total * 5 // 9, limit_s=120)
        w2 = drain(env, 2, queue, target=total // 9, limit_s=120)
        print(f"clean copies/s, 1 worker:  {w1:6.1f}")
        print(
            f"clean copies/s, 2 workers: {w2:6.1f}  (perfect scaling: {2 * w1:.1f}; left {pending()})"
        )
        record("workers: clean copies/s, 1 worker", w1, "/s")
        record(
            "workers: clean copies/s, 2 workers",
            w2,
            "/s",
            ceiling=2 * w1,
            ceiling_label="2 × one worker",
        )
        print("load at the end:", loadavg())


if __name__ == "__main__":
    main()
