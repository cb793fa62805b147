"""Shared benchmark machinery: a real gunicorn server on a fresh PostgreSQL database,
HTTP sessions with cookies/CSRF, a concurrent load runner and the machine's ceiling.

Benchmarks print each figure beside the ceiling measured in the same run (the trivial
``/healthz`` endpoint of the same server), so numbers from different machines compare.
Nothing here is used by the test suite.
"""

from __future__ import annotations

import contextlib
import http.client
import json
import os
import re
import secrets
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = str(ROOT / ".venv" / "bin" / "python")
GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")
OUT = ROOT / "bench" / "out"
PG_ADMIN_URL = os.environ.get("BENCH_PG_ADMIN", "postgres://postgres@127.0.0.1:5432/postgres")


# --- databases ------------------------------------------------------------------------


def pg_url(dbname: str) -> str:
    parts = urllib.parse.urlsplit(PG_ADMIN_URL)
    return urllib.parse.urlunsplit(parts._replace(path=f"/{dbname}"))


@contextlib.contextmanager
def fresh_pg_database(name: str, *, keep: bool = False) -> Iterator[str]:
    """Create an empty database ``name`` (dropping any leftover) and yield its URL."""
    import psycopg

    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield pg_url(name)
    finally:
        if not keep:
            with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


_BENCH_SECRET_KEY = secrets.token_urlsafe(48)
_BENCH_ENCRYPTION_KEY = secrets.token_urlsafe(32)


def bench_env(database_url: str, **extra: str) -> dict[str, str]:
    """Environment for manage.py / gunicorn: production settings, plain HTTP on loopback."""
    OUT.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ)
    env.update(
        {
            "DATABASE_URL": database_url,
            "NETRAL_ENV": "prod",
            # Production needs the shared keys set (it never generates them): one pair per
            # bench process, so every server and command of one run agrees.
            "SECRET_KEY": _BENCH_SECRET_KEY,
            "NETRAL_ENCRYPTION_KEY": _BENCH_ENCRYPTION_KEY,
            "SITE_URL": "http://127.0.0.1:8000",
            "SECURE_COOKIES": "false",
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "NETRAL_VAR_DIR": str(OUT / "var"),
            "LOG_LEVEL": "WARNING",
            "PYTHONPATH": str(ROOT / "src"),
        }
    )
    env.update(extra)
    return env


def manage(env: dict[str, str], *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [PY, str(ROOT / "manage.py"), *args],
        env=env,
        cwd=ROOT,
        check=check,
        capture_output=True,
        text=True,
    )


def prepare(env: dict[str, str]) -> None:
    """Migrate, create the cache table and collect static files (production storage
    needs its manifest) for a bench environment."""
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "createcachetable")
    manage(env, "collectstatic", "--noinput", "-v0")


def django_setup(env: dict[str, str]) -> None:
    """Configure Django in this process against the bench database (for fixtures)."""
    os.environ.update(env)
    sys.path.insert(0, str(ROOT / "src"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "netral.settings")
    import django

    django.setup()


# --- server ---------------------------------------------------------------------------


@dataclass
class Server:
    proc: subprocess.Popen[bytes]
    port: int
    base_url: str

    def rss_mb(self) -> float:
        """Resident memory of the server's whole process tree (master + workers), MB."""
        import psutil

        try:
            parent = psutil.Process(self.proc.pid)
            procs = [parent, *parent.children(recursive=True)]
            return sum(p.memory_info().rss for p in procs) / 2**20
        except psutil.NoSuchProcess:
            return 0.0

    def worker_rss_mb(self) -> list[float]:
        import psutil

        parent = psutil.Process(self.proc.pid)
        return [p.memory_info().rss / 2**20 for p in parent.children(recursive=True)]


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def run_server(env: dict[str, str], *, workers: int = 4, threads: int = 1) -> Iterator[Server]:
    """Start gunicorn (the production server) and wait until /healthz answers."""
    port = free_port()
    cmd = [
        GUNICORN,
        "netral.wsgi",
        "--pythonpath",
        str(ROOT / "src"),
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(workers),
        "--threads",
        str(threads),
        "--timeout",
        "300",
        "--log-level",
        "warning",
    ]
    proc = subprocess.Popen(cmd, env=env, cwd=ROOT)
    server = Server(proc=proc, port=port, base_url=f"http://127.0.0.1:{port}")
    try:
        deadline = time.time() + 60
        while True:
            try:
                Session(server).get("/healthz")
                break
            except OSError:
                if time.time() > deadline or proc.poll() is not None:
                    raise RuntimeError("server did not start") from None
                time.sleep(0.2)
        yield server
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()


# --- HTTP client ----------------------------------------------------------------------


@dataclass
class Response:
    status: int
    headers: dict[str, str]
    body: bytes

    def text(self) -> str:
        return self.body.decode("utf-8", "replace")

    def json(self) -> object:
        return json.loads(self.body)


class Session:
    """A keep-alive HTTP/1.1 session with a cookie jar and Django CSRF handling.

    Deliberately built on http.client: it costs the load generator far less CPU than a
    full-featured client, which matters when client and server share two cores.
    """

    def __init__(self, server: Server) -> None:
        self.server = server
        self.conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=120)
        self.cookies: dict[str, str] = {}

    def _request(
        self,
        method: str,
        path: str,
        body: bytes | None = None,
        headers: dict[str, str] | None = None,
    ) -> Response:
        hdrs = {"Host": f"127.0.0.1:{self.server.port}", **(headers or {})}
        if self.cookies:
            hdrs["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if method != "GET" and "csrftoken" in self.cookies:
            hdrs.setdefault("X-CSRFToken", self.cookies["csrftoken"])
            hdrs.setdefault("Referer", self.server.base_url + "/")
        for attempt in range(2):
            try:
                self.conn.request(method, path, body=body, headers=hdrs)
                resp = self.conn.getresponse()
                data = resp.read()
                break
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                self.conn.close()
                self.conn = http.client.HTTPConnection("127.0.0.1", self.server.port, timeout=120)
                if attempt:
                    raise
        for name, value in resp.getheaders():
            if name.lower() == "set-cookie":
                k, _, rest = value.partition("=")
                self.cookies[k.strip()] = rest.split(";", 1)[0]
        return Response(resp.status, {k.lower(): v for k, v in resp.getheaders()}, data)

    def get(self, path: str, headers: dict[str, str] | None = None) -> Response:
        return self._request("GET", path, headers=headers)

    def post_form(
        self, path: str, data: dict[str, str], headers: dict[str, str] | None = None
    ) -> Response:
        body = urllib.parse.urlencode(data).encode()
        return self._request(
            "POST",
            path,
            body,
            {"Content-Type": "application/x-www-form-urlencoded", **(headers or {})},
        )

    def post_multipart(
        self,
        path: str,
        fields: dict[str, str],
        files: list[tuple[str, str, str, bytes]],
        headers: dict[str, str] | None = None,
    ) -> Response:
        """``files``: (field name, filename, content type, content)."""
        boundary = secrets.token_hex(16)
        parts: list[bytes] = []
        for k, v in fields.items():
            parts.append(
                f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode()
            )
        for name, filename, ctype, content in files:
            parts.append(
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
                f"Content-Type: {ctype}\r\n\r\n".encode()
                + content
                + b"\r\n"
            )
        parts.append(f"--{boundary}--\r\n".encode())
        return self._request(
            "POST",
            path,
            b"".join(parts),
            {"Content-Type": f"multipart/form-data; boundary={boundary}", **(headers or {})},
        )

    def csrf_from(self, path: str) -> str:
        """GET a page and return its form's csrfmiddlewaretoken (also sets the cookie)."""
        page = self.get(path).text()
        m = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        return m.group(1) if m else self.cookies.get("csrftoken", "")

    def login(self, username: str, password: str, totp_code: str | None = None) -> None:
        token = self.csrf_from("/masuk/")
        r = self.post_form(
            "/masuk/", {"csrfmiddlewaretoken": token, "username": username, "password": password}
        )
        if r.status != 302:
            raise RuntimeError(f"login failed for {username}: {r.status}")
        if totp_code is not None:
            token = self.csrf_from("/masuk/verifikasi-2fa/")
            r = self.post_form(
                "/masuk/verifikasi-2fa/", {"csrfmiddlewaretoken": token, "token": totp_code}
            )
            if r.status != 302:
                raise RuntimeError(f"2FA failed for {username}: {r.status}")


# --- load -----------------------------------------------------------------------------


@dataclass
class LoadResult:
    label: str
    ok: int = 0
    errors: int = 0
    seconds: float = 0.0
    latencies_ms: list[float] = field(default_factory=list)
    error_samples: list[str] = field(default_factory=list)

    @property
    def per_second(self) -> float:
        return self.ok / self.seconds if self.seconds else 0.0

    def pct(self, p: float) -> float:
        if not self.latencies_ms:
            return 0.0
        data = sorted(self.latencies_ms)
        return data[min(len(data) - 1, int(round(p / 100 * (len(data) - 1))))]

    def line(self) -> str:
        return (
            f"{self.label:<38} {self.per_second:9.1f}/s  p50 {self.pct(50):7.1f} ms  p99 {self.pct(99):7.1f} ms"
            f"  ok {self.ok}  errors {self.errors}"
        )


def run_load(label: str, jobs: list[list[Callable[[], bool]]]) -> LoadResult:
    """Run ``jobs[i]`` (a list of zero-argument request callables returning success) on
    thread ``i``; all threads start together. Latency is measured per call."""
    result = LoadResult(label)
    lock = threading.Lock()
    barrier = threading.Barrier(len(jobs) + 1)

    def worker(calls: list[Callable[[], bool]]) -> None:
        local: list[float] = []
        ok = err = 0
        samples: list[str] = []
        barrier.wait()
        for call in calls:
            t0 = time.perf_counter()
            try:
                success = call()
            except Exception as exc:  # a failed request counts as an error, never aborts the run
                success = False
                if len(samples) < 3:
                    samples.append(repr(exc))
            local.append((time.perf_counter() - t0) * 1000)
            ok += success
            err += not success
        with lock:
            result.latencies_ms.extend(local)
            result.ok += ok
            result.errors += err
            result.error_samples.extend(samples)

    threads = [threading.Thread(target=worker, args=(j,)) for j in jobs]
    for t in threads:
        t.start()
    barrier.wait()
    t0 = time.perf_counter()
    for t in threads:
        t.join()
    result.seconds = time.perf_counter() - t0
    return result


def ceiling(server: Server, *, concurrency: int = 16, per_client: int = 200) -> LoadResult:
    """Throughput of the trivial /healthz endpoint (one DB round trip) on the same server."""
    sessions = [Session(server) for _ in range(concurrency)]

    def make(s: Session) -> Callable[[], bool]:
        return lambda: s.get("/healthz").status == 200

    return run_load("ceiling: GET /healthz (trivial)", [[make(s)] * per_client for s in sessions])


def median(values: list[float]) -> float:
    return statistics.median(values) if values else 0.0


def machine() -> str:
    import platform

    return f"{platform.node()} · {os.cpu_count()} CPU · Python {platform.python_version()}"


# --- summary --------------------------------------------------------------------------

RESULTS = OUT / "results.jsonl"


def record(
    figure: str,
    value: float,
    unit: str,
    *,
    ceiling: float | None = None,
    ceiling_label: str = "",
    goal: str = "",
    met: bool | None = None,
) -> None:
    """Keep one figure for ``make bench``'s summary table (bench/run_all.py): the value,
    the machine's ceiling measured in the same run (same unit) and the issue's goal."""
    OUT.mkdir(parents=True, exist_ok=True)
    row = {
        "bench": Path(sys.argv[0]).stem,
        "figure": figure,
        "value": value,
        "unit": unit,
        "ceiling": ceiling,
        "ceiling_label": ceiling_label,
        "goal": goal,
        "met": met,
    }
    with RESULTS.open("a", encoding="utf-8") as f:
        f.write(json.dumps(row) + "\n")


def record_load(
    result: LoadResult, ceil: LoadResult | None, *, goal: str = "", met: bool | None = None
) -> None:
    """A load result as two figures: throughput (beside the /healthz ceiling) and p99."""
    record(
        result.label,
        result.per_second,
        "req/s",
        ceiling=ceil.per_second if ceil else None,
        ceiling_label="GET /healthz",
        goal=goal,
        met=met,
    )
    record(result.label + " p99", result.pct(99), "ms")
