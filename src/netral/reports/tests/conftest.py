import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    # Rate-limit counters live in the (process-wide) cache; each test starts clean.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path_factory):
    # Evidence files never land in the developer's var/media.
    settings.MEDIA_ROOT = str(tmp_path_factory.mktemp("media"))
