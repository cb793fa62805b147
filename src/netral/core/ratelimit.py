"""Fixed-window rate limiting shared by every server process.

With ``REDIS_URL`` set the counters live in the Redis cache; otherwise in the
``core.RateCounter`` table, one UPSERT per hit (PostgreSQL and SQLite ≥ 3.35 both speak
``INSERT … ON CONFLICT … RETURNING``). Client identities are hashed before use, so raw IP
addresses never reach the cache or the database.

Callers count *before* they do the guarded work (``hit`` is one atomic
increment-and-read, so a burst of parallel requests can never get more than ``limit``
checks through: issue 9, defect 9) and ``refund`` a hit that turned out to be a success
when successes should not use up the budget.

Callers should count hits outside a transaction that may roll back (a rolled-back
counter would let guesses through); every call site in the code base does so.
"""

from __future__ import annotations

import hashlib
import random
import time

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.db.models import F

from netral.core.models import RateCounter

_PRUNE_EVERY = 500  # on average, one hit in this many deletes windows older than a day


def _key(scope: str, ident: str, period: int) -> str:
    digest = hashlib.sha256(ident.encode()).hexdigest()[:32]
    return f"rl:{scope}:{period}:{digest}"


def _window(period: int) -> int:
    return int(time.time()) // period * period


def _use_cache() -> bool:
    return bool(settings.REDIS_URL) or connection.vendor not in ("postgresql", "sqlite")


def _db_hit(key: str, window: int) -> int:
    table = RateCounter._meta.db_table
    with connection.cursor() as cur:
        cur.execute(
            f"INSERT INTO {table} (key, window_start, count) VALUES (%s, %s, 1) "  # noqa: S608 (table name from the model)
            f"ON CONFLICT (key) DO UPDATE SET "
            f"count = CASE WHEN {table}.window_start = excluded.window_start THEN {table}.count + 1 ELSE 1 END, "
            f"window_start = excluded.window_start RETURNING count",
            [key, window],
        )
        count = cur.fetchone()[0]
    if random.randrange(_PRUNE_EVERY) == 0:
        RateCounter.objects.filter(window_start__lt=window - 86400).delete()
    return int(count)


def count(scope: str, ident: str, *, period: int) -> int:
    """Count one hit and return the window's count including it (atomic: one UPSERT …
    RETURNING, or the cache's add/incr)."""
    key = _key(scope, ident, period)
    if not _use_cache():
        return _db_hit(key, _window(period))
    if cache.add(key, 1, timeout=period):
        return 1
    try:
        return int(cache.incr(key))
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=period)
        return 1


def hit(scope: str, ident: str, *, limit: int, period: int) -> bool:
    """Count one hit; return True when the caller is still within ``limit`` per ``period`` s."""
    return count(scope, ident, period=period) <= limit


def refund(scope: str, ident: str, *, period: int) -> None:
    """Give back one hit of the current window (a success that was counted up front)."""
    key = _key(scope, ident, period)
    if not _use_cache():
        RateCounter.objects.filter(key=key, window_start=_window(period), count__gt=0).update(
            count=F("count") - 1
        )
        return
    try:
        cache.decr(key)
    except ValueError:  # the window expired meanwhile
        pass


def is_blocked(scope: str, ident: str, *, limit: int, period: int) -> bool:
    """True when ``ident`` already used up its ``limit`` (does not count a hit)."""
    key = _key(scope, ident, period)
    if not _use_cache():
        count = (
            RateCounter.objects.filter(key=key, window_start=_window(period))
            .values_list("count", flat=True)
            .first()
        )
        return (count or 0) >= limit
    return (cache.get(key) or 0) >= limit


def reset(scope: str, ident: str, *, period: int) -> None:
    key = _key(scope, ident, period)
    if not _use_cache():
        RateCounter.objects.filter(key=key).delete()
        return
    cache.delete(key)
