"""Background work on the Redis queue (issue 15 item 4): with ``TASKS_BACKEND=rq`` a task
enqueued by Django runs in an RQ worker and its result comes back. A plain ``rqworker``
used RQ's own job class, which cannot run a django.tasks Task (every job failed); the
settings now name django-tasks-rq's class (found by bench/bench_scale.py).

Runs against the Redis server of this machine (skipped where none answers), in a fresh
interpreter because the RQ settings are read when Django starts."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

REDIS = ("127.0.0.1", 6379)

SCRIPT = """
import django
django.setup()
from django.tasks import task


@task
def add(a, b):
    return a + b


import django_rq
from rq import SimpleWorker

result = add.enqueue(2, 3)
django_rq.get_worker("default", worker_class=SimpleWorker).work(burst=True)
result.refresh()
print("RESULT", result.status, result.return_value)
"""


def _redis_answers() -> bool:
    try:
        with socket.create_connection(REDIS, timeout=1) as s:
            s.sendall(b"PING\r\n")
            return s.recv(16).startswith(b"+PONG")
    except OSError:
        return False


@pytest.mark.skipif(not _redis_answers(), reason="no Redis server on 127.0.0.1:6379")
def test_a_task_enqueued_on_redis_runs_in_an_rq_worker():
    root = Path(__file__).resolve().parents[4]
    env = {
        **os.environ,
        "PYTHONPATH": str(root / "src"),
        "DJANGO_SETTINGS_MODULE": "netral.settings",
        "NETRAL_ENV": "test",
        "TASKS_BACKEND": "rq",
        "REDIS_URL": f"redis://{REDIS[0]}:{REDIS[1]}/11",
    }
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT],
        env=env,
        cwd=root,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert "RESULT SUCCESSFUL 5" in done.stdout, done.stdout[-2000:] + done.stderr[-2000:]
