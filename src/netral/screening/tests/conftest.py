"""Screening test fixtures: a small model trained once per test session (a few hundred
rows per dataset, so the suite stays fast), lexicons, and the Satgas personas."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.core.cache import cache

from netral.accounts.roles import Role
from netral.conftest import _staff
from netral.registry.models import Region
from netral.screening.ml import detectors

DATA = Path(__file__).resolve().parent.parent / "data"


@pytest.fixture(scope="session")
def models_dir(tmp_path_factory):
    base = tmp_path_factory.mktemp("screening-models")
    artefact = detectors.train(detectors.default_root(), limit=600)
    detectors.save(artefact, base / "test", "test model card")
    (base / "CURRENT").write_text("test")
    return base


@pytest.fixture(autouse=True)
def _screening_settings(settings, models_dir, tmp_path_factory):
    settings.SCREENING_MODELS_DIR = str(models_dir)
    settings.MEDIA_ROOT = str(tmp_path_factory.mktemp("media"))
    cache.clear()


def lexicon_json(name: str = "lexicon_demo_kepri2024.json") -> dict:
    return json.loads((DATA / name).read_text(encoding="utf-8"))


@pytest.fixture
def satgas_kepri(db):
    return _staff("satgas.kepri", Role.SATGAS, region=Region.objects.get(kode="21"))


@pytest.fixture
def bawaslu_natuna(db):
    return _staff("bawaslu.natuna", Role.BAWASLU, region=Region.objects.get(kode="21.03"))


@pytest.fixture
def election(db, satgas_kepri):
    from netral.screening import services

    return services.election_save(data=lexicon_json(), actor=satgas_kepri)
