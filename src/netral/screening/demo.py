"""Demo screening data for the Satgas demo user (seed_demo, after reports).

Loads the demo lexicon (Pilkada Kepri 2024 style, fictional candidates), trains the
detectors if no trained model exists yet (from the shared datasets, a minute or two),
and screens the shipped demo file of 300 posts with tricky negatives. About one author in
ten is mapped to a declared account of a Karimun employee so the queue shows linked
employees (SKB 2022 lampiran; shared/domain.md §4).
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from netral.registry.demo import DemoContext
from netral.registry.models import AkunMedsos
from netral.screening import services

DATA = Path(__file__).resolve().parent / "data"


def ensure_model() -> None:
    if services.current_version() is not None:
        return
    from netral.screening.ml import card, detectors

    root = detectors.default_root()
    fp = detectors.fingerprint(root)
    version = f"v2-{fp}"
    artefact = detectors.train(root)
    text = card.render(
        version=version,
        seed=detectors.SEED,
        fingerprint=fp,
        limit="none",
        counts=", ".join(f"{k} {v}" for k, v in artefact.counts.items()),
        figures="Run `manage.py evaluate_screening` for cross-validated figures.",
    )
    detectors.save(artefact, services.models_dir() / version, text)
    (services.models_dir() / "CURRENT").write_text(version)


def seed(ctx: DemoContext) -> None:
    satgas = ctx.users.get("satgas.kepri")
    lexicon = json.loads((DATA / "lexicon_demo_kepri2024.json").read_text(encoding="utf-8"))
    election = services.election_save(data=lexicon, actor=satgas)
    ensure_model()
    accounts = list(
        AkunMedsos.objects.filter(pegawai__instansi__kode="21.02")
        .order_by("id")
        .values_list("platform", "handle")[:40]
    )
    with open(DATA / "demo_posts.csv", encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        fields = reader.fieldnames or []
        rows = list(reader)
    for i, row in enumerate(rows):
        if accounts and i % 7 == 0:
            platform, handle = accounts[(i // 7) % len(accounts)]
            row["platform"], row["author_handle"] = platform, handle
    out = io.StringIO()
    w = csv.DictWriter(out, fields)
    w.writeheader()
    w.writerows(rows)
    services.batch_screen_bytes(
        election=election,
        data=out.getvalue().encode("utf-8"),
        filename="demo_posts.csv",
        actor=satgas,
        region_kode="21",
    )
