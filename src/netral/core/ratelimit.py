"""Fixed-window rate limiting on the shared cache (works across server processes)."""

from __future__ import annotations

import hashlib

from django.core.cache import cache


def _key(scope: str, ident: str, window: int) -> str:
    # Hash the identity so raw IPs never sit in the cache table.
    digest = hashlib.sha256(ident.encode()).hexdigest()[:32]
    return f"rl:{scope}:{window}:{digest}"


def hit(scope: str, ident: str, *, limit: int, period: int) -> bool:
    """Count one hit; return True when the caller is still within ``limit`` per ``period`` s."""
    key = _key(scope, ident, period)
    if cache.add(key, 1, timeout=period):
        return True
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=period)
        return True
    return count <= limit


def is_blocked(scope: str, ident: str, *, limit: int, period: int) -> bool:
    """True when ``ident`` already used up its ``limit`` (does not count a hit)."""
    return (cache.get(_key(scope, ident, period)) or 0) >= limit


def reset(scope: str, ident: str, *, period: int) -> None:
    cache.delete(_key(scope, ident, period))
