"""Small-cell suppression for public statistics (UU 27/2022 PDP: no published figure may
single out a small group of people).

One table = a partition of a population whose total is published (or itself hidden).
Rules, applied per table by ``suppress``:

1. **Primary**: a count ``1 <= n < k`` (``k`` = ``STATS_SUPPRESSION_THRESHOLD``) is shown
   as ``"<k"``. Zero is shown as 0: an empty group has nobody to protect.
2. **Complementary**: a reader knows the total, every shown value, that each ``"<k"``
   cell lies in ``1..k-1`` and that each ``"*"`` cell (hidden to protect another) is at
   least ``k``. From the total they learn the sum of the hidden cells. More cells are
   hidden, smallest first, until every ``"<k"`` cell still has at least two possible
   values (``_primary_bounds``); if that cannot be reached, the whole table is hidden.
3. **Hierarchy**: a table that breaks down a hidden parent cell (kabupaten of a hidden
   province) is hidden entirely, so its sum cannot reveal the parent.

Only a fixed family of tables is published (``netral.analytics.public``); a filter picks
one of them and never builds a new cross-tabulation, so comparing two filtered requests
compares published cells of the same family, which the rules above already cover.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from dataclasses import dataclass

PRIMARY = "primary"
SECONDARY = "secondary"
SHOWN = ""


@dataclass(frozen=True)
class Published:
    """One published cell: ``value`` is None when hidden; ``display`` is what readers see."""

    value: int | None
    display: str
    flag: str = SHOWN

    @property
    def hidden(self) -> bool:
        return self.value is None


def _primary_bounds(
    *, hidden_sum: int, primaries: int, secondaries: int, k: int
) -> tuple[int, int]:
    """What a reader can infer about one ``"<k"`` cell among the hidden ones: the
    others are >= 1 (primary) or >= k (secondary) and <= k-1 (primary) or unbounded."""
    others_min = (primaries - 1) + secondaries * k
    lo = 1 if secondaries else max(1, hidden_sum - (primaries - 1) * (k - 1))
    hi = min(k - 1, hidden_sum - others_min)
    return lo, hi


def _safe(values: list[int], flags: list[str], k: int) -> bool:
    primaries = flags.count(PRIMARY)
    if not primaries:
        return True
    secondaries = flags.count(SECONDARY)
    hidden_sum = sum(v for v, f in zip(values, flags, strict=True) if f)
    lo, hi = _primary_bounds(
        hidden_sum=hidden_sum, primaries=primaries, secondaries=secondaries, k=k
    )
    return hi - lo >= 1


def suppress[K: Hashable](
    counts: Mapping[K, int], *, k: int, parent_hidden: bool = False
) -> tuple[dict[K, Published], Published]:
    """Suppress one table; returns the published cells and the published total."""
    keys = list(counts)
    values = [int(counts[key]) for key in keys]
    total = sum(values)
    hidden_all = Published(None, "*", SECONDARY)
    if parent_hidden or 0 < total < k:
        shown_total = Published(None, f"<{k}", PRIMARY) if 0 < total < k else hidden_all
        return {key: hidden_all for key in keys}, shown_total
    flags = [PRIMARY if 0 < v < k else SHOWN for v in values]
    while not _safe(values, flags, k):
        candidates = [i for i, (v, f) in enumerate(zip(values, flags, strict=True)) if v and not f]
        if not candidates:
            # Nothing left to hide alongside the small cells: hide the whole table (its
            # total stays published; the hidden cells are indistinguishable).
            return {key: hidden_all for key in keys}, Published(total, str(total))
        flags[min(candidates, key=lambda i: (values[i], i))] = SECONDARY
    cells = {}
    for key, v, f in zip(keys, values, flags, strict=True):
        if f == PRIMARY:
            cells[key] = Published(None, f"<{k}", PRIMARY)
        elif f == SECONDARY:
            cells[key] = hidden_all
        else:
            cells[key] = Published(v, str(v))
    return cells, Published(total, str(total))
