"""Suppression: an attacker who knows every published figure, the meaning of "<k" and
"*", and the totals must not pin down any small cell (brute force over all tables
consistent with what was published)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from netral.analytics.suppression import PRIMARY, suppress

K = 5
MAX = 9  # values enumerated per hidden cell


def _possible(cell, v):
    if cell.value is not None:
        return v == cell.value
    if cell.display.startswith("<"):
        return 1 <= v < K
    return True  # "*": anything (the reader cannot tell why it is hidden)


def _compositions(total, parts):
    if parts == 1:
        yield (total,)
        return
    for first in range(total + 1):
        for rest in _compositions(total - first, parts - 1):
            yield (first, *rest)


def _consistent_worlds(tables):
    """``tables``: list of (leaf groups, published cells per group, total) over one vector
    of leaf counts; yields every non-negative leaf vector consistent with all of them
    (the reader knows no upper bound for a "*" cell other than the totals)."""
    n_leaves = max(i for t in tables for group in t[0] for i in group) + 1
    fixed = {}
    for groups, cells, _total in tables:
        for g, c in zip(groups, cells, strict=True):
            if len(g) == 1 and c.value is not None:
                fixed[g[0]] = c.value
    free = [i for i in range(n_leaves) if i not in fixed]
    grand = tables[0][2]
    # The national total is published, or shown as "<k".
    totals = [grand.value] if grand.value is not None else range(1, K)
    for t in totals:
        rest = t - sum(fixed.values())
        if rest < 0:
            continue
        for combo in _compositions(rest, len(free)) if free else [()]:
            if not free and rest:
                continue
            world = [0] * n_leaves
            for i, v in fixed.items():
                world[i] = v
            for i, v in zip(free, combo, strict=True):
                world[i] = v
            if _fits(tables, world):
                yield tuple(world)


def _fits(tables, world):
    for groups, cells, total in tables:
        sums = [sum(world[i] for i in g) for g in groups]
        if total.value is not None and sum(sums) != total.value:
            return False
        if total.value is None and total.display.startswith("<") and not (1 <= sum(sums) < K):
            return False
        if not all(_possible(c, s) for c, s in zip(cells, sums, strict=True)):
            return False
    return True


def _assert_protected(tables, truth):
    worlds = list(_consistent_worlds(tables))
    assert tuple(truth) in worlds
    for groups, cells, _total in tables:
        for g, c in zip(groups, cells, strict=True):
            if c.flag == PRIMARY:
                values = {sum(w[i] for i in g) for w in worlds}
                assert len(values) >= 2, (truth, g, values)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(0, MAX), min_size=2, max_size=5))
def test_one_table_never_reveals_a_small_cell(counts):
    # given a table with its total
    cells, total = suppress(dict(enumerate(counts)), k=K)
    # then every "<5" cell has at least two possible values
    published = [cells[i] for i in range(len(counts))]
    _assert_protected([([[i] for i in range(len(counts))], published, total)], counts)
    for value, cell in zip(counts, published, strict=True):
        assert cell.value is None or cell.value == value
        if 0 < value < K:
            assert cell.hidden


@settings(max_examples=40, deadline=None)
@given(st.lists(st.integers(0, MAX), min_size=4, max_size=5), st.integers(2, 3))
def test_differencing_two_filtered_views_reveals_nothing(leaves, split):
    # given leaf counts (kabupaten) in two provinces, a national table by province and
    # the kabupaten table of each province, as two different filtered requests return
    groups = [list(range(split)), list(range(split, len(leaves)))]
    prov_counts = {p: sum(leaves[i] for i in g) for p, g in enumerate(groups)}
    prov_cells, total = suppress(prov_counts, k=K)
    tables = [(groups, [prov_cells[0], prov_cells[1]], total)]
    for p, g in enumerate(groups):
        kab_cells, kab_total = suppress(
            {i: leaves[i] for i in g}, k=K, parent_hidden=prov_cells[p].hidden
        )
        tables.append(([[i] for i in g], [kab_cells[i] for i in g], kab_total))
    # then combining all of them pins no small cell at either level
    _assert_protected(tables, leaves)


def test_single_small_cell_gets_a_complement():
    # given one small cell beside larger ones
    cells, total = suppress({"a": 2, "b": 30, "c": 7}, k=K)
    # then it is shown as "<5" and the smallest other cell is hidden too
    assert cells["a"].display == "<5"
    assert cells["c"].display == "*"
    assert cells["b"].value == 30
    assert total.value == 39


def test_small_total_hides_everything():
    cells, total = suppress({"a": 1, "b": 2}, k=K)
    assert total.display == "<5"
    assert all(c.hidden for c in cells.values())
