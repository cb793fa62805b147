import pytest

from netral.accounts.roles import Role
from netral.conftest import _staff
from netral.registry.models import Region


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path_factory):
    settings.MEDIA_ROOT = str(tmp_path_factory.mktemp("media"))


@pytest.fixture
def satgas_kepri(db):
    return _staff("satgas.kepri", Role.SATGAS, region=Region.objects.get(kode="21"))


@pytest.fixture
def bkn_kanreg(db):
    return _staff("bkn.kanreg", Role.KASN_BKN, region=Region.objects.get(kode="21"))


@pytest.fixture
def ppk_karimun(karimun):
    return _staff("ppk.karimun", Role.PPK, instansi=karimun)


@pytest.fixture
def ppk_natuna(natuna):
    return _staff("ppk.natuna", Role.PPK, instansi=natuna)


@pytest.fixture
def inspektorat_karimun(karimun):
    return _staff("inspektorat.karimun", Role.INSPEKTORAT, instansi=karimun)


@pytest.fixture
def bawaslu_natuna(db):
    return _staff("bawaslu.natuna", Role.BAWASLU, region=Region.objects.get(kode="21.03"))


@pytest.fixture
def cast(bawaslu_karimun, satgas_kepri, bkn_kanreg, ppk_karimun, hr_karimun, inspektorat_karimun):
    return {
        "bawaslu": bawaslu_karimun,
        "satgas": satgas_kepri,
        "bkn": bkn_kanreg,
        "ppk": ppk_karimun,
        "bkpsdm": hr_karimun,
        "inspektorat": inspektorat_karimun,
    }
