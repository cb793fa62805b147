import pytest

from netral.cases.tests.conftest import (  # noqa: F401  (case personas for the case sections)
    bawaslu_natuna,
    bkn_kanreg,
    cast,
    inspektorat_karimun,
    ppk_karimun,
    ppk_natuna,
    satgas_kepri,
)


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path_factory):
    settings.MEDIA_ROOT = str(tmp_path_factory.mktemp("media"))


@pytest.fixture(autouse=True)
def _fresh_cache():
    # Dashboard tables are cached by scope, filters and rollup stamps; a frozen clock in
    # one test must not hand its figures to the next.
    from django.core.cache import cache

    cache.clear()
