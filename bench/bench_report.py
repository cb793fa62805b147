"""Report intake under load: public form submissions with a 500 KB photo, against a real
gunicorn server on a fresh PostgreSQL database, beside the trivial-endpoint ceiling.

Also: server memory while one 100 MB report (4 × 24 MB videos) streams in, and the cost
of one receipt-code hash (scrypt) with the configured parameters.

    .venv/bin/python bench/bench_report.py [--clients 16] [--per-client 30] [--workers 4]
        [--threads 1] [--redis redis://127.0.0.1:6379/0]

``--redis`` puts the shared cache (rate limits) on Redis, as production should; without
it the cache is the DatabaseCache table, which costs several queries per rate-limit hit.

Goal (issue 4): ≥ 100 reports/s and p99 < 500 ms on 2 cores; worker RSS flat during
the 100 MB upload.
"""

from __future__ import annotations

import argparse
import hashlib
import http.client
import io
import random
import re
import shutil
import threading
import time
import uuid
from datetime import date, timedelta

from common import (
    OUT,
    Session,
    bench_env,
    ceiling,
    fresh_pg_database,
    machine,
    prepare,
    record_load,
    run_load,
    run_server,
)

MB = 1024 * 1024


def photo_500kb() -> bytes:
    """A JPEG of about 500 KB (noise compresses badly, like a real photo's detail)."""
    from PIL import Image

    rng = random.Random(7)
    side = 900
    noise = bytes(rng.getrandbits(8) for _ in range(side * side * 3))
    im = Image.frombytes("RGB", (side, side), noise)
    out = io.BytesIO()
    im.save(out, format="JPEG", quality=80)
    return out.getvalue()


def fields(token: str) -> dict[str, str]:
    return {
        "csrfmiddlewaretoken": token,
        "terlapor-TOTAL_FORMS": "1",
        "terlapor-INITIAL_FORMS": "0",
        "terlapor-MIN_NUM_FORMS": "0",
        "terlapor-MAX_NUM_FORMS": "5",
        "terlapor-0-nama": "Pak Kepala Dinas",
        "terlapor-0-jabatan": "Kepala Dinas",
        "election_type": "PILKADA",
        "event_date": (date.today() - timedelta(days=1)).isoformat(),
        "event_time": "08:30",
        "event_region": "21.02",
        "description": "Kepala dinas mengajak pegawai mendukung calon tertentu saat apel pagi.",
        "identity_mode": "CONFIDENTIAL",
        "nama": "Pelapor Bench",
        "alamat": "Jalan Bench 1",
        "telepon": "081200000000",
        "idempotency_key": str(uuid.uuid4()),
    }


def submit_load(server, *, clients: int, per_client: int, image: bytes, label: str = ""):
    """``clients`` reporters, each posting ``per_client`` reports; ``server`` may be a list
    (bench_scale), over which the clients are spread round-robin."""
    servers = server if isinstance(server, list) else [server]
    sessions = []
    for i in range(clients):
        s = Session(servers[i % len(servers)])
        sessions.append((s, s.csrf_from("/lapor/")))

    def make(s: Session, token: str):
        def call() -> bool:
            # A new reporter each time: no session cookie carried over (only CSRF's).
            s.cookies.pop("sessionid", None)
            r = s.post_multipart(
                "/lapor/", fields(token), [("bukti", "foto.jpg", "image/jpeg", image)]
            )
            return r.status == 302 and "/lapor/terkirim/" in r.headers.get("location", "")

        return call

    return run_load(
        label or f"POST /lapor/ + {len(image) // 1024} KB photo",
        [[make(s, t)] * per_client for s, t in sessions],
    )


def stream_upload(server, *, files: int, file_mb: int) -> tuple[int, float]:
    """Send one report with ``files`` videos of ``file_mb`` each, generated while sending."""
    s = Session(server)
    token = s.csrf_from("/lapor/")
    boundary = uuid.uuid4().hex
    head = b"".join(
        f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode()
        for k, v in fields(token).items()
    )
    part_head = [
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="bukti"; filename="v{i}.mp4"\r\n'
            "Content-Type: video/mp4\r\n\r\n"
        ).encode()
        for i in range(files)
    ]
    tail = f"--{boundary}--\r\n".encode()
    size = file_mb * MB
    length = len(head) + sum(len(p) + size + 2 for p in part_head) + len(tail)
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=300)
    conn.putrequest("POST", "/lapor/")
    conn.putheader("Content-Type", f"multipart/form-data; boundary={boundary}")
    conn.putheader("Content-Length", str(length))
    conn.putheader("Cookie", "; ".join(f"{k}={v}" for k, v in s.cookies.items()))
    conn.putheader("Referer", server.base_url + "/")
    conn.endheaders()
    conn.send(head)
    chunk = b"\x00\x00\x00\x18ftypmp42" + b"\x5a" * (MB - 12)
    t0 = time.perf_counter()
    for p in part_head:
        conn.send(p)
        for _ in range(file_mb):
            conn.send(chunk)
        conn.send(b"\r\n")
    conn.send(tail)
    resp = conn.getresponse()
    resp.read()
    return resp.status, time.perf_counter() - t0


def upload_memory(server) -> None:
    baseline = server.worker_rss_mb()
    peak = list(baseline)
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            for i, v in enumerate(server.worker_rss_mb()):
                if i < len(peak):
                    peak[i] = max(peak[i], v)
            time.sleep(0.05)

    sampler = threading.Thread(target=sample)
    sampler.start()
    status, seconds = stream_upload(server, files=4, file_mb=24)
    done.set()
    sampler.join()
    growth = max(p - b for p, b in zip(peak, baseline, strict=False))
    print(
        f"100 MB report (4 × 24 MB) upload: HTTP {status} in {seconds:.1f} s; "
        f"worker RSS before {', '.join(f'{v:.0f}' for v in baseline)} MB, "
        f"peak {', '.join(f'{v:.0f}' for v in peak)} MB; max growth {growth:.1f} MB"
    )


def scrypt_cost(n: int) -> None:
    t0 = time.perf_counter()
    rounds = 50
    for i in range(rounds):
        hashlib.scrypt(
            b"12345678901234567890" + bytes([i]),
            salt=b"s" * 16,
            n=n,
            r=8,
            p=1,
            maxmem=256 * n * 8 + MB,
            dklen=32,
        )
    ms = (time.perf_counter() - t0) / rounds * 1000
    years = 1e14 * ms / 1000 / 3600 / 24 / 365
    print(
        f"receipt hash scrypt N={n}, r=8: {ms:.1f} ms each; offline search of the 14 secret "
        f"digits of one code ≈ {years:,.0f} CPU-years"
    )


def load() -> str:
    import os

    return " ".join(f"{v:.2f}" for v in os.getloadavg())


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--clients", type=int, default=16)
    ap.add_argument("--per-client", type=int, default=30)
    ap.add_argument("--workers", type=int, default=4)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--redis", default="", help="REDIS_URL for the cache (default: DB cache)")
    args = ap.parse_args()
    print(machine())
    image = photo_500kb()
    with fresh_pg_database("netral_bench_reports") as url:
        # Rate limits still run on every request, just with a ceiling the bench never hits.
        env = bench_env(url, REPORT_SUBMIT_LIMIT="100000000", TASKS_BACKEND="db")
        if args.redis:
            env["REDIS_URL"] = args.redis
        print(
            f"gunicorn {args.workers} workers × {args.threads} threads; cache: "
            f"{'Redis' if args.redis else 'DatabaseCache'}; load: {load()}"
        )
        prepare(env)
        scrypt_cost(int(env.get("REPORT_RECEIPT_SCRYPT_N", "1024")))
        with run_server(env, workers=args.workers, threads=args.threads) as server:
            ceiling(server, per_client=30)  # warm-up
            ceil = ceiling(server)
            print(ceil.line())
            submit_load(server, clients=4, per_client=5, image=image)  # warm-up
            result = submit_load(
                server, clients=args.clients, per_client=args.per_client, image=image
            )
            print(result.line())
            record_load(
                result,
                ceil,
                goal="≥ 100/s, p99 < 500 ms",
                met=result.per_second >= 100 and result.pct(99) < 500,
            )
            print(f"  load after: {load()}")
            if result.error_samples:
                print("  errors:", result.error_samples[:3])
            upload_memory(server)
            print(f"server RSS (all processes): {server.rss_mb():.0f} MB")
        from common import django_setup

        django_setup(env)
        from netral.reports.models import Evidence, Report

        big = Report.objects.order_by("-id").first()
        print(
            f"stored: {Report.objects.count()} reports, {Evidence.objects.count()} files; "
            f"last report has {big.evidence.count() if big else 0} files "
            f"({sum(e.size for e in big.evidence.all()) / MB if big else 0:.0f} MB)"
        )
        assert re.match(r"LAP-\d{4}-\d{6}", big.intake_number)
    # The evidence written by this run (hundreds of MB) is not kept.
    shutil.rmtree(OUT / "var" / "media" / "evidence", ignore_errors=True)


if __name__ == "__main__":
    main()
