import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """Rate-limit counters live in the (process-wide) cache; start each test at zero."""
    cache.clear()
    yield
    cache.clear()
