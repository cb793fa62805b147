"""The signature ledger: one append-only Merkle log per agency (issue 15).

Each agency (*instansi*, the shard key) has a ``LedgerLog``: a Merkle tree in the manner
of Certificate Transparency (RFC 6962 / RFC 9162 §2.1, ``core.merkle``). An entry is a
leaf ``SHA-256(0x00 || frame("netral-ledger-v2", kind, payload))`` (``proof.py``); the
installation signs periodic *checkpoints* (origin, tree size, root hash, time: C2SP
signed notes, Ed25519 via ``core.keys``) instead of every entry. Receipts carry their
entry's inclusion proof against a checkpoint; consistency proofs show a later checkpoint
extends an earlier one.

Appends lock only their agency's log row (``SELECT … FOR UPDATE`` on PostgreSQL;
SQLite runs every transaction ``BEGIN IMMEDIATE``, see settings), with a unique
constraint on ``(log, index)`` as a safety net: concurrent signings of one agency line
up in one tree, and two agencies never wait for each other. The log row keeps the
tree's frontier, so an append costs O(log n) hashes and reads no earlier entry.

Entries written before issue 15 (format 1, one Ed25519-signed hash chain for the whole
installation) were placed in their agency's log by migration 0008 without changing a
byte: their leaf is the signed message plus signature, and ``verify`` still checks
their chain links and signatures.

The Ed25519 checkpoint signature alone is an *uncertified* electronic signature under
PP 71/2019 (shared/domain.md §2); the Merkle log makes silent edits, deletions and
truncations detectable.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from cryptography.exceptions import InvalidSignature
from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from netral.core import checkpoint as cp
from netral.core import merkle
from netral.core.keys import ledger_key
from netral.pledges import proof
from netral.pledges.models import GENESIS_HASH, LedgerCheckpoint, LedgerEntry, LedgerHead, LedgerLog
from netral.pledges.proof import frame as _frame
from netral.pledges.proof import signed_message_v1 as signed_message

# verify(): legacy signatures checked individually at least every CHECKPOINT entries.
CHECKPOINT = 64
# verify(full=True, workers>1): legacy entries per chunk handed to a worker process.
POOL_CHUNK = 2048
# verify(): leaves per unit of work (a power of two, so chunks are complete subtrees).
MERKLE_CHUNK = 1 << 14

# The hashed bytes of a format-2 leaf up to its payload: 0x00 (RFC 9162 leaf) +
# frame(V2, kind); then the payload's 8-byte length and bytes (proof.leaf_bytes_v2).
_PREFIX = {k: b"\x00" + _frame(proof.V2, k) for k in LedgerEntry.Kind.values}


def canonical_json(data: dict[str, Any]) -> str:
    """Sorted keys, no whitespace, UTF-8 text: the same object always gives the same bytes."""
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def entry_hash(
    *, seq: int, kind: str, prev_hash: str, key_id: str, payload: str, signature: str
) -> str:
    """A format-1 entry's ``entry_hash`` (the legacy chain)."""
    message = signed_message(
        seq=seq, kind=kind, prev_hash=prev_hash, key_id=key_id, payload=payload
    )
    return hashlib.sha256(message + _frame(signature)).hexdigest()


def entry_leaf_hash(entry: LedgerEntry) -> bytes:
    """The Merkle leaf hash of ``entry`` recomputed from its stored fields."""
    return merkle.leaf_hash(proof.entry_leaf_bytes(entry_dict(entry)))


def entry_dict(entry: LedgerEntry) -> dict[str, Any]:
    """What a receipt carries of its entry (enough to recompute the leaf offline)."""
    data: dict[str, Any] = {"format": entry.format, "kind": entry.kind, "payload": entry.payload}
    if entry.format == 1:
        data.update(
            seq=entry.seq,
            prev_hash=entry.prev_hash,
            key_id=entry.key_id,
            signature=entry.signature,
        )
    return data


def _host() -> str:
    url = str(getattr(settings, "SITE_URL", "") or "netral.local")
    return url.split("://", 1)[-1].rstrip("/") or "netral.local"


def origin_for(instansi_kode: str | None) -> str:
    return f"{_host()}/ledger/{instansi_kode or 'tanpa-instansi'}"


# --- appending ----------------------------------------------------------------------------


def append(*, kind: str, payload: dict[str, Any], instansi_id: int | None) -> LedgerEntry:
    """Append one entry to ``instansi_id``'s log inside the caller's transaction; that
    log's lock is held until the transaction commits, so callers do their other writes
    before calling this. Other agencies' appends do not wait for it."""
    assert connection.in_atomic_block, "ledger.append needs the caller's transaction"
    text = canonical_json(payload)
    log = _lock_log(instansi_id)
    raw = text.encode("utf-8")
    leaf = hashlib.sha256(_PREFIX[kind] + len(raw).to_bytes(8, "big") + raw).digest()
    frontier = merkle.unpack(bytes(log.frontier))
    nodes = b"".join(merkle.append(frontier, log.size, leaf))
    entry = LedgerEntry(
        log_id=log.pk,
        index=log.size,
        format=2,
        kind=kind,
        payload=text,
        entry_hash=leaf.hex(),
        nodes=nodes,
    )
    packed = merkle.pack(frontier)
    if connection.vendor == "postgresql":
        updated = _insert_and_advance_pg(entry, log_id=log.pk, size=log.size, frontier=packed)
    else:
        entry.save(force_insert=True)
        updated = LedgerLog.objects.filter(pk=log.pk, size=log.size).update(
            size=log.size + 1, frontier=packed
        )
    if updated != 1:  # cannot happen while the row lock is held; refuse to fork
        raise IntegrityError("ledger log moved during append")
    return entry


def _insert_and_advance_pg(entry: LedgerEntry, *, log_id: int, size: int, frontier: bytes) -> int:
    """PostgreSQL: insert the entry and move the (locked) log in one statement, one
    round trip fewer while the lock is held. Returns the number of log rows moved."""
    table, log_table = LedgerEntry._meta.db_table, LedgerLog._meta.db_table
    sql = (
        f"WITH e AS (INSERT INTO {table} "  # noqa: S608
        '(log_id, "index", "format", kind, payload, entry_hash, nodes, prev_hash, key_id, signature) '
        "VALUES (%s, %s, 2, %s, %s, %s, %s, '', '', '') RETURNING seq) "
        f"UPDATE {log_table} AS l SET size = l.size + 1, frontier = %s "
        "FROM e WHERE l.id = %s AND l.size = %s RETURNING e.seq"
    )
    params = [
        log_id,
        entry.index,
        entry.kind,
        entry.payload,
        entry.entry_hash,
        entry.nodes,
        frontier,
        log_id,
        size,
    ]
    with connection.cursor() as cur:
        cur.execute(sql, params)
        row = cur.fetchone()
    if row is None:
        return 0
    entry.seq = row[0]
    entry._state.adding, entry._state.db = False, connection.alias
    return 1


def log_for(instansi_id: int | None) -> LedgerLog:
    """The agency's log, created on first use (no lock)."""
    log = LedgerLog.objects.filter(instansi_id=instansi_id).first()
    if log is None:
        from netral.registry.models import Instansi

        kode = (
            Instansi.objects.values_list("kode", flat=True).get(pk=instansi_id)
            if instansi_id
            else None
        )
        try:
            with transaction.atomic():
                log = LedgerLog.objects.create(instansi_id=instansi_id, origin=origin_for(kode))
        except IntegrityError:
            log = LedgerLog.objects.get(instansi_id=instansi_id)
    return log


def _lock_log(instansi_id: int | None) -> LedgerLog:
    qs = LedgerLog.objects.select_for_update().only("pk", "size", "frontier")
    log = qs.filter(instansi_id=instansi_id).first()
    if log is None:
        # First append of the agency: a concurrent first appender that wins makes our
        # insert fail inside the savepoint, and we lock theirs instead.
        log_for(instansi_id)
        log = qs.get(instansi_id=instansi_id)
    return log


# --- checkpoints ------------------------------------------------------------------------


def key_name() -> str:
    """The checkpoint signer's name (stable for a key, whatever SITE_URL becomes)."""
    return f"netral-ledger-{ledger_key().key_id}"


def verifier_key() -> str:
    """The installation's published verifier key (C2SP ``name+hash+base64``)."""
    return cp.verifier_key(key_name(), ledger_key().public)


def checkpoint_make(log: LedgerLog, *, now: dt.datetime | None = None) -> LedgerCheckpoint:
    """Sign a checkpoint of ``log`` as it is now committed (or return the existing one
    of that size). Reads one row; holds no lock."""
    row = LedgerLog.objects.values_list("size", "frontier", "origin").get(pk=log.pk)
    size, frontier, origin = row[0], merkle.unpack(bytes(row[1])), row[2]
    existing = LedgerCheckpoint.objects.filter(log_id=log.pk, tree_size=size).first()
    if existing is not None:
        return existing
    root = merkle.frontier_root(frontier)
    when = (now or timezone.now()).replace(microsecond=0)
    key = ledger_key()
    note = cp.sign(cp.Checkpoint(origin, size, root, when), name=key_name(), private=key.private)
    try:
        with transaction.atomic():
            return LedgerCheckpoint.objects.create(
                log_id=log.pk,
                tree_size=size,
                root_hash=root.hex(),
                signed_at=when,
                key_id=key.key_id,
                note=note,
            )
    except IntegrityError:  # a concurrent maker signed the same size
        return LedgerCheckpoint.objects.get(log_id=log.pk, tree_size=size)


def checkpoints_make_all(*, now: dt.datetime | None = None) -> int:
    """The periodic task: a checkpoint of every log that grew since its last one."""
    made = 0
    for log in LedgerLog.objects.all():
        last = (
            LedgerCheckpoint.objects.filter(log_id=log.pk)
            .order_by("-tree_size")
            .values_list("tree_size", flat=True)
            .first()
        )
        if log.size and (last is None or log.size > last):
            checkpoint_make(log, now=now)
            made += 1
    return made


def checkpoint_covering(entry: LedgerEntry) -> LedgerCheckpoint:
    """The latest checkpoint of ``entry``'s log, signed on demand when none covers the
    entry yet (a receipt asked for right after signing)."""
    latest = LedgerCheckpoint.objects.filter(log_id=entry.log.pk).order_by("-tree_size").first()
    if latest is None or latest.tree_size <= entry.index:
        latest = checkpoint_make(entry.log)
    return latest


def published_checkpoints() -> list[LedgerCheckpoint]:
    """The latest checkpoint of every log (verification page, API, checkpoint.txt)."""
    from django.db.models import Max

    latest = LedgerCheckpoint.objects.values("log_id").annotate(m=Max("tree_size"))
    wanted = {(r["log_id"], r["m"]) for r in latest}
    rows = LedgerCheckpoint.objects.select_related("log__instansi").filter(
        log_id__in=[w[0] for w in wanted], tree_size__in=[w[1] for w in wanted]
    )
    return sorted(
        (c for c in rows if (c.log_id, c.tree_size) in wanted),  # type: ignore[attr-defined]
        key=lambda c: c.log.origin,
    )


# --- proofs -------------------------------------------------------------------------------


def _db_node(log_id: int, build: Any) -> Any:
    """Run the proof builder ``build(node)`` against the nodes stored in ``log_id``'s
    entries, fetched in one query."""
    wanted = merkle.needed_nodes(build)
    by_index: dict[int, list[tuple[int, int]]] = {}
    for level, i in wanted:
        by_index.setdefault(((i + 1) << level) - 1, []).append((level, i))
    rows = dict(
        LedgerEntry.objects.filter(log_id=log_id, index__in=list(by_index)).values_list(
            "index", "nodes"
        )
    )
    found: dict[tuple[int, int], bytes] = {}
    for index, pairs in by_index.items():
        raw = bytes(rows.get(index, b""))
        for level, i in pairs:
            value = raw[32 * level : 32 * level + 32]
            if len(value) != 32:
                raise merkle.ProofError(f"node ({level}, {i}) missing from the log")
            found[(level, i)] = value
    return build(lambda level, i: found[(level, i)])


def inclusion_proof(entry: LedgerEntry, size: int) -> list[bytes]:
    result: list[bytes] = _db_node(
        entry.log.pk, lambda node: merkle.inclusion_proof(entry.index, size, node)
    )
    return result


def consistency_proof(log: LedgerLog, first: int, second: int) -> list[bytes]:
    if first == 0 or first == second:
        return []
    result: list[bytes] = _db_node(
        log.pk, lambda node: merkle.consistency_proof(first, second, node)
    )
    return result


def receipt_bundle(entry: LedgerEntry) -> dict[str, Any]:
    """What a receipt PDF embeds (``proof.PROOF_FILE``): the entry, its inclusion proof
    and the signed checkpoint it reaches, checked here before it is handed out."""
    checkpoint = checkpoint_covering(entry)
    path = inclusion_proof(entry, checkpoint.tree_size)
    leaf = entry_leaf_hash(entry)
    if not merkle.verify_inclusion(
        entry.index, checkpoint.tree_size, leaf, path, bytes.fromhex(checkpoint.root_hash)
    ):
        raise IntegrityError(f"ledger entry #{entry.seq} does not verify against its checkpoint")
    return {
        "format": proof.PROOF_FORMAT,
        "origin": entry.log.origin,
        "leaf_index": entry.index,
        "entry": {**entry_dict(entry), "leaf_hash": leaf.hex()},
        "inclusion_proof": [p.hex() for p in path],
        "checkpoint": checkpoint.note,
        "verifier_key": verifier_key(),
    }


# --- verification -------------------------------------------------------------------------

Row = tuple[int, str, str, str, str, str, str]


@dataclass(frozen=True)
class LedgerProblem:
    seq: int
    reason: str
    origin: str = ""
    position: int = 0  # 1-based position in the log (0: the legacy chain)

    def describe(self) -> str:
        where = f"log {self.origin} posisi {self.position}, " if self.origin else ""
        return f"{where}entri #{self.seq}: {self.reason}"


@dataclass(frozen=True)
class LedgerReport:
    checked: int
    problem: LedgerProblem | None
    signatures_checked: int = 0
    problems: tuple[LedgerProblem, ...] = ()
    checkpoints_checked: int = 0
    logs: int = 0
    seconds_merkle: float = 0.0


def _rows(batch: int) -> Iterator[Row]:
    """Stream format-1 entries in ``seq`` order with keyset pagination (constant memory)."""
    table = LedgerEntry._meta.db_table
    sql = (
        f"SELECT seq, kind, prev_hash, key_id, payload, signature, entry_hash "  # noqa: S608
        f'FROM {table} WHERE "format" = 1 AND seq > %s ORDER BY seq LIMIT %s'
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


def verify(
    *,
    full: bool = False,
    batch: int = 10_000,
    workers: int = 1,
    published: list[str] | None = None,
) -> LedgerReport:
    """Re-check the whole ledger: every log's Merkle tree (``merkle_verify``: every
    leaf and node hash, every checkpoint's root and signature, truncation against every
    stored or ``published`` checkpoint), then the legacy format-1 chain (``_verify``:
    links and Ed25519 signatures). ``problem`` is the first problem (legacy chain
    first, then logs by origin); ``problems`` the first of each."""
    merkle_report = merkle_verify(workers=workers, published=published)
    head_seq = LedgerHead.objects.values_list("seq", flat=True).first() or 0
    if not full or workers <= 1 or head_seq <= 2 * POOL_CHUNK:
        legacy = _verify(full=full, batch=batch)
    else:
        import multiprocessing

        with multiprocessing.get_context("fork").Pool(workers) as pool:
            legacy = _verify(full=True, batch=batch, pool=pool, workers=workers)
    problems = ((legacy.problem,) if legacy.problem else ()) + merkle_report.problems
    return LedgerReport(
        checked=merkle_report.checked,
        problem=problems[0] if problems else None,
        signatures_checked=legacy.signatures_checked,
        problems=problems,
        checkpoints_checked=merkle_report.checkpoints_checked,
        logs=merkle_report.logs,
        seconds_merkle=merkle_report.seconds_merkle,
    )


def _verify(*, full: bool, batch: int, pool: Any = None, workers: int = 1) -> LedgerReport:
    """Re-check the legacy format-1 chain (entries written before issue 15) and stop at
    the first bad entry.

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
        message = _frame(proof.V1, str(seq), kind, prev, kid, payload)
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


# --- the Merkle logs ----------------------------------------------------------------------

_CHUNK_SQL = (
    'SELECT "index", "format", kind, payload, nodes FROM pledges_ledgerentry '
    'WHERE log_id = %s AND "index" >= %s AND "index" < %s ORDER BY "index"'
)
# PostgreSQL: the payload as its UTF-8 bytes over the binary protocol (no decoding to
# str and encoding back, bytea without hex): the fetch is the costly part of the loop.
_CHUNK_SQL_PG = _CHUNK_SQL.replace("kind, payload,", "kind, convert_to(payload, 'UTF8'),")
_LEGACY_SQL = (
    'SELECT "index", seq, prev_hash, key_id, signature FROM pledges_ledgerentry '
    'WHERE log_id = %s AND "index" >= %s AND "index" < %s AND "format" = 1'
)


def _verify_chunk(job: tuple[int, int, int, tuple[int, ...]]) -> dict[str, Any]:
    """Leaves ``[start, end)`` of log ``log_id`` (``start`` a multiple of the chunk size,
    so they form one complete subtree when present): recompute every leaf hash and
    every node that completes inside the chunk, compare them with the stored ``nodes``,
    and return the frontier at each size in ``sizes`` (global tree sizes). Stops at the
    first bad entry. Runs in a worker process (own database connection) or in-process."""
    log_id, start, end, sizes = job
    sha = hashlib.sha256
    prefix = _PREFIX
    want = iter(sorted(s for s in sizes if start < s <= end))
    next_size = next(want, None)
    partials: dict[int, list[bytes]] = {}
    frontier: list[bytes] = []
    pop, push = frontier.pop, frontier.append
    n = 0
    problem: tuple[int, str] | None = None
    high = b""
    legacy: dict[int, tuple[int, str, str, str]] | None = None
    rows = _chunk_rows(log_id, start, end)
    last_full = end - start - 1
    for index, fmt, kind, payload, nodes in rows:
        if index != start + n:
            problem = (start + n, "entry missing")
            break
        if fmt == 2:
            try:
                head = prefix[kind]
            except KeyError:
                problem = (index, "unknown kind")
                break
            raw = payload if type(payload) is bytes else payload.encode()
            leaf = sha(head + len(raw).to_bytes(8, "big") + raw).digest()
        else:
            if legacy is None:
                with connection.cursor() as cur:
                    cur.execute(_LEGACY_SQL, [log_id, start, end])
                    legacy = {r[0]: r[1:] for r in cur.fetchall()}
            seq, prev, kid, sig = legacy[index]
            text = payload.decode() if isinstance(payload, bytes) else payload
            leaf = merkle.leaf_hash(
                proof.leaf_bytes_v1(
                    seq=seq, kind=kind, prev_hash=prev, key_id=kid, payload=text, signature=sig
                )
            )
        if n & 1:
            carry, s, done = leaf, n, [leaf]
            while s & 1:
                carry = sha(b"\x01" + pop() + carry).digest()
                done.append(carry)
                s >>= 1
            push(carry)
            expected = b"".join(done)
        else:
            push(leaf)
            expected = leaf
        if nodes != expected:
            nodes = bytes(nodes)
            if nodes[:32] != leaf:
                problem = (index, "entry changed: its leaf hash differs from the stored one")
                break
            if n == last_full and nodes.startswith(expected):
                high = nodes[len(expected) :]
            elif nodes != expected:
                problem = (index, "a stored subtree hash differs from the recomputed one")
                break
        n += 1
        if start + n == next_size:
            partials[next_size] = list(frontier)
            next_size = next(want, None)
    return {
        "count": n,
        "problem": problem,
        "partials": partials,
        "frontier": frontier,
        "high": high,
    }


def _chunk_rows(log_id: int, start: int, end: int) -> list[Any]:
    if connection.vendor == "postgresql":
        import psycopg

        connection.ensure_connection()
        # Django's cursors bind on the client, which cannot ask for binary results.
        with psycopg.Cursor(connection.connection) as cur:
            cur.execute(_CHUNK_SQL_PG, [log_id, start, end], binary=True)
            return cur.fetchall()
    with connection.cursor() as cur:
        cur.execute(_CHUNK_SQL, [log_id, start, end])
        return cur.fetchall()


def _merkle_jobs(logs: list[dict[str, Any]]) -> Iterator[tuple[int, int, int, tuple[int, ...]]]:
    for log in logs:
        for c in range(-(-log["span"] // MERKLE_CHUNK)):
            start = c * MERKLE_CHUNK
            yield (log["id"], start, start + MERKLE_CHUNK, log["sizes"])


def _can_fork() -> bool:
    if connection.in_atomic_block:
        return False
    return not (connection.vendor == "sqlite" and getattr(connection, "is_in_memory_db")())  # noqa: B009


def merkle_verify(*, workers: int = 1, published: list[str] | None = None) -> LedgerReport:
    """Every log: each leaf hash and stored node hash recomputed, each checkpoint's
    signature by the installation key and its root against the recomputed tree,
    truncation against every checkpoint (stored, or ``published`` signed notes kept
    elsewhere), and the log row against its entries. Chunks of ``MERKLE_CHUNK`` leaves
    are checked in ``workers`` processes (each with its own database connection)."""
    import time

    t0 = time.perf_counter()
    key = ledger_key()
    name, public = key_name(), key.public
    logs: list[dict[str, Any]] = []
    problems: list[LedgerProblem] = []
    checkpoints_checked = 0
    by_origin: dict[str, list[tuple[int, bytes, str]]] = {}
    for text in published or []:
        try:
            c = cp.verify(text, name=name, public=public)
        except cp.CheckpointError as exc:
            problems.append(LedgerProblem(0, f"published checkpoint refused: {exc}"))
            continue
        checkpoints_checked += 1
        by_origin.setdefault(c.origin, []).append((c.size, c.root, "published"))
    table = LedgerEntry._meta.db_table
    for log in LedgerLog.objects.order_by("origin"):
        signed: list[tuple[int, bytes, str]] = list(by_origin.get(log.origin, []))
        bad: list[LedgerProblem] = []
        for c_row in LedgerCheckpoint.objects.filter(log_id=log.pk).order_by("tree_size"):
            checkpoints_checked += 1
            try:
                c = cp.verify(c_row.note, name=name, public=public)
            except cp.CheckpointError as exc:
                bad.append(
                    LedgerProblem(
                        0,
                        f"checkpoint of size {c_row.tree_size} refused: {exc}",
                        log.origin,
                        c_row.tree_size,
                    )
                )
                continue
            if (c.origin, c.size, c.root.hex()) != (log.origin, c_row.tree_size, c_row.root_hash):
                bad.append(
                    LedgerProblem(
                        0,
                        f"checkpoint of size {c_row.tree_size}: its columns differ from its "
                        "signed note",
                        log.origin,
                        c_row.tree_size,
                    )
                )
                continue
            signed.append((c.size, c.root, f"signed {c.time:%Y-%m-%d %H:%M:%S}Z"))
        with connection.cursor() as cur:
            cur.execute(f'SELECT MAX("index") FROM {table} WHERE log_id = %s', [log.pk])  # noqa: S608
            top = cur.fetchone()[0]
        stored = 0 if top is None else top + 1
        span = max([log.size, stored] + [s for s, _r, _w in signed])
        logs.append(
            {
                "id": log.pk,
                "log": log,
                "span": span,
                "sizes": tuple(sorted({s for s, _r, _w in signed})),
                "signed": sorted(signed),
                "bad": bad,
            }
        )
    jobs = _merkle_jobs(logs)
    checked = 0
    if workers > 1 and _can_fork() and sum(-(-lg["span"] // MERKLE_CHUNK) for lg in logs) > 1:
        import multiprocessing

        from django.db import connections

        connections.close_all()  # each worker opens its own connection
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            results = pool.imap(_verify_chunk, jobs)
            checked = _merge(logs, results, problems)
    else:
        checked = _merge(logs, map(_verify_chunk, jobs), problems)
    problems.sort(key=lambda p: (p.origin != "", p.origin))
    return LedgerReport(
        checked=checked,
        problem=problems[0] if problems else None,
        problems=tuple(problems),
        checkpoints_checked=checkpoints_checked,
        logs=len(logs),
        seconds_merkle=time.perf_counter() - t0,
    )


def _seq_at(log_id: int, position: int) -> int:
    seq = (
        LedgerEntry.objects.filter(log_id=log_id, index=position - 1)
        .values_list("seq", flat=True)
        .first()
    )
    return seq or 0


def _merge(
    logs: list[dict[str, Any]], results: Iterator[dict[str, Any]], out: list[LedgerProblem]
) -> int:
    """Combine chunk results in order into each log's tree: roots at every checkpoint
    size, the nodes above the chunks, the log row; the first problem of each log
    (smallest position) goes to ``out``. Returns the number of entries checked."""
    checked = 0
    for lg in logs:
        log, signed = lg["log"], lg["signed"]
        roots: dict[int, list[tuple[bytes, str]]] = {}
        for s, r, why in signed:
            roots.setdefault(s, []).append((r, why))
        found: list[LedgerProblem] = list(lg["bad"])
        top: list[bytes] = []
        count, done, last_good = 0, False, 0
        chunks = -(-lg["span"] // MERKLE_CHUNK)
        final: list[bytes] = []
        for c in range(chunks):
            res = next(results)
            if done:
                continue
            for size in sorted(res["partials"]):
                root = merkle.frontier_root(top + res["partials"][size])
                for r, why in roots.get(size, []):
                    if r != root:
                        first = last_good + 1
                        found.append(
                            LedgerProblem(
                                _seq_at(log.pk, first),
                                f"root at size {size} differs from the checkpoint ({why}): an "
                                f"entry in positions {first}–{size} was changed after signing",
                                log.origin,
                                first,
                            )
                        )
                        done = True
                if done:
                    break
                last_good = size
            count += res["count"]
            if done:
                continue
            if res["problem"] is not None:
                index, reason = res["problem"]
                found.append(
                    LedgerProblem(_seq_at(log.pk, index + 1), reason, log.origin, index + 1)
                )
                done = True
                continue
            if res["count"] < MERKLE_CHUNK:
                final = top + res["frontier"]
                done = True
                continue
            completed = merkle.append(top, c, res["frontier"][0])
            if b"".join(completed[1:]) != res["high"]:
                found.append(
                    LedgerProblem(
                        _seq_at(log.pk, count),
                        "a stored subtree hash differs from the recomputed one",
                        log.origin,
                        count,
                    )
                )
                done = True
        if not found:
            final = final or top
            for size, _r, why in signed:
                if size > count:
                    found.append(
                        LedgerProblem(
                            0,
                            f"truncated: checkpoint of size {size} ({why}) but the log has "
                            f"{count} entries",
                            log.origin,
                            count + 1,
                        )
                    )
                    break
        if not found and (log.size != count or bytes(log.frontier) != merkle.pack(final)):
            found.append(
                LedgerProblem(
                    _seq_at(log.pk, count),
                    f"log row (size {log.size}) does not match its {count} entries",
                    log.origin,
                    min(log.size, count) + 1,
                )
            )
        checked += count
        if found:
            out.append(min(found, key=lambda p: p.position))
    return checked


def verify_entry(entry: LedgerEntry) -> bool:
    """One entry's own hashes (leaf, and for format 1 its chain hash and Ed25519
    signature): the public verification page."""
    leaf = entry_leaf_hash(entry)
    if bytes(entry.nodes)[:32] != leaf:
        return False
    if entry.format == 2:
        return entry.entry_hash == leaf.hex()
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


def included_in_checkpoint(entry: LedgerEntry) -> bool:
    """The entry's inclusion proof reaches the root of a checkpoint signed by the
    installation key (signed on demand when none covers the entry yet)."""
    checkpoint = checkpoint_covering(entry)
    try:
        signed = cp.verify(checkpoint.note, name=key_name(), public=ledger_key().public)
        path = inclusion_proof(entry, signed.size)
    except (cp.CheckpointError, merkle.ProofError):
        return False
    if signed.origin != entry.log.origin:
        return False
    return merkle.verify_inclusion(
        entry.index, signed.size, entry_leaf_hash(entry), path, signed.root
    )


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
    """A format-1 entry links to its predecessor and its successor (or is the legacy
    head); every entry is included in a signed checkpoint of its log."""
    if entry.format == 2:
        return included_in_checkpoint(entry)
    prev = (
        GENESIS_HASH
        if entry.seq == 1
        else LedgerEntry.objects.filter(seq=entry.seq - 1, format=1)
        .values_list("entry_hash", flat=True)
        .first()
    )
    if prev != entry.prev_hash:
        return False
    nxt = (
        LedgerEntry.objects.filter(seq=entry.seq + 1, format=1)
        .values_list("prev_hash", flat=True)
        .first()
    )
    if nxt is not None:
        if nxt != entry.entry_hash:
            return False
    else:
        head = LedgerHead.objects.filter(pk=1).values_list("seq", "entry_hash").first()
        if head != (entry.seq, entry.entry_hash):
            return False
    return included_in_checkpoint(entry)


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
            return f"ledger entry #{e.seq} is not in the chain or a signed checkpoint"
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
