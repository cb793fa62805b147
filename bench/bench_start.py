"""Start-up time of a management command (issue 15 item 3: under 1.5 s on this machine).

``manage.py check`` does what every command does before its own work (settings, apps,
admin, URL configuration, system checks). Beside it, in the same run: the bare
interpreter and a bare Django start (no project apps) as the machine's ceiling.
Wall time, median of several runs; the machine's load is printed with it, and the CPU
time (user + system) of the same runs, which a shared machine's load disturbs less.

``make bench`` compiles the libraries' bytecode first (``make compile``): this machine sets
PYTHONDONTWRITEBYTECODE, and without .pyc files every start recompiles Django and Netral
from source. The last line measures ``check`` that way too (an empty bytecode cache), to
show what the compile step buys.
"""

from __future__ import annotations

import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time

from common import PY, ROOT, bench_env, fresh_pg_database, machine, manage, record

RUNS = 5


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed(cmd: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Median wall time and median CPU time (user + system) of ``RUNS`` runs."""
    walls, cpus = [], []
    for _ in range(RUNS):
        c0, t0 = _children_cpu(), time.perf_counter()
        subprocess.run(cmd, env=env, cwd=ROOT, check=True, capture_output=True)
        walls.append(time.perf_counter() - t0)
        cpus.append(_children_cpu() - c0)
    return statistics.median(walls), statistics.median(cpus)


def _has_bytecode() -> bool:
    import importlib.util

    import django

    return os.path.exists(importlib.util.cache_from_source(django.__file__))


def main() -> None:
    print(machine(), "· load", " ".join(f"{v:.2f}" for v in os.getloadavg()))
    with fresh_pg_database("netral_bench_start") as url:
        env = bench_env(url)
        manage(env, "migrate", "--noinput", "-v0")
        bare_python = timed([PY, "-c", "pass"], env)
        bare_django = timed(
            [
                PY,
                "-c",
                "import django; from django.conf import settings; settings.configure(); django.setup()",
            ],
            env,
        )
        check = timed([PY, str(ROOT / "manage.py"), "check", "-v0"], env)
        deadline = timed(
            [
                PY,
                str(ROOT / "manage.py"),
                *"deadline study --election-type pemilu --start 2024-04-05".split(),
            ],
            env,
        )
        with tempfile.TemporaryDirectory() as empty:
            no_bytecode = timed(
                [PY, str(ROOT / "manage.py"), "check", "-v0"], {**env, "PYTHONPYCACHEPREFIX": empty}
            )
    if not _has_bytecode():
        print("WARNING: no bytecode for the libraries; run `make compile` first")
    for label, (wall, cpu) in (
        ("python -c pass", bare_python),
        ("bare Django start (no apps)", bare_django),
        ("manage.py check", check),
        ("manage.py deadline study …", deadline),
        ("manage.py check, no bytecode", no_bytecode),
    ):
        print(
            f"{label:<32} {wall * 1000:8.0f} ms wall {cpu * 1000:8.0f} ms CPU  (median of {RUNS})"
        )
    for label, (wall, cpu) in (
        ("manage.py check", check),
        ("manage.py deadline study …", deadline),
    ):
        record(
            f"start: {label}",
            wall,
            "s",
            ceiling=bare_django[0],
            ceiling_label="bare Django start",
            goal="< 1.5 s",
            met=wall < 1.5,
        )
        record(
            f"start: {label} (CPU)",
            cpu,
            "s CPU",
            ceiling=bare_django[1],
            goal="< 1.5 s",
            met=cpu < 1.5,
        )
    record(
        "start: check without bytecode (CPU)",
        no_bytecode[1],
        "s CPU",
        ceiling=check[1],
        ceiling_label="with bytecode",
    )


if __name__ == "__main__":
    sys.exit(main())
