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


def legacy_append(*, kind: str, payload: dict[str, Any], instansi_id: int | None = None) -> Any:
    """A format-1 entry exactly as ``ledger.append`` wrote it before issue 15 (one
    Ed25519-signed chain for the installation, serialised on ``LedgerHead``), placed in
    its agency's log the way migration 0008 places existing entries. Tests of the legacy
    chain and of mixed ledgers use it; production never writes format 1 any more."""
    import base64

    from netral.core import merkle
    from netral.core.keys import ledger_key
    from netral.pledges import ledger, proof
    from netral.pledges.models import GENESIS_HASH, LedgerEntry, LedgerHead, LedgerLog

    text = ledger.canonical_json(payload)
    key = ledger_key()
    head, _ = LedgerHead.objects.select_for_update().get_or_create(
        pk=1, defaults={"seq": 0, "entry_hash": GENESIS_HASH}
    )
    seq = head.seq + 1
    message = proof.signed_message_v1(
        seq=seq, kind=kind, prev_hash=head.entry_hash, key_id=key.key_id, payload=text
    )
    signature = base64.b64encode(key.private.sign(message)).decode()
    log = ledger._lock_log(instansi_id)
    frontier = merkle.unpack(bytes(log.frontier))
    leaf = merkle.leaf_hash(message + proof.frame(signature))
    nodes = b"".join(merkle.append(frontier, log.size, leaf))
    entry = LedgerEntry.objects.create(
        seq=seq,
        log_id=log.pk,
        index=log.size,
        format=1,
        kind=kind,
        prev_hash=head.entry_hash,
        key_id=key.key_id,
        payload=text,
        signature=signature,
        entry_hash=ledger.entry_hash(
            seq=seq,
            kind=kind,
            prev_hash=head.entry_hash,
            key_id=key.key_id,
            payload=text,
            signature=signature,
        ),
        nodes=nodes,
    )
    LedgerHead.objects.filter(pk=1).update(seq=seq, entry_hash=entry.entry_hash)
    LedgerLog.objects.filter(pk=log.pk).update(size=log.size + 1, frontier=merkle.pack(frontier))
    return entry
