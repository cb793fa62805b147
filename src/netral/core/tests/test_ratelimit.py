import time_machine

from netral.core import ratelimit
from netral.core.models import RateCounter


def test_counts_within_window_then_blocks(db):
    for _ in range(3):
        assert ratelimit.hit("t", "203.0.113.5", limit=3, period=60)
    assert not ratelimit.hit("t", "203.0.113.5", limit=3, period=60)
    assert ratelimit.is_blocked("t", "203.0.113.5", limit=3, period=60)
    assert not ratelimit.is_blocked("t", "203.0.113.6", limit=3, period=60)


def test_new_window_starts_from_one(db):
    with time_machine.travel(1_800_000_000, tick=False):
        for _ in range(5):
            ratelimit.hit("t", "x", limit=2, period=60)
        assert ratelimit.is_blocked("t", "x", limit=2, period=60)
    with time_machine.travel(1_800_000_061, tick=False):
        assert not ratelimit.is_blocked("t", "x", limit=2, period=60)
        assert ratelimit.hit("t", "x", limit=2, period=60)


def test_reset_and_no_raw_identity_stored(db):
    ratelimit.hit("login-user", "budi@example.go.id", limit=5, period=900)
    assert not any("budi" in k for k in RateCounter.objects.values_list("key", flat=True))
    ratelimit.reset("login-user", "budi@example.go.id", period=900)
    assert not RateCounter.objects.exists()


def test_redis_configured_uses_the_cache(db, settings):
    settings.REDIS_URL = "redis://unused"  # the test cache is local memory
    for _ in range(2):
        assert ratelimit.hit("t", "y", limit=2, period=60)
    assert not ratelimit.hit("t", "y", limit=2, period=60)
    assert not RateCounter.objects.exists()
