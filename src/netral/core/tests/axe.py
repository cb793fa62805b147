"""Accessibility check for browser tests: axe-core (vendored by ``make vendor`` from npm,
committed under ``core/tests/vendor/`` so tests run offline) against WCAG 2.1 A and AA.

``page.evaluate`` runs outside the page's Content-Security-Policy, so the strict CSP
needs no exception for the test script.
"""

from __future__ import annotations

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
