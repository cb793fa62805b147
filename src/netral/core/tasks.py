"""Enqueue background tasks only after the surrounding transaction commits (house style §7).

``django.tasks`` enqueues immediately, so a task started inside a transaction could run
before its rows exist, or for rows a rollback removed. Services call
``enqueue_on_commit(task, *ids)`` instead of ``task.enqueue`` and never import each other's
``tasks`` modules at import time, which keeps services ↔ tasks free of import circles.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction


def enqueue_on_commit(task: Any, *args: Any, **kwargs: Any) -> None:
    """Enqueue ``task`` with ``args``/``kwargs`` once the current transaction commits
    (at once when there is none). ``task`` may be a ``django.tasks`` task or a dotted path
    ``"netral.app.tasks.name"``, resolved lazily to avoid import circles."""

    def _enqueue() -> None:
        resolved = task
        if isinstance(task, str):
            from django.utils.module_loading import import_string

            resolved = import_string(task)
        resolved.enqueue(*args, **kwargs)

    transaction.on_commit(_enqueue)
