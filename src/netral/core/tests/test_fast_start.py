"""Fast start (issue 15 item 3): a management command loads settings, the apps, the admin
and the URL configuration (system checks), so none of those may import a heavy library
that only some requests use. The libraries below are imported where they are used; this
test starts a fresh interpreter, does what ``manage.py check`` does, and names any that
slipped back in (and the module that pulled it, via ``-X importtime``)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

# Each costs 0.1–2 s to import on this machine; none is needed to start a process.
HEAVY = (
    "reportlab",  # PDFs: receipts, proofs of filing, letters
    "pyhanko",  # PAdES signing
    "pikepdf",  # clean copies of PDF evidence
    "pypdfium2",
    "openpyxl",  # spreadsheet import/export
    "holidays",  # the working-day calendar, on first deadline
    "segno",  # QR codes
)

SCRIPT = """
import sys, django
django.setup()
from django.core import management
management.call_command("check", verbosity=0)
heavy = {h}
print("HEAVY=" + ",".join(sorted({{m.split(".")[0] for m in sys.modules}} & set(heavy))))
"""


def _first_importer(importtime: str, lib: str) -> str:
    """The chain of modules that imported ``lib`` first (from ``-X importtime``)."""
    rows = []
    for line in importtime.splitlines():
        if line.startswith("import time:") and "cumulative" not in line:
            name = line.split("|")[2]
            rows.append(((len(name) - len(name.lstrip())) // 2, name.strip()))
    for i, (depth, name) in enumerate(rows):
        if name == lib or name.startswith(lib + "."):
            chain = [name]
            for d, n in rows[i + 1 :]:
                if d < depth:
                    chain.append(n)
                    depth = d
            return " <- ".join(chain)
    return lib


def test_starting_a_command_imports_no_heavy_library():
    root = Path(__file__).resolve().parents[4]
    env = {
        **os.environ,
        "PYTHONPATH": str(root / "src"),
        "DJANGO_SETTINGS_MODULE": "netral.settings",
    }
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", SCRIPT.format(h=HEAVY)],
        capture_output=True,
        text=True,
        env=env,
        cwd=root,
        timeout=120,
        check=True,
    )
    line = next(ln for ln in done.stdout.splitlines() if ln.startswith("HEAVY="))
    loaded = [lib for lib in line.removeprefix("HEAVY=").split(",") if lib]
    assert loaded == [], [_first_importer(done.stderr, lib) for lib in loaded]
