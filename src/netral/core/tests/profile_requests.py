"""``make profile`` (issue 15 item 1): where an authenticated request spends its CPU.

Not part of the test suite (the file name does not match ``test_*.py``); run explicitly.
It logs in an employee and a BKPSDM admin, warms each page up, then profiles a batch of
requests through the whole middleware stack with cProfile and prints, per page, the CPU
time per request beside ``/healthz`` on the same session and the functions that cost most.
``PROFILE_REQUESTS`` (default 100) sets the batch, ``PROFILE_SORT`` the order
(``cumulative`` or ``tottime``).
"""

from __future__ import annotations

import cProfile
import io
import os
import pstats
import re
import time

import pytest
from django.test import Client

from netral.conftest import PASSWORD, verified_login
from netral.pledges.tests.factories import make_campaign

N = int(os.environ.get("PROFILE_REQUESTS", "100"))
SORT = os.environ.get("PROFILE_SORT", "cumulative")


def _profile(label: str, call) -> float:
    for _ in range(10):
        call()
    prof = cProfile.Profile()
    t0 = time.process_time()
    prof.enable()
    for _ in range(N):
        call()
    prof.disable()
    ms = (time.process_time() - t0) * 1000 / N
    out = io.StringIO()
    pstats.Stats(prof, stream=out).sort_stats(SORT).print_stats(30)
    print(f"\n### {label}: {ms:.1f} ms CPU per request (under cProfile)\n{out.getvalue()}")
    return ms


@pytest.mark.django_db
def test_profile_hot_pages(karimun, bidang_sd, asn_karimun, hr_karimun):
    campaign = make_campaign(instansi=karimun)
    employee = verified_login(Client(), asn_karimun)
    staff = verified_login(Client(), hr_karimun)
    sign_url = f"/ikrar/{campaign.pk}/tanda-tangan/"
    figures = {
        "GET /healthz (employee session)": _profile(
            "GET /healthz", lambda: employee.get("/healthz")
        ),
        "GET pact page (employee)": _profile("GET pact page", lambda: employee.get(sign_url)),
        "GET / (BKPSDM admin)": _profile("GET / staff", lambda: staff.get("/")),
    }
    page = employee.get(sign_url).content.decode()
    sha = re.search(r'name="text_sha256" value="([0-9a-f]{64})"', page).group(1)
    prof = cProfile.Profile()
    t0 = time.process_time()
    with prof:
        r = employee.post(sign_url, {"text_sha256": sha, "agree": "on", "confirmation": PASSWORD})
    assert r.status_code == 302
    figures["POST sign (one, cold)"] = (time.process_time() - t0) * 1000
    out = io.StringIO()
    pstats.Stats(prof, stream=out).sort_stats(SORT).print_stats(30)
    print(f"\n### POST sign\n{out.getvalue()}")
    print("\nCPU per request (ms):")
    for k, v in figures.items():
        print(f"  {k:<36} {v:7.1f}")
