"""Views do no ORM calls of their own (CONTRIBUTING.md, house style §3 and §6): a view
parses input, looks rows up through a selector, calls a service, and renders. This test
reads every views module (``views.py`` and ``*_views.py``) with ``ast`` and fails on

* a manager: ``.objects``, ``._default_manager``, ``._base_manager``;
* a query being built or written: ``filter``, ``exclude``, ``order_by``, ``annotate``,
  ``select_related``, ``all`` (a related manager), ``create``, ``save``, ``delete()``,
  ``update(field=...)`` and the like, whatever they are called on;
* ``get_object_or_404`` / ``get_list_or_404`` (a lookup belongs in a selector).

Evaluating what a selector returned (iterating, slicing, ``count()``, ``exists()``,
``first()``, a ``Paginator``) is the view's job and is allowed.
"""

from __future__ import annotations

import ast
from pathlib import Path

import netral

MANAGERS = {"objects", "_default_manager", "_base_manager"}
# Methods that build or run a query on their own; none of them has a common non-ORM
# meaning with these names in this code base.
QUERY_METHODS = {
    "filter",
    "exclude",
    "annotate",
    "aggregate",
    "alias",
    "values_list",
    "order_by",
    "select_related",
    "prefetch_related",
    "select_for_update",
    "only",
    "defer",
    "distinct",
    "in_bulk",
    "get_or_create",
    "update_or_create",
    "bulk_create",
    "bulk_update",
    "raw",
    "extra",
    "save",
    "refresh_from_db",
    "all",
    "none",
}
SHORTCUTS = {"get_object_or_404", "get_list_or_404"}
ROOT = Path(netral.__file__).parent


def _views_modules() -> list[Path]:
    return sorted(
        p
        for p in ROOT.rglob("*.py")
        if (p.name == "views.py" or p.name.endswith("_views.py"))
        and "tests" not in p.parts
        and "migrations" not in p.parts
    )


def _offences(tree: ast.AST) -> list[tuple[int, str]]:
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and node.attr in MANAGERS:
            found.append((node.lineno, f".{node.attr}"))
        elif isinstance(node, ast.Call):
            func = node.func
            if isinstance(func, ast.Name) and func.id in SHORTCUTS:
                found.append((node.lineno, f"{func.id}()"))
            elif isinstance(func, ast.Attribute):
                name = func.attr
                if name in SHORTCUTS:
                    found.append((node.lineno, f"{name}()"))
                elif name in QUERY_METHODS:
                    found.append((node.lineno, f".{name}()"))
                # ``.values("a")`` / ``.update(a=1)`` / ``.create(a=1)`` / ``.delete()``:
                # the dict and cache methods of the same names are called otherwise.
                elif name == "values" and node.args:
                    found.append((node.lineno, ".values(...)"))
                elif name in ("update", "create") and node.keywords and not node.args:
                    found.append((node.lineno, f".{name}(field=...)"))
                elif name == "delete" and not node.args and not node.keywords:
                    found.append((node.lineno, ".delete()"))
    return found


def test_the_rule_catches_what_it_names() -> None:
    # given: a view body with each kind of ORM call
    source = (
        "def v(request, pk):\n"
        "    a = Report.objects.get(pk=pk)\n"
        "    b = selectors.cases_visible_to(user=request.user).filter(pk=pk)\n"
        "    c = get_object_or_404(Report, pk=pk)\n"
        "    d = case.documents.all()\n"
        "    e = qs.values('pk')\n"
        "    row.save()\n"
        "    qs.update(status='x')\n"
        "    f = {}.values(); g = data.get('x'); h = page.count()\n"
    )
    # when
    found = [what for _line, what in _offences(ast.parse(source))]
    # then: the six ORM uses are caught, the dict/evaluation calls are not
    assert found.count(".objects") == 1
    assert {".filter()", "get_object_or_404()", ".all()", ".values(...)", ".save()"} <= set(found)
    assert ".update(field=...)" in found
    assert len(found) == 7


def test_views_do_no_orm_calls_of_their_own() -> None:
    # given
    modules = _views_modules()
    assert len(modules) >= 10, "the views modules were not found"
    # when
    offenders = [
        f"{path.relative_to(ROOT.parent)}:{line}: {what}"
        for path in modules
        for line, what in _offences(ast.parse(path.read_text(encoding="utf-8")))
    ]
    # then
    assert not offenders, (
        "Views do no ORM calls of their own (CONTRIBUTING.md): move these reads into the "
        "app's selectors.py (scoped by user) and writes into services.py:\n" + "\n".join(offenders)
    )
