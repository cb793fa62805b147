"""Netral behind PgBouncer in transaction mode (issue 15 item 4): a real PgBouncer (the
Debian package) in front of this machine's PostgreSQL; migrations, a ledger verification
(``.iterator()``) and a signed pledge go through it from separate processes. Skipped
where PgBouncer or PostgreSQL is not installed."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

PG = ("127.0.0.1", 5432)
ROOT = Path(__file__).resolve().parents[4]


def _reachable(addr: tuple[str, int]) -> bool:
    try:
        with socket.create_connection(addr, timeout=1):
            return True
    except OSError:
        return False


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


pytestmark = pytest.mark.skipif(
    not shutil.which("pgbouncer", path="/usr/sbin:/usr/bin") or not _reachable(PG),
    reason="needs the pgbouncer package and PostgreSQL on 127.0.0.1:5432",
)


@pytest.fixture
def pgbouncer():
    import psycopg

    db = f"netral_pgb_{os.getpid()}"
    with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as c:
        c.execute(f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)')
        c.execute(f'CREATE DATABASE "{db}"')
    port = _free_port()
    # PgBouncer drops root for "nobody", who cannot enter pytest's private tmp_path.
    run = Path(tempfile.mkdtemp(prefix="netral-pgb-"))
    os.chmod(run, 0o755)
    (run / "userlist.txt").write_text('"postgres" ""\n')
    (run / "pgbouncer.ini").write_text(
        f"[databases]\n{db} = host=127.0.0.1 port=5432 dbname={db}\n"
        "[pgbouncer]\n"
        f"listen_addr = 127.0.0.1\nlisten_port = {port}\nunix_socket_dir =\n"
        f"auth_type = trust\nauth_file = {run / 'userlist.txt'}\n"
        "pool_mode = transaction\ndefault_pool_size = 4\nmax_client_conn = 100\n"
    )
    for p in run.iterdir():
        os.chmod(p, 0o644)
    cmd = [shutil.which("pgbouncer", path="/usr/sbin:/usr/bin"), str(run / "pgbouncer.ini")]
    if os.geteuid() == 0:
        cmd[1:1] = ["-u", "nobody"]  # PgBouncer refuses to run as root
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        deadline = time.time() + 20
        while not _reachable(("127.0.0.1", port)):
            if proc.poll() is not None or time.time() > deadline:
                raise RuntimeError(f"pgbouncer did not start: {proc.stdout.read()!r}")
            time.sleep(0.1)
        yield f"postgres://postgres@127.0.0.1:{port}/{db}"
    finally:
        proc.terminate()
        proc.wait(timeout=10)
        with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as c:
            c.execute(f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)')
        shutil.rmtree(run, ignore_errors=True)


SIGN = """
import django
django.setup()
from netral.pledges import services
from netral.pledges.tests.factories import make_campaign
from netral.registry.tests.factories import InstansiFactory, PegawaiFactory, UnitKerjaFactory
inst = InstansiFactory(kode="21.02")
unit = UnitKerjaFactory(instansi=inst)
campaign = make_campaign(instansi=inst)
for _ in range(3):
    services.pact_sign(campaign=campaign, pegawai=PegawaiFactory(unit=unit), actor=None, method="PASSWORD")
print("signed")
"""


def test_migrate_sign_and_verify_through_pgbouncer_transaction_mode(pgbouncer, tmp_path):
    env = {
        **os.environ,
        "DATABASE_URL": pgbouncer,
        "DATABASE_POOLER": "pgbouncer",
        "NETRAL_ENV": "dev",
        "NETRAL_VAR_DIR": str(tmp_path / "var"),
        "PYTHONPATH": str(ROOT / "src"),
        "DJANGO_SETTINGS_MODULE": "netral.settings",
        "TASKS_BACKEND": "immediate",
    }

    def run(*args: str) -> str:
        done = subprocess.run(args, env=env, cwd=ROOT, capture_output=True, text=True, timeout=600)
        assert done.returncode == 0, done.stdout + done.stderr
        return done.stdout + done.stderr

    manage = [sys.executable, str(ROOT / "manage.py")]
    run(*manage, "migrate", "--noinput", "-v0")
    assert "signed" in run(sys.executable, "-c", SIGN)
    out = run(*manage, "verify_ledger")
    assert "3" in out, out
