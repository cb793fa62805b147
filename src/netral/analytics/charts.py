"""Server-rendered bar charts: plain SVG geometry for the templates (no script, no style
attribute: the CSP stays strict; colours come from CSS classes in app.css)."""

from __future__ import annotations

from dataclasses import dataclass

from netral.analytics.selectors import Table

BAR_H = 18
GAP = 6
WIDTH = 100  # viewBox units: bar widths are percentages of the largest value


@dataclass
class Bar:
    y: int
    label: str
    value: int
    width: float
    done_width: float | None


@dataclass
class Chart:
    height: int
    bars: list[Bar]
    ratio: bool


def bar_chart(table: Table, *, limit: int = 15) -> Chart:
    rows = table.rows[:limit]
    top = table.max_value or 1
    bars = []
    for i, row in enumerate(rows):
        full = (row.total if table.ratio else row.value) or 0
        bars.append(
            Bar(
                y=i * (BAR_H + GAP),
                label=row.label,
                value=row.value,
                width=round(full * WIDTH / top, 2),
                done_width=round(row.value * WIDTH / top, 2) if table.ratio else None,
            )
        )
    return Chart(height=max(len(bars) * (BAR_H + GAP) - GAP, BAR_H), bars=bars, ratio=table.ratio)
