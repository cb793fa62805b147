"""The demo runner (issue 8): finds each installed app's ``demo.py`` through
``INSTALLED_APPS`` and runs its ``seed(ctx)`` in that order, so a new app's demo data needs
no edit elsewhere. ``seed_demo`` (registry) calls it.

A ``demo.py`` may say what it needs: ``DEMO_AFTER = ("screening",)`` (app labels whose
demo must run first) or ``DEMO_LAST = True`` (after every other, e.g. rollups that summarise
all demo data). Otherwise the order is ``INSTALLED_APPS``.
"""

from __future__ import annotations

import importlib
import importlib.util
from collections.abc import Callable
from types import ModuleType
from typing import Any

from django.apps import apps
from django.core.exceptions import ImproperlyConfigured


def demo_modules() -> list[ModuleType]:
    """Every installed app's ``demo`` module that has a ``seed``, in running order."""
    found: dict[str, ModuleType] = {}
    for config in apps.get_app_configs():
        name = f"{config.name}.demo"
        if importlib.util.find_spec(name) is None:
            continue
        module = importlib.import_module(name)
        if callable(getattr(module, "seed", None)):
            found[config.label] = module
    pending = [label for label in found if not getattr(found[label], "DEMO_LAST", False)]
    last = [label for label in found if getattr(found[label], "DEMO_LAST", False)]
    ordered: list[str] = []
    while pending:
        for label in pending:
            needs = [n for n in getattr(found[label], "DEMO_AFTER", ()) if n in found]
            if all(n in ordered for n in needs):
                ordered.append(label)
                pending.remove(label)
                break
        else:
            raise ImproperlyConfigured(f"DEMO_AFTER of the demo modules is circular: {pending}")
    return [found[label] for label in [*ordered, *last]]


def run_demo(ctx: Any, *, log: Callable[[str], None] = lambda line: None) -> list[str]:
    """Seed every app's demo data into ``ctx`` (the caller holds the transaction); returns
    the modules run."""
    names = []
    for module in demo_modules():
        log(f"  {module.__name__} …")
        module.seed(ctx)
        names.append(module.__name__)
    return names
