"""Start-up time of a management command (issue 15 item 3: under 1.5 s on this machine).

``manage.py check`` does what every command does before its own work (settings, apps,
admin, URL configuration, system checks). Beside it, in the same run: the bare
interpreter and a bare Django start (no project apps) as the machine's ceiling.
Wall time, median of several runs; the machine's load is printed with it.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time

from common import PY, ROOT, bench_env, fresh_pg_database, machine, manage, record

RUNS = 5


def timed(cmd: list[str], env: dict[str, str]) -> float:
    walls = []
    for _ in range(RUNS):
        t0 = time.perf_counter()
        subprocess.run(cmd, env=env, cwd=ROOT, check=True, capture_output=True)
        walls.append(time.perf_counter() - t0)
    return statistics.median(walls)


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
    for label, secs in (
        ("python -c pass", bare_python),
        ("bare Django start (no apps)", bare_django),
        ("manage.py check", check),
        ("manage.py deadline study …", deadline),
    ):
        print(f"{label:<32} {secs * 1000:8.0f} ms  (median of {RUNS})")
    for label, secs in (("manage.py check", check), ("manage.py deadline study …", deadline)):
        record(
            f"start: {label}",
            secs,
            "s",
            ceiling=bare_django,
            ceiling_label="bare Django start",
            goal="< 1.5 s",
            met=secs < 1.5,
        )


if __name__ == "__main__":
    sys.exit(main())
