"""Accessibility stays at zero violations on the case pages (issue 11 item 19; issue 10
"Done when": phone and desktop): axe-core (WCAG 2.1 A and AA) on the queue, the case
detail page, the step forms, the PPK compliance table, the dashboard and the leaders'
monthly reports, as each role of the chain sees them, with cases at that role's stage
(letters, documents, notes and a timeline on the page). Each page must also fit the
screen's width."""

from __future__ import annotations

import pytest

from netral.analytics import reports_pdf, rollups
from netral.cases import letters, services
from netral.cases.models import CaseStatus
from netral.cases.tests.factories import make_case, run_to
from netral.core.tests.axe import walk

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("migration_data"),
]

PHONE, DESKTOP = 360, 1280


def _off_the_loop(fn, **kwargs):
    """Run ``fn`` in a worker thread: signing a PDF (pyhanko) starts an asyncio loop,
    which cannot run in this thread beside Playwright's."""
    from concurrent.futures import ThreadPoolExecutor

    from django.db import connection

    def run():
        try:
            return fn(**kwargs)
        finally:
            connection.close()

    with ThreadPoolExecutor(1) as pool:
        return pool.submit(run).result()


@pytest.fixture
def chain(cast, bidang_sd):
    """One case waiting on each role of the chain, and a closed one with a full timeline."""
    at = {}
    for name, status in [
        ("initial", CaseStatus.INITIAL_STUDY),
        ("study", CaseStatus.STUDY),
        ("forwarded", CaseStatus.FORWARDED),
        ("exam", CaseStatus.BODY_EXAM),
        ("recommended", CaseStatus.RECOMMENDED),
        ("decided", CaseStatus.DECIDED),
        ("closed", CaseStatus.CLOSED),
    ]:
        at[name] = run_to(make_case(actor=cast["bawaslu"], unit=bidang_sd), status, cast)
    _off_the_loop(
        letters.letter_issue,
        case=at["initial"],
        data=letters.IssueInput(kind="TANDA_TERIMA"),
        actor=cast["bawaslu"],
    )
    for case in at.values():
        services.case_note_add(case=case, text="Berkas diperiksa lengkap.", actor=cast["bawaslu"])
    rollups.rebuild_all()
    return at


def _pages(role, at):
    def detail(name):
        return f"/perkara/{at[name].public_id}/"

    def step(name, step):
        return f"{detail(name)}langkah/{step}/"

    common = ["/perkara/", "/perkara/antrean/", "/perkara/kepatuhan-ppk/"]
    return {
        "bawaslu": [
            *common,
            detail("study"),
            step("study", "not_proven"),
            detail("closed"),
            step("initial", "register"),
        ],
        "satgas": [*common, detail("initial"), step("initial", "mark_incomplete")],
        "bkn": [*common, detail("forwarded"), detail("exam"), step("exam", "recommend")],
        "ppk": [*common, detail("recommended"), step("recommended", "decide")],
        "bkpsdm": [*common, detail("decided"), step("decided", "execute")],
        "inspektorat": [*common, detail("recommended"), detail("closed")],
    }[role]


@pytest.mark.parametrize("role", ["bawaslu", "satgas", "bkn", "ppk", "bkpsdm", "inspektorat"])
def test_case_pages_of_each_role_have_no_violations_on_a_phone(
    browser, live_server, cast, chain, role
):
    problems = walk(browser, live_server, cast[role], [*_pages(role, chain), "/dasbor/"])
    assert problems == [], "\n".join(problems)


@pytest.mark.parametrize("role", ["bawaslu", "bkn", "ppk", "bkpsdm"])
def test_case_pages_have_no_violations_on_a_desktop(browser, live_server, cast, chain, role):
    paths = _pages(role, chain)
    problems = walk(browser, live_server, cast[role], paths, width=DESKTOP, height=900)
    assert problems == [], "\n".join(problems)


def test_leaders_monthly_reports_have_no_violations(browser, live_server, cast, chain):
    # given: this month's reports built (agency for the PPK, province for the Satgas)
    from django.utils import timezone

    _off_the_loop(reports_pdf.build_month, month=timezone.localdate().replace(day=1))
    # then
    for role in ("ppk", "satgas"):
        problems = walk(browser, live_server, cast[role], ["/dasbor/laporan-bulanan/"])
        assert problems == [], "\n".join(problems)
