"""The hash-chained signature ledger (issue 3 §3).

Each entry stores ``seq``, ``kind``, ``prev_hash`` (the previous entry's hash, or 64
zeros for the first), ``key_id``, the canonical JSON ``payload``, an Ed25519
``signature`` and ``entry_hash``. The signed message frames ``seq, kind, prev_hash,
key_id, payload`` (each length-prefixed, so no field's bytes can slide into its
neighbour's); ``entry_hash`` is SHA-256 over that message plus the signature. So every
stored column is covered by the entry's own hash, and every signature also commits to
the whole chain before it.

Appends are serialised on the single ``LedgerHead`` row (``SELECT … FOR UPDATE`` on
PostgreSQL; SQLite runs every transaction ``BEGIN IMMEDIATE``, see settings), with
unique constraints on ``seq`` (primary key) and ``prev_hash`` as a safety net, so
concurrent signings line up in one chain and never fork.

The Ed25519 signature alone is an *uncertified* electronic signature under PP 71/2019
(shared/domain.md §2); the chain makes silent edits or deletions detectable.
"""

from __future__ import annotations

import base64
import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from cryptography.exceptions import InvalidSignature
from django.db import IntegrityError, connection, transaction

from netral.core.keys import ledger_key
from netral.pledges.models import GENESIS_HASH, LedgerEntry, LedgerHead

# verify(): signatures checked individually at least every CHECKPOINT entries; see there.
CHECKPOINT = 64
# verify(full=True, workers>1): entries per chunk handed to a worker process.
POOL_CHUNK = 2048


def canonical_json(data: dict[str, Any]) -> str:
    """Sorted keys, no whitespace, UTF-8 text: the same object always gives the same bytes."""
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def _frame(*parts: str) -> bytes:
    out = bytearray()
    for part in parts:
        raw = part.encode("utf-8")
        out += len(raw).to_bytes(8, "big")
        out += raw
    return bytes(out)


def signed_message(*, seq: int, kind: str, prev_hash: str, key_id: str, payload: str) -> bytes:
    return _frame("netral-ledger-v1", str(seq), kind, prev_hash, key_id, payload)


def entry_hash(
    *, seq: int, kind: str, prev_hash: str, key_id: str, payload: str, signature: str
) -> str:
    message = signed_message(
        seq=seq, kind=kind, prev_hash=prev_hash, key_id=key_id, payload=payload
    )
    return hashlib.sha256(message + _frame(signature)).hexdigest()


def append(*, kind: str, payload: dict[str, Any]) -> LedgerEntry:
    """Append one entry inside the caller's transaction; the head lock is held until
    that transaction commits, so callers do their other writes before calling this."""
    assert connection.in_atomic_block, "ledger.append needs the caller's transaction"
    text = canonical_json(payload)
    key = ledger_key()
    head = _lock_head()
    seq = head.seq + 1
    message = signed_message(
        seq=seq, kind=kind, prev_hash=head.entry_hash, key_id=key.key_id, payload=text
    )
    signature = base64.b64encode(key.private.sign(message)).decode()
    entry = LedgerEntry(
        seq=seq,
        kind=kind,
        prev_hash=head.entry_hash,
        key_id=key.key_id,
        payload=text,
        signature=signature,
        entry_hash=hashlib.sha256(message + _frame(signature)).hexdigest(),
    )
    if connection.vendor == "postgresql":
        updated = _insert_and_advance_pg(entry, head_seq=head.seq)
    else:
        entry.save(force_insert=True)
        updated = LedgerHead.objects.filter(pk=1, seq=head.seq).update(
            seq=seq, entry_hash=entry.entry_hash
        )
    if updated != 1:  # cannot happen while the row lock is held; refuse to fork
        raise IntegrityError("ledger head moved during append")
    return entry


def _insert_and_advance_pg(entry: LedgerEntry, *, head_seq: int) -> int:
    """PostgreSQL: insert the entry and move the (locked) head in one statement, one
    round trip fewer while the lock is held. Returns the number of head rows moved."""
    table, head_table = LedgerEntry._meta.db_table, LedgerHead._meta.db_table
    sql = (
        f"WITH e AS (INSERT INTO {table} "  # noqa: S608
        "(seq, kind, prev_hash, key_id, payload, signature, entry_hash) "
        "VALUES (%s, %s, %s, %s, %s, %s, %s) RETURNING seq, entry_hash) "
        f"UPDATE {head_table} AS h SET seq = e.seq, entry_hash = e.entry_hash "
        "FROM e WHERE h.id = 1 AND h.seq = %s"
    )
    params = [
        entry.seq,
        entry.kind,
        entry.prev_hash,
        entry.key_id,
        entry.payload,
        entry.signature,
        entry.entry_hash,
        head_seq,
    ]
    with connection.cursor() as cur:
        cur.execute(sql, params)
        updated = cur.rowcount
    entry._state.adding, entry._state.db = False, connection.alias
    return updated


def _lock_head() -> LedgerHead:
    head = LedgerHead.objects.select_for_update().filter(pk=1).first()
    if head is None:
        # First append ever: a concurrent first appender that wins makes our insert
        # fail inside the savepoint, and we lock theirs instead.
        try:
            with transaction.atomic():
                LedgerHead.objects.create(pk=1, seq=0, entry_hash=GENESIS_HASH)
        except IntegrityError:
            pass
        head = LedgerHead.objects.select_for_update().get(pk=1)
    return head


# --- verification ----------------------------------------------------------------------

Row = tuple[int, str, str, str, str, str, str]


@dataclass(frozen=True)
class LedgerProblem:
    seq: int
    reason: str


@dataclass(frozen=True)
class LedgerReport:
    checked: int
    problem: LedgerProblem | None
    signatures_checked: int = 0


def _rows(batch: int) -> Iterator[Row]:
    """Stream entries in ``seq`` order with keyset pagination (constant memory)."""
    table = LedgerEntry._meta.db_table
    sql = (
        f"SELECT seq, kind, prev_hash, key_id, payload, signature, entry_hash "  # noqa: S608
        f"FROM {table} WHERE seq > %s ORDER BY seq LIMIT %s"
    )
    last = -1
    with connection.cursor() as cur:
        while True:
            cur.execute(sql, [last, batch])
            rows = cur.fetchall()
            if not rows:
                return
            yield from rows
            last = rows[-1][0]


def _first_bad_signature(public_raw: bytes, entries: list[tuple[int, bytes, str]]) -> int | None:
    """Pool worker for ``verify(full=True, workers=…)``: the first entry of ``entries``
    whose Ed25519 signature fails, or None. Needs no database or Django state."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    public = Ed25519PublicKey.from_public_bytes(public_raw)
    b64decode = base64.b64decode
    for seq, message, sig in entries:
        try:
            public.verify(b64decode(sig, validate=True), message)
        except (InvalidSignature, ValueError):
            return seq
    return None


def verify(*, full: bool = False, batch: int = 10_000, workers: int = 1) -> LedgerReport:
    """See ``_verify``. With ``full`` and ``workers`` > 1 the Ed25519 checks run in a
    pool of ``workers`` processes over chunks of entries, while this process streams the
    rows and checks every hash and link; the report is the same as with one process."""
    head_seq = LedgerHead.objects.values_list("seq", flat=True).first() or 0
    # A small ledger is not worth forking for (and forking a threaded process is best avoided).
    if not full or workers <= 1 or head_seq <= 2 * POOL_CHUNK:
        return _verify(full=full, batch=batch)
    import multiprocessing

    with multiprocessing.get_context("fork").Pool(workers) as pool:
        return _verify(full=True, batch=batch, pool=pool, workers=workers)


def _verify(*, full: bool, batch: int, pool: Any = None, workers: int = 1) -> LedgerReport:
    """Re-check the whole ledger and stop at the first bad entry.

    Every entry: contiguous ``seq``, link to the previous entry, its own hash over all
    stored fields, known kind and key. Signatures: with ``full`` every one; otherwise
    the last entry's and one at least every ``CHECKPOINT`` entries. Because each signed
    message contains ``prev_hash``, a valid signature at entry *n* authenticates entries
    1…n through the verified hash links (forging an earlier entry would need a SHA-256
    second preimage). When a checkpoint signature fails, the entries since the last good
    checkpoint are checked one by one so the report names the first bad one.
    """
    key = ledger_key()
    public, key_id = key.public, key.key_id
    kinds = set(LedgerEntry.Kind.values)
    expected_prev, expected_seq, checked, sigs = GENESIS_HASH, 1, 0, 0
    sha256, b64decode = hashlib.sha256, base64.b64decode
    window: list[tuple[int, bytes, str]] = []  # unverified (seq, message, signature)

    def sig_ok(message: bytes, sig: str) -> bool:
        try:
            public.verify(b64decode(sig, validate=True), message)
            return True
        except (InvalidSignature, ValueError):
            return False

    def first_bad_in(entries: list[tuple[int, bytes, str]]) -> int:
        for seq, message, sig in entries:
            if not sig_ok(message, sig):
                return seq
        return entries[-1][0]

    # Pool mode: chunks of (seq, message, signature) checked in worker processes, at
    # most 2 × workers chunks in flight (bounded memory), results taken in order.
    from collections import deque

    from cryptography.hazmat.primitives import serialization

    public_raw = public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    pending: deque[Any] = deque()
    chunk: list[tuple[int, bytes, str]] = []

    def drain(limit: int) -> int | None:
        """Wait until at most ``limit`` chunks are in flight; the first bad seq, if any."""
        while len(pending) > limit:
            bad = pending.popleft().get()
            if bad is not None:
                return bad
        return None

    def problem(report: LedgerReport) -> LedgerReport:
        """A hash/link problem found by this process: an earlier bad signature (still
        in flight) is the first problem, so wait for those chunks first."""
        if pool is not None:
            if chunk:
                pending.append(pool.apply_async(_first_bad_signature, (public_raw, chunk[:])))
            bad = drain(0)
            if bad is not None:
                return LedgerReport(bad - 1, LedgerProblem(bad, "Ed25519 signature invalid"), bad)
            return LedgerReport(report.checked, report.problem, report.checked)
        return report

    for seq, kind, prev, kid, payload, sig, stored_hash in _rows(batch):
        if seq != expected_seq:
            return problem(
                LedgerReport(checked, LedgerProblem(expected_seq, "entry missing"), sigs)
            )
        if prev != expected_prev:
            return problem(
                LedgerReport(checked, LedgerProblem(seq, "prev_hash does not link"), sigs)
            )
        message = _frame("netral-ledger-v1", str(seq), kind, prev, kid, payload)
        if sha256(message + _frame(sig)).hexdigest() != stored_hash:
            return problem(LedgerReport(checked, LedgerProblem(seq, "entry_hash mismatch"), sigs))
        if kind not in kinds:
            return problem(LedgerReport(checked, LedgerProblem(seq, "unknown kind"), sigs))
        if kid != key_id:
            return problem(
                LedgerReport(checked, LedgerProblem(seq, "signed by an unknown key"), sigs)
            )
        expected_prev, expected_seq = stored_hash, seq + 1
        if pool is not None:
            chunk.append((seq, message, sig))
            checked += 1
            if len(chunk) >= POOL_CHUNK:
                pending.append(pool.apply_async(_first_bad_signature, (public_raw, chunk)))
                chunk = []
                bad = drain(2 * workers)
                if bad is not None:
                    return LedgerReport(
                        bad - 1, LedgerProblem(bad, "Ed25519 signature invalid"), bad
                    )
            continue
        window.append((seq, message, sig))
        if full or seq % CHECKPOINT == 0:
            sigs += 1
            if not sig_ok(message, sig):
                bad = first_bad_in(window)
                return LedgerReport(checked, LedgerProblem(bad, "Ed25519 signature invalid"), sigs)
            window.clear()
        checked += 1
    if pool is not None:
        if chunk:
            pending.append(pool.apply_async(_first_bad_signature, (public_raw, chunk)))
        bad = drain(0)
        if bad is not None:
            return LedgerReport(bad - 1, LedgerProblem(bad, "Ed25519 signature invalid"), bad)
        sigs = checked
    if window:
        sigs += 1
        if not sig_ok(window[-1][1], window[-1][2]):
            bad = first_bad_in(window)
            return LedgerReport(checked, LedgerProblem(bad, "Ed25519 signature invalid"), sigs)
    head = LedgerHead.objects.filter(pk=1).first()
    if head is None and checked:
        return LedgerReport(checked, LedgerProblem(checked, "ledger head missing"), sigs)
    if head is not None and (head.seq != checked or head.entry_hash != expected_prev):
        return LedgerReport(
            checked, LedgerProblem(head.seq, "ledger head does not match the last entry"), sigs
        )
    return LedgerReport(checked, None, sigs)


def verify_entry(entry: LedgerEntry) -> bool:
    """One entry's own hash and signature (the public verification page)."""
    message = signed_message(
        seq=entry.seq,
        kind=entry.kind,
        prev_hash=entry.prev_hash,
        key_id=entry.key_id,
        payload=entry.payload,
    )
    if hashlib.sha256(message + _frame(entry.signature)).hexdigest() != entry.entry_hash:
        return False
    key = ledger_key()
    if entry.key_id != key.key_id:
        return False
    try:
        key.public.verify(base64.b64decode(entry.signature, validate=True), message)
    except (InvalidSignature, ValueError):
        return False
    return True


# --- signature rows against their entries (issue 9, defect 7) -----------------------------

# The signature row's columns (as ``values()`` names) and where the signed payload holds
# each one. The row is what pages show; the entry is what was signed. They must agree.
ROW_FIELDS = (
    "code",
    "signed_at",
    "method",
    "campaign_id",
    "stage__order",
    "pegawai_id",
    "identifier",
    "nama",
    "jenis_pegawai",
    "jabatan",
    "unit_name",
    "pledge_text_id",
    "pact_template_id",
    "text_sha256",
    "entry_id",
    "entry__kind",
    "entry__payload",
    "void_entry_id",
    "void_entry__kind",
    "void_entry__payload",
)


def _utc_iso(value: Any) -> str:
    import datetime as dt

    return value.astimezone(dt.UTC).isoformat(timespec="microseconds")


def signature_row_problem(row: dict[str, Any]) -> str | None:
    """The first column of a signature row (``ROW_FIELDS`` values) that disagrees with
    its signed ledger entry (or its void entry), or None when the row agrees.

    Quirk: ``stage__order`` may be missing (a caller without the join); it is then not
    compared. The campaign *name* is not compared: a campaign may be renamed after
    signing, and the page shows the current name, labelled as such.
    """
    if row.get("entry__kind") != LedgerEntry.Kind.SIGN:
        return "entry kind"
    try:
        p = json.loads(row["entry__payload"])
        c, g, t = p["campaign"], p["pegawai"], p["text"]
        ident = g["nip"] or g["nik"]
        expected = {
            "code": p["code"],
            "signed_at": p["time"],
            "method": p["method"],
            "campaign_id": c["id"],
            "stage__order": c["stage"],
            "pegawai_id": g["id"],
            "identifier": ident,
            "nama": g["nama"],
            "jenis_pegawai": g["jenis"],
            "jabatan": g["jabatan"],
            "unit_name": g["unit"],
            "pledge_text_id": t["pledge_text_id"],
            "pact_template_id": t["pact_template_id"],
            "text_sha256": t["sha256"],
        }
    except (ValueError, KeyError, TypeError):
        return "entry payload"
    for column, value in expected.items():
        if column not in row:
            continue
        actual = _utc_iso(row[column]) if column == "signed_at" else row[column]
        if actual != value:
            return column
    if row.get("void_entry_id") is not None:
        if row.get("void_entry__kind") != LedgerEntry.Kind.VOID:
            return "void entry kind"
        try:
            v = json.loads(row["void_entry__payload"])
            if v["voids_seq"] != row["entry_id"] or v["code"] != row["code"]:
                return "void entry"
        except (ValueError, KeyError, TypeError):
            return "void entry payload"
    return None


def _links_in_chain(entry: LedgerEntry) -> bool:
    """The entry links to its predecessor and its successor (or is the head)."""
    prev = (
        GENESIS_HASH
        if entry.seq == 1
        else LedgerEntry.objects.filter(seq=entry.seq - 1)
        .values_list("entry_hash", flat=True)
        .first()
    )
    if prev != entry.prev_hash:
        return False
    nxt = LedgerEntry.objects.filter(seq=entry.seq + 1).values_list("prev_hash", flat=True).first()
    if nxt is not None:
        return nxt == entry.entry_hash
    head = LedgerHead.objects.filter(pk=1).values_list("seq", "entry_hash").first()
    return head == (entry.seq, entry.entry_hash)


def verify_signature(signature: Any) -> str | None:
    """Everything the public verification page can check for one signature, or the
    first problem found: the row agrees with its signed entry (and void entry), each
    entry's own hash and Ed25519 signature hold, and each links into the chain.

    The page shows the row's data only when this returns None; a byte edited in the
    ledger or a name changed on the row makes the answer "invalid", never SAH. The full
    chain is re-checked by ``verify_ledger`` (too slow per request on a large ledger)."""
    entry, void = signature.entry, signature.void_entry
    row = {
        "code": signature.code,
        "signed_at": signature.signed_at,
        "method": signature.method,
        "campaign_id": signature.campaign_id,
        "stage__order": signature.stage.order,
        "pegawai_id": signature.pegawai_id,
        "identifier": signature.identifier,
        "nama": signature.nama,
        "jenis_pegawai": signature.jenis_pegawai,
        "jabatan": signature.jabatan,
        "unit_name": signature.unit_name,
        "pledge_text_id": signature.pledge_text_id,
        "pact_template_id": signature.pact_template_id,
        "text_sha256": signature.text_sha256,
        "entry_id": signature.entry_id,
        "entry__kind": entry.kind,
        "entry__payload": entry.payload,
        "void_entry_id": signature.void_entry_id,
        "void_entry__kind": void.kind if void else None,
        "void_entry__payload": void.payload if void else None,
    }
    if (column := signature_row_problem(row)) is not None:
        return f"signature row {column} differs from the ledger"
    for e in (entry, void) if void else (entry,):
        if not verify_entry(e):
            return f"ledger entry #{e.seq} hash or signature invalid"
        if not _links_in_chain(e):
            return f"ledger entry #{e.seq} does not link into the chain"
    return None


def cross_check_signatures(*, batch: int = 2000) -> LedgerProblem | None:
    """Every signature row against its entry (``verify_ledger``); the first mismatch."""
    from netral.pledges.models import Signature

    qs = Signature.objects.order_by("entry_id").values(*ROW_FIELDS)
    for row in qs.iterator(chunk_size=batch):
        if (column := signature_row_problem(row)) is not None:
            return LedgerProblem(
                row["entry_id"], f"signature row {column} differs from the ledger entry"
            )
    return None
