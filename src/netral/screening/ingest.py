"""Streaming reader for uploaded posts (CSV or NDJSON), issue 12 §2.

Rows are validated one by one; every bad row is reported with its line number and the
whole upload is refused when any row is bad (all or nothing: nothing is silently dropped).
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import IO, Any

REQUIRED = ("post_id", "platform", "author_handle", "action", "text", "target_text", "posted_at")
OPTIONAL = ("url", "author_name", "target_author")
ACTIONS = ("post", "share", "comment", "like", "follow")
MAX_ERRORS = 200


@dataclass
class PostIn:
    line: int
    post_id: str
    platform: str
    author_handle: str
    action: str
    text: str
    target_text: str
    posted_at: dt.datetime | None
    url: str = ""
    author_name: str = ""
    target_author: str = ""

    def content_hash(self) -> str:
        """SHA-256 over the canonical JSON of the collected fields (evidence integrity)."""
        canon = json.dumps(
            [
                self.post_id,
                self.platform,
                self.author_handle,
                self.action,
                self.text,
                self.target_text,
                self.posted_at.isoformat() if self.posted_at else "",
                self.url,
                self.author_name,
                self.target_author,
            ],
            ensure_ascii=False,
            separators=(",", ":"),
        )
        return hashlib.sha256(canon.encode("utf-8")).hexdigest()


def _parse_time(value: str) -> dt.datetime | None:
    value = value.strip()
    if not value:
        return None
    t = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    if t.tzinfo is None:
        raise ValueError("naive")
    return t


def _row(line: int, rec: dict[str, Any]) -> tuple[PostIn | None, list[str]]:
    errs: list[str] = []
    # NUL cannot be stored in a text column (PostgreSQL): dropped from every field.
    get = {
        k: ("" if (v := rec.get(k)) is None else str(v).replace("\x00", ""))
        for k in REQUIRED + OPTIONAL
    }
    for k in ("post_id", "platform", "author_handle", "action"):
        if not get[k].strip():
            errs.append(f"kolom {k} wajib diisi")
    action = get["action"].strip().lower()
    if action and action not in ACTIONS:
        errs.append(f"tindakan '{action}' tidak dikenal (post, share, comment, like, follow)")
    if action in ("post", "comment") and not get["text"].strip():
        errs.append("teks wajib diisi untuk post dan comment")
    if action in ("share", "like", "follow") and not get["target_text"].strip():
        errs.append("target_text wajib diisi untuk share, like dan follow")
    try:
        posted = _parse_time(get["posted_at"])
    except ValueError:
        posted = None
        errs.append("posted_at harus berformat ISO 8601 dengan zona waktu")
    if len(get["post_id"]) > 200 or len(get["author_handle"]) > 200:
        errs.append("post_id atau author_handle terlalu panjang")
    if errs:
        return None, errs
    return (
        PostIn(
            line=line,
            post_id=get["post_id"].strip(),
            platform=get["platform"].strip().lower(),
            author_handle=get["author_handle"].strip().lstrip("@").lower(),
            action=action,
            text=get["text"],
            target_text=get["target_text"],
            posted_at=posted,
            url=get["url"].strip()[:500],
            author_name=get["author_name"].strip()[:200],
            target_author=get["target_author"].strip()[:200],
        ),
        [],
    )


def _records(fh: IO[str], fmt: str) -> Iterator[tuple[int, dict[str, Any] | None, str]]:
    if fmt == "ndjson":
        for n, raw in enumerate(fh, start=1):
            if not raw.strip():
                continue
            try:
                obj = json.loads(raw)
            except json.JSONDecodeError:
                yield n, None, "bukan JSON yang valid"
                continue
            yield (n, obj, "") if isinstance(obj, dict) else (n, None, "baris harus objek JSON")
        return
    reader = csv.DictReader(fh)
    missing = [c for c in REQUIRED if c not in (reader.fieldnames or [])]
    if missing:
        yield 1, None, "kolom wajib tidak ada: " + ", ".join(missing)
        return
    for rec in reader:
        yield reader.line_num, rec, ""


def detect_format(name: str, head: str) -> str:
    if name.lower().endswith((".ndjson", ".jsonl", ".json")) or head.lstrip().startswith("{"):
        return "ndjson"
    return "csv"


def read(fh: IO[str], fmt: str) -> Iterator[tuple[PostIn | None, int, list[str]]]:
    """Yield ``(row, line, errors)`` for each record, streaming."""
    for line, rec, err in _records(fh, fmt):
        if rec is None:
            yield None, line, [err]
            continue
        row, errs = _row(line, rec)
        yield row, line, errs


def validate_all(
    rows: Iterable[tuple[PostIn | None, int, list[str]]],
) -> tuple[list[PostIn], list[tuple[int, str]]]:
    ok: list[PostIn] = []
    errors: list[tuple[int, str]] = []
    for row, line, errs in rows:
        if errs:
            if len(errors) < MAX_ERRORS:
                errors.append((line, "; ".join(errs)))
        elif row is not None:
            ok.append(row)
    return ok, errors


def text_stream(data: bytes) -> io.TextIOWrapper:
    return io.TextIOWrapper(io.BytesIO(data), encoding="utf-8-sig", errors="strict", newline="")
