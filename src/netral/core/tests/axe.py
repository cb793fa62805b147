"""Accessibility check for browser tests: axe-core (vendored by ``make vendor`` from npm,
committed under ``core/tests/vendor/`` so tests run offline) against WCAG 2.1 A and AA.

``page.evaluate`` runs outside the page's Content-Security-Policy, so the strict CSP
needs no exception for the test script.
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path
from typing import Any

AXE_JS = Path(__file__).parent / "vendor" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


@cache
def _source() -> str:
    return AXE_JS.read_text(encoding="utf-8")


def violations(page: Any) -> list[dict[str, Any]]:
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(_source() + "\n;0")
    result = page.evaluate(
        "async (tags) => (await axe.run(document, {runOnly: {type: 'tag', values: tags}}))"
        ".violations.map(v => ({id: v.id, impact: v.impact, help: v.help,"
        " nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 5)}))",
        TAGS,
    )
    return list(result)


def assert_accessible(page: Any) -> None:
    """Fail with every WCAG 2.1 AA violation axe-core finds on the current page."""
    found = violations(page)
    assert not found, f"axe-core on {page.url}: " + "; ".join(
        f"{v['id']} ({v['impact']}): {v['help']} at {v['nodes']}" for v in found
    )


def walk(
    browser: Any,
    live_server: Any,
    user: Any,
    paths: list[str],
    *,
    width: int = 360,
    height: int = 740,
    before: Any = None,
) -> list[str]:
    """Visit ``paths`` as ``user`` (None: a visitor) at ``width`` (a phone by default);
    every page must answer 200, fit the screen's width and pass axe. Returns the problems
    found, all of them, page by page. ``before(page)`` runs after the login (a visitor
    entering a receipt code, say). ``AXE_SCREENSHOTS=DIR`` keeps a full-page shot of each."""
    from netral.conftest import browser_login

    ctx = browser.new_context(
        viewport={"width": width, "height": height}, locale="id-ID", base_url=live_server.url
    )
    page = ctx.new_page()
    page.set_default_timeout(15_000)
    problems = []
    try:
        if user is not None:
            browser_login(page, user)
        if before is not None:
            before(page)
        for path in paths:
            response = page.goto(path)
            if response is None or response.status != 200:
                problems.append(f"{path}: HTTP {response.status if response else '?'}")
                continue
            if shots := os.environ.get("AXE_SCREENSHOTS"):  # look at them: a phone's view
                who = getattr(user, "username", "visitor")
                name = path.strip("/").replace("/", "_").replace("?", "_") or "root"
                page.screenshot(path=f"{shots}/{who}-{width}-{name[:80]}.png", full_page=True)
            overflow = page.evaluate("document.documentElement.scrollWidth")
            if overflow > width + 1:
                problems.append(f"{path}: page is {overflow} px wide on a {width} px screen")
            for v in violations(page):
                problems.append(f"{path}: {v['id']} ({v['impact']}) {v['help']} at {v['nodes']}")
    finally:
        ctx.close()
    return problems
