"""Screen a file of collected posts against an election lexicon and write RESULTS.csv."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from netral.core.spreadsheet import safe_row
from netral.registry.models import Pegawai
from netral.screening import ingest, services
from netral.screening.errors import IngestError
from netral.screening.ml import lexicon as lexmod
from netral.screening.ml import screen as scr

COLUMNS = [
    "post_id",
    "partisan",
    "partisan_score",
    "hate",
    "hate_score",
    "hoax",
    "hoax_score",
    "employee_nip",
    "explanation",
]


class Command(BaseCommand):
    help = "Menyaring berkas unggahan (CSV/NDJSON) dengan leksikon pemilihan; hasil ke CSV."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("posts")
        parser.add_argument("--election", required=True, help="lexicon JSON file")
        parser.add_argument("--out", required=True)

    def handle(self, *args: Any, **opts: Any) -> None:
        lex, errors = lexmod.parse(json.loads(Path(opts["election"]).read_text(encoding="utf-8")))
        if lex is None:
            raise CommandError("Leksikon tidak valid: " + "; ".join(errors))
        path = Path(opts["posts"])
        fmt = ingest.detect_format(path.name, path.read_text(encoding="utf-8")[:200])

        def open_text() -> Any:
            return open(path, encoding="utf-8-sig", newline="")

        try:
            services._validate(open_text, fmt)
        except IngestError as exc:
            lines = "\n".join(f"baris {n}: {m}" for n, m in exc.params.get("errors", []))
            raise CommandError(f"{exc.message}\n{lines}") from exc
        screener, version = services.screener_for(lex)
        linker = services.Linker(None)
        n = flagged = 0
        with open_text() as fh, open(opts["out"], "w", newline="", encoding="utf-8") as out:
            w = csv.writer(out)
            w.writerow(COLUMNS)
            for rows in services._chunks(ingest.read(fh, fmt)):
                res = screener.screen(
                    [scr.Row(r.post_id, r.action, r.text, r.target_text) for r in rows]
                )
                links = linker.link(rows)
                pids = {p for p, _m, _c in links if p}
                nips = (
                    dict(Pegawai.objects.filter(pk__in=pids).values_list("pk", "nip"))
                    if pids
                    else {}
                )
                for r, (pid, _m, _c) in zip(res, links, strict=True):
                    flagged += r.partisan or r.hate or r.hoax
                    # post ids and explanations come from collected posts: escaped.
                    w.writerow(
                        safe_row(
                            [
                                r.post_id,
                                int(r.partisan),
                                r.partisan_score,
                                int(r.hate),
                                r.hate_score,
                                int(r.hoax),
                                r.hoax_score,
                                nips.get(pid) or "" if pid else "",
                                r.explanation,
                            ]
                        )
                    )
                n += len(rows)
        self.stdout.write(f"{n} baris disaring dengan model {version}; {flagged} ditandai.")
