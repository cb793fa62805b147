"""Train the screening detectors from the shared datasets into a versioned directory."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from netral.screening import services
from netral.screening.ml import card, detectors


class Command(BaseCommand):
    help = "Melatih detektor penyaringan (benih tetap) dan menyimpan artefak berversi."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--datasets", default=str(detectors.default_root()))
        parser.add_argument("--limit", type=int, default=None, help="rows per dataset (tests)")
        parser.add_argument("--out", default=None, help="models directory")
        parser.add_argument("--if-missing", action="store_true")

    def handle(self, *args: Any, **opts: Any) -> None:
        base = Path(opts["out"]) if opts["out"] else services.models_dir()
        if opts["if_missing"] and services.current_version(base) is not None:
            self.stdout.write("Model sudah ada; tidak dilatih ulang.")
            return
        root = Path(opts["datasets"])
        fp = detectors.fingerprint(root)
        version = f"v2-{fp}" + (f"-n{opts['limit']}" if opts["limit"] else "")
        artefact = detectors.train(root, limit=opts["limit"])
        text = card.render(
            version=version,
            seed=detectors.SEED,
            counts=", ".join(f"{k} {v}" for k, v in artefact.counts.items()),
            fingerprint=fp,
            limit=opts["limit"] or "none",
            figures="Run `manage.py evaluate_screening` for cross-validated figures. "
            f"Trained {timezone.localdate().isoformat()}.",
        )
        detectors.save(artefact, base / version, text)
        (base / "CURRENT").write_text(version)
        self.stdout.write(f"Model {version} disimpan di {base / version}.")
