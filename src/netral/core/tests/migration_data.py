"""The rows the project's data migrations load, back in place for transactional tests.

A transactional test (``django_db(transaction=True)``, ``live_server``, threads) may run
after another transactional test's flush: the regions, catalogue, deadline rules,
recommending bodies, holidays and letter templates that the data migrations loaded are
gone. Django's serialized rollback would bring everything back, content types included,
and restoring those clashes with the content types the flush's ``post_migrate`` re-created
(unique ``app_label, model``). So the test database's own rows are captured once, right
after it was migrated (:func:`capture`, from the ``django_db_setup`` override in
``netral/conftest.py``), leaving out Django's content types and permissions, which
``post_migrate`` owns; :func:`restore` loads them again where a flush removed them.
The rows are the ones ``migrate`` wrote, not a hand-kept copy that could drift.
"""

from __future__ import annotations

from django.apps import apps
from django.core import serializers
from django.core.management.color import no_style
from django.db import connection, transaction
from django.db.models import Model

_captured: str | None = None


def _models() -> list[type[Model]]:
    """The project's models, in an order where a row's references load before it."""
    app_list = [(cfg, None) for cfg in apps.get_app_configs() if cfg.name.startswith("netral.")]
    return [m for m in serializers.sort_dependencies(app_list) if m._meta.managed]


def capture() -> None:
    """Keep the freshly migrated database's project rows (call once, before any test ran)."""
    global _captured

    def rows():
        for model in _models():
            yield from (
                model._base_manager.using(connection.alias).order_by(model._meta.pk.name).iterator()
            )

    _captured = serializers.serialize("json", rows())


def seeded() -> bool:
    from netral.registry.models import Region

    return Region.objects.exists()


def restore() -> None:
    """Load the captured rows into a flushed database, then move the id sequences past them."""
    if _captured is None:
        raise RuntimeError("migration data was not captured: request the migration_data fixture")
    with transaction.atomic(using=connection.alias):
        with connection.constraint_checks_disabled():
            for obj in serializers.deserialize("json", _captured, using=connection.alias):
                obj.save(using=connection.alias)
        connection.check_constraints()
        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(no_style(), _models()):
                cursor.execute(sql)
