"""Enqueue background tasks only after the surrounding transaction commits (house style §7).

``django.tasks`` enqueues immediately, so a task started inside a transaction could run
before its rows exist, or for rows a rollback removed. Services call
``enqueue_on_commit("netral.app.tasks.name", *ids)`` (or ``enqueue_with_rows``, the
transactional outbox) instead of ``task.enqueue`` and never import a ``tasks`` module, not even
inside a function: tasks import services, never the other way round
(``core/tests/test_import_layers.py``).
"""

from __future__ import annotations

from typing import Any

from django.db import models, router, transaction
from django.utils.module_loading import import_string


def enqueue_on_commit(task: Any, *args: Any, **kwargs: Any) -> None:
    """Enqueue ``task`` with ``args``/``kwargs`` once the current transaction commits
    (at once when there is none). ``task`` may be a ``django.tasks`` task or a dotted path
    ``"netral.app.tasks.name"``, resolved lazily to avoid import circles."""

    def _enqueue() -> None:
        _resolve(task).enqueue(*args, **kwargs)

    transaction.on_commit(_enqueue)


def enqueue_with_rows(task: Any, *args: Any, model: type[models.Model], **kwargs: Any) -> None:
    """Enqueue ``task`` so that it commits or rolls back with the rows of ``model``.

    When the task queue is a table of the same database (django-tasks-db), the queue row is
    written at once, inside the current transaction: a transactional outbox, which saves one
    commit per task. Other backends (Redis, the immediate backend in tests) are called only
    once the transaction has committed, as ``enqueue_on_commit`` does."""
    resolved = _resolve(task)
    if _queue_is_table_of(resolved, model):
        resolved.enqueue(*args, **kwargs)
    else:
        transaction.on_commit(lambda: resolved.enqueue(*args, **kwargs))


def _resolve(task: Any) -> Any:
    return import_string(task) if isinstance(task, str) else task


def _queue_is_table_of(task: Any, model: type[models.Model]) -> bool:
    try:
        from django_tasks_db.backend import DatabaseBackend
        from django_tasks_db.models import DBTaskResult
    except ImportError:  # pragma: no cover - the db backend is a declared dependency
        return False
    return isinstance(task.get_backend(), DatabaseBackend) and router.db_for_write(
        DBTaskResult
    ) == router.db_for_write(model)
