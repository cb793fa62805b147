"""Precision, recall and F1 per detector: cross-validation on the training data, and the
current model on any labelled CSV or on the reviewers' decisions."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import numpy as np
from django.core.management.base import BaseCommand, CommandError

from netral.screening import services
from netral.screening.ml import detectors
from netral.screening.ml import lexicon as lexmod
from netral.screening.ml import screen as scr
from netral.screening.models import ReviewDecision


class Command(BaseCommand):
    help = "Mengukur presisi, recall dan F1 tiap detektor (validasi silang dan data berlabel)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--datasets", default=str(detectors.default_root()))
        parser.add_argument("--folds", type=int, default=5)
        parser.add_argument("--limit", type=int, default=None)
        parser.add_argument("--no-cv", action="store_true")
        parser.add_argument(
            "--labelled", help="CSV: post_id, action, text, target_text + partisan/hate/hoax 0/1"
        )
        parser.add_argument("--election", help="lexicon JSON for --labelled")
        parser.add_argument("--reviewed", action="store_true", help="reviewer decisions as labels")

    def _print(self, name: str, m: dict[str, float]) -> None:
        self.stdout.write(
            f"{name:40s} n={m['n']:6d}  P={m['precision']:.3f}  R={m['recall']:.3f}  "
            f"F1={m['f1']:.3f}  macro-F1={m['macro_f1']:.3f}"
        )

    def handle(self, *args: Any, **opts: Any) -> None:
        if not opts["no_cv"]:
            self.stdout.write(f"Validasi silang {opts['folds']}-lipat (benih {detectors.SEED}):")
            for name, m in detectors.cross_validate(
                Path(opts["datasets"]), folds=opts["folds"], limit=opts["limit"]
            ).items():
                self._print(name, m)
        if opts["labelled"]:
            if not opts["election"]:
                raise CommandError("--labelled memerlukan --election.")
            lex, errors = lexmod.parse(
                json.loads(Path(opts["election"]).read_text(encoding="utf-8"))
            )
            if lex is None:
                raise CommandError("; ".join(errors))
            with open(opts["labelled"], encoding="utf-8-sig", newline="") as fh:
                rows = list(csv.DictReader(fh))
            screener, version = services.screener_for(lex)
            res = screener.screen(
                [
                    scr.Row(
                        r.get("post_id", str(i)),
                        r.get("action", "post"),
                        r.get("text", ""),
                        r.get("target_text", ""),
                    )
                    for i, r in enumerate(rows)
                ]
            )
            self.stdout.write(f"Data berlabel {opts['labelled']} (model {version}):")
            for det in ("partisan", "hate", "hoax"):
                idx = [i for i, r in enumerate(rows) if r.get(det, "") in ("0", "1")]
                if idx:
                    y = np.array([int(rows[i][det]) for i in idx])
                    p = np.array([int(getattr(res[i], det)) for i in idx])
                    self._print(det, detectors._prf(y, p))
        if opts["reviewed"]:
            decisions = list(ReviewDecision.objects.values_list("decision", "flags"))
            for det in ("partisan", "hate", "hoax"):
                flagged = [d for d, f in decisions if f.get(det)]
                if flagged:
                    ok = sum(d == ReviewDecision.Decision.CONFIRMED for d in flagged)
                    self.stdout.write(
                        f"{det:40s} ditelaah={len(flagged)}  presisi={ok / len(flagged):.3f}"
                    )
