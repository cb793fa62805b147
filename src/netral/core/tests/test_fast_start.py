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
    "jinja2",  # only through django.test (below)
    "PIL",  # evidence checks and clean copies
    "puremagic",  # evidence type detection
)
# Modules (not whole libraries) that only some requests need: the OpenAPI schema class,
# which ``@extend_schema`` loads with the API views (hence core.lazy_views in every
# api_urls.py), and the test client it drags in.
HEAVY_MODULES = (
    "drf_spectacular.openapi",
    "rest_framework.test",
    "django.test",
)
# Accepted at start (issue 9): django-otp-webauthn's models import py_webauthn, whose
# package imports pyOpenSSL and so ``cryptography.x509`` (formerly listed above, when only
# core.keys needed it). Measured beside the already loaded AES/Ed25519 primitives: about
# 0.15 s for cryptography.x509 plus 0.4 s for webauthn. Passkeys need the library's
# credential model installed; starting without them would need a model of Netral's own.

SCRIPT = """
import sys, django
django.setup()
from django.core import management
management.call_command("check", verbosity=0)
heavy = {h}
modules = {m}
loaded = ({{m.split(".")[0] for m in sys.modules}} & set(heavy)) | (set(sys.modules) & set(modules))
print("HEAVY=" + ",".join(sorted(loaded)))
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
        [sys.executable, "-X", "importtime", "-c", SCRIPT.format(h=HEAVY, m=HEAVY_MODULES)],
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


def test_an_api_route_is_the_drf_view_once_used():
    # given: a lazily imported API route (core.lazy_views)
    from django.urls import resolve

    from netral.core.lazy_views import LazyView

    func = resolve("/api/v1/stats").func
    # then: what the middleware, the URL walk and the schema generator ask of it is the
    # DRF view's own answer
    assert isinstance(func, LazyView)
    assert func.cls.__name__ == "StatsApi" and func.csrf_exempt is True
    assert func.view_class is func.cls
