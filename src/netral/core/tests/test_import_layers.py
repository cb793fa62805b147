"""No import circles between services and tasks (issue 8): a static walk of every import
statement in src/netral, and a fresh interpreter that imports each services and tasks
module first (a circle shows up as an ImportError only in the module imported first)."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

SRC = Path(__file__).resolve().parents[3]  # src/
PACKAGE = SRC / "netral"


def module_name(path: Path) -> str:
    parts = list(path.relative_to(SRC).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def production_modules() -> dict[str, Path]:
    return {
        module_name(p): p
        for p in PACKAGE.rglob("*.py")
        if "tests" not in p.parts and "migrations" not in p.parts
    }


def imports_of(path: Path, *, top_level_only: bool) -> set[str]:
    """Modules of netral named by import statements (``from a import b`` counts ``a`` and,
    when it is a module, ``a.b``). Imports under ``if TYPE_CHECKING`` never run;
    ``top_level_only`` leaves out those inside functions (they run when called)."""
    tree = ast.parse(path.read_text(), filename=str(path))
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    found: set[str] = set()

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            for child in node.orelse:
                visit(child)
            return
        if top_level_only and isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
            return
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")
                anchor = parts[: len(parts) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            found.add(base)
            found.update(f"{base}.{a.name}" for a in node.names)
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(tree)
    return {n for n in found if n.startswith("netral")}


def role(name: str) -> str:
    return name.rsplit(".", 1)[-1]


def test_services_selectors_and_workflows_never_import_a_tasks_module():
    """They enqueue through core.tasks.enqueue_on_commit with a dotted path; tasks import
    services, never the other way round, not even inside a function."""
    modules = production_modules()
    offenders = sorted(
        f"{name} imports {target}"
        for name, path in modules.items()
        if role(name) in {"services", "selectors", "workflow"}
        for target in imports_of(path, top_level_only=False)
        if target in modules and role(target) == "tasks" and target != "netral.core.tasks"
    )
    assert offenders == [], "\n".join(offenders)


def strongly_connected(graph: dict[str, set[str]]) -> list[set[str]]:
    """Tarjan's algorithm: the groups of modules that import each other in a circle."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[set[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in graph[node]:
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = set()
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.add(member)
                if member == node:
                    break
            groups.append(group)

    sys.setrecursionlimit(max(sys.getrecursionlimit(), 10 * len(graph)))
    for node in graph:
        if node not in index:
            visit(node)
    return groups


def test_no_import_cycle_through_services_or_tasks():
    """Module-level imports only: those run when the module loads."""
    modules = production_modules()
    graph = {
        name: {t for t in imports_of(path, top_level_only=True) if t in modules and t != name}
        for name, path in modules.items()
    }
    circles = [
        sorted(group)
        for group in strongly_connected(graph)
        if len(group) > 1 and any(role(m) in {"services", "tasks"} for m in group)
    ]
    assert circles == []


# Runs in a fresh interpreter: set Django up, then for each module forget every netral
# module except packages, app configs and model modules (those cannot load twice) and import
# it, so it is the first of its circle to load, as in a worker that imports only its tasks.
PROBE = """
import importlib, inspect, sys, traceback
import django
django.setup()
from django.db import models

def defines_models(mod):
    return any(
        inspect.isclass(o) and issubclass(o, models.Model) and o.__module__ == mod.__name__
        for o in vars(mod).values()
    )

for target in sys.argv[1:]:
    for name in [n for n in sys.modules if n.startswith("netral.")]:
        mod = sys.modules[name]
        if not (name.count(".") < 2 or name.endswith(".apps") or mod is None or defines_models(mod)):
            del sys.modules[name]
    try:
        importlib.import_module(target)
    except Exception:
        print(target, traceback.format_exc().splitlines()[-1])
"""


def test_each_services_and_tasks_module_imports_first_in_a_fresh_interpreter():
    names = sorted(n for n in production_modules() if role(n) in {"services", "tasks"})
    assert len(names) >= 10
    env = {**os.environ, "PYTHONPATH": str(SRC), "DJANGO_SETTINGS_MODULE": "netral.settings"}
    env.setdefault("NETRAL_ENV", "test")
    result = subprocess.run(
        [sys.executable, "-c", PROBE, *names], capture_output=True, text=True, timeout=600, env=env
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == ""
