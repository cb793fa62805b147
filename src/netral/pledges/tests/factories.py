"""Pledge test helpers (house style §12): campaigns are built through the services."""

from __future__ import annotations

import datetime as dt
from typing import Any

from netral.pledges import services, workflow
from netral.pledges.models import Campaign, Election, PactTemplate, PledgeText, Stage
from netral.registry.models import Instansi, Pegawai

HEADS = [Pegawai.Tingkat.JPT, Pegawai.Tingkat.ADMINISTRATOR]


def ensure_seed_data() -> None:
    """Re-run the 0002 data migration (idempotent): transactional tests flush the
    database, data migrations included."""
    import importlib

    from django.apps import apps

    migration = importlib.import_module("netral.pledges.migrations.0002_seed_elections_and_texts")
    migration.seed(apps, None)


def make_campaign(
    *,
    instansi: Instansi,
    actor: Any = None,
    stages: list[dict[str, Any]] | None = None,
    activate: bool = True,
    election: str = "pilkada-2024",
) -> Campaign:
    """A campaign with ``stages`` (kwargs for ``services.stage_add``); by default one
    stage for everyone, open today."""
    ensure_seed_data()
    campaign = services.campaign_create(
        instansi=instansi,
        election=Election.objects.get(kode=election),
        nama=f"Ikrar netralitas {instansi.nama}",
        place="Tanjung Balai Karimun",
        pledge_text=PledgeText.objects.get(kode="ikrar-netralitas-asn", version=1),
        pact_template=PactTemplate.objects.get(kode="pakta-integritas-netralitas", version=1),
        actor=actor,
    )
    today = dt.date.today()
    for spec in stages or [{"nama": "Semua pegawai", "opens_on": today}]:
        spec = {"deadline": today + dt.timedelta(days=14), **spec}
        if "threshold_percent" in spec:
            spec.setdefault("open_rule", Stage.OpenRule.THRESHOLD)
        services.stage_add(campaign=campaign, actor=actor, **spec)
    if activate:
        workflow.campaign_transition(campaign=campaign, to=Campaign.Status.ACTIVE, actor=actor)
    return Campaign.objects.select_related(
        "instansi", "election", "pledge_text", "pact_template"
    ).get(pk=campaign.pk)
