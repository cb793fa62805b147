"""`make bench`: run every bench/bench_*.py in turn (each prints its own table), then one
summary table of every figure beside its ceiling and its goal (from bench/out/results.jsonl,
written by ``common.record``)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from common import RESULTS, machine  # noqa: E402


def _fmt(v: float | None) -> str:
    if v is None:
        return "—"
    return f"{v:,.0f}" if abs(v) >= 100 else f"{v:,.2f}"


def summary() -> str:
    if not RESULTS.exists():
        return "(no figures recorded)"
    rows = [json.loads(line) for line in RESULTS.read_text(encoding="utf-8").splitlines() if line]
    head = f"{'bench':<18} {'figure':<46} {'value':>12} {'unit':<10} {'ceiling':>12} {'share':>6}  goal"
    lines = [head, "-" * (len(head) + 24)]
    for r in rows:
        share = ""
        if r["ceiling"]:
            share = f"{r['value'] / r['ceiling'] * 100:5.0f}%"
        mark = {True: " ✓", False: " ✗", None: ""}[r["met"]]
        lines.append(
            f"{r['bench']:<18} {r['figure'][:46]:<46} {_fmt(r['value']):>12} {r['unit']:<10} "
            f"{_fmt(r['ceiling']):>12} {share:>6}  {r['goal']}{mark}"
        )
    lines.append("ceiling: the machine's own figure measured in the same run (see each bench)")
    return "\n".join(lines)


def main() -> int:
    only = [a for a in sys.argv[1:] if not a.startswith("-")]
    RESULTS.unlink(missing_ok=True)
    failed = []
    for script in sorted(HERE.glob("bench_*.py")):
        if only and not any(o in script.name for o in only):
            continue
        print(f"\n===== {script.name} =====", flush=True)
        rc = subprocess.call([sys.executable, str(script)])
        if rc:
            failed.append(script.name)
    print(f"\n===== summary · {machine()} =====")
    print(summary())
    if failed:
        print(f"\nFailed: {', '.join(failed)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
