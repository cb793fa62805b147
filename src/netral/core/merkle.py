"""Append-only Merkle tree of RFC 6962 / RFC 9162 §2.1 (Certificate Transparency).

* leaf hash ``SHA-256(0x00 || entry)``, interior node ``SHA-256(0x01 || left || right)``,
  the hash of the empty tree ``SHA-256("")``;
* inclusion proofs (RFC 9162 §2.1.3) and consistency proofs (§2.1.4), generated and
  verified with the algorithms of the RFC;
* a *frontier* (the roots of the complete subtrees of a tree, largest first: one per set
  bit of its size) so appending costs O(log n) hashes without reading earlier leaves;
* ``stream_roots``: every leaf once, the root at any requested sizes (the auditor's loop).

Nodes are addressed by ``(level, index)``: the complete subtree of ``2**level`` leaves
starting at leaf ``index * 2**level``. Proof generation asks a ``node(level, index)``
callback only for complete subtrees, so a store that keeps each complete subtree's hash
(the ledger keeps them beside the leaf that completes them) answers a proof with at most
2·log2(n) lookups. Pure functions, no Django: usable offline (``netral.pledges.proof``).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Sequence

Node = Callable[[int, int], bytes]

EMPTY_ROOT = hashlib.sha256(b"").digest()
_sha256 = hashlib.sha256


class ProofError(ValueError):
    """A proof or its arguments do not verify."""


def leaf_hash(entry: bytes) -> bytes:
    return _sha256(b"\x00" + entry).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    return _sha256(b"\x01" + left + right).digest()


def _split(n: int) -> int:
    """The largest power of two smaller than ``n`` (n >= 2)."""
    return 1 << ((n - 1).bit_length() - 1)


# --- building ------------------------------------------------------------------------


def root(leaves: Sequence[bytes]) -> bytes:
    """MTH over leaf *hashes* (RFC 9162 §2.1.1), iteratively."""
    if not leaves:
        return EMPTY_ROOT
    frontier: list[bytes] = []
    for i, leaf in enumerate(leaves):
        append(frontier, i, leaf)
    return frontier_root(frontier)


def append(frontier: list[bytes], size: int, leaf: bytes) -> list[bytes]:
    """Append ``leaf`` (a leaf hash) to a tree of ``size`` leaves given by its
    ``frontier`` (modified in place). Returns the hashes of the subtrees this leaf
    completes, lowest first: the leaf itself (level 0), then level 1, … ."""
    completed = [leaf]
    carry = leaf
    while size & 1:
        carry = _sha256(b"\x01" + frontier.pop() + carry).digest()
        completed.append(carry)
        size >>= 1
    frontier.append(carry)
    return completed


def frontier_root(frontier: Sequence[bytes]) -> bytes:
    """The root of the tree whose complete subtrees are ``frontier`` (largest first)."""
    if not frontier:
        return EMPTY_ROOT
    acc = frontier[-1]
    for h in reversed(frontier[:-1]):
        acc = _sha256(b"\x01" + h + acc).digest()
    return acc


def pack(frontier: Sequence[bytes]) -> bytes:
    return b"".join(frontier)


def unpack(raw: bytes) -> list[bytes]:
    if len(raw) % 32:
        raise ValueError("frontier length is not a multiple of 32")
    return [bytes(raw[i : i + 32]) for i in range(0, len(raw), 32)]


def stream_roots(leaves: Iterable[bytes], sizes: Iterable[int]) -> dict[int, bytes]:
    """Consume leaf hashes in order; the root at every size in ``sizes`` reached."""
    wanted = sorted(set(sizes))
    out: dict[int, bytes] = {}
    if wanted and wanted[0] == 0:
        out[0] = EMPTY_ROOT
        wanted.pop(0)
    frontier: list[bytes] = []
    size = 0
    it = iter(wanted)
    nxt = next(it, None)
    for leaf in leaves:
        append(frontier, size, leaf)
        size += 1
        if size == nxt:
            out[size] = frontier_root(frontier)
            nxt = next(it, None)
    return out


def memory_node(leaves: Sequence[bytes]) -> Node:
    """A ``node`` callback over leaf hashes held in memory (tests, small trees)."""
    levels = [list(leaves)]
    while len(levels[-1]) > 1:
        below = levels[-1]
        levels.append([node_hash(below[i], below[i + 1]) for i in range(0, len(below) - 1, 2)])

    def node(level: int, index: int) -> bytes:
        return levels[level][index]

    return node


# --- proofs (RFC 9162 §2.1.3.1 and §2.1.4.1) ----------------------------------------------


def range_hash(start: int, end: int, node: Node) -> bytes:
    """MTH of leaves ``[start, end)`` where ``start`` is a multiple of a power of two not
    smaller than ``end - start`` (true of every subtree the RFC's recursion visits)."""
    n = end - start
    if n & (n - 1) == 0:
        level = n.bit_length() - 1
        return node(level, start >> level)
    k = _split(n)
    return node_hash(range_hash(start, start + k, node), range_hash(start + k, end, node))


def inclusion_proof(index: int, size: int, node: Node) -> list[bytes]:
    """PATH(m, D[n]) of RFC 9162 §2.1.3.1, leaf ``index`` in a tree of ``size``."""
    if not 0 <= index < size:
        raise ProofError(f"leaf {index} is not in a tree of {size}")
    path: list[bytes] = []
    start, n, m = 0, size, index
    while n > 1:
        k = _split(n)
        if m < k:
            path.append(range_hash(start + k, start + n, node))
            n = k
        else:
            path.append(range_hash(start, start + k, node))
            start, n, m = start + k, n - k, m - k
    path.reverse()
    return path


def consistency_proof(first: int, second: int, node: Node) -> list[bytes]:
    """PROOF(m, D[n]) of RFC 9162 §2.1.4.1 (``0 < first <= second``)."""
    if not 0 < first <= second:
        raise ProofError(f"no consistency proof from {first} to {second}")
    path: list[bytes] = []
    start, n, m, whole = 0, second, first, True
    while m != n:
        k = _split(n)
        if m <= k:
            path.append(range_hash(start + k, start + n, node))
            n = k
        else:
            path.append(range_hash(start, start + k, node))
            start, n, m, whole = start + k, n - k, m - k, False
    if not whole:
        path.append(range_hash(start, start + m, node))
    path.reverse()
    return path


def needed_nodes(build: Callable[[Node], object]) -> set[tuple[int, int]]:
    """The ``(level, index)`` pairs a proof builder asks for: run it against a recorder,
    so a database store can fetch them all in one query before building for real."""
    asked: set[tuple[int, int]] = set()

    def record(level: int, index: int) -> bytes:
        asked.add((level, index))
        return EMPTY_ROOT

    build(record)
    return asked


# --- verification (RFC 9162 §2.1.3.2 and §2.1.4.2) ----------------------------------------


def root_from_inclusion(index: int, size: int, leaf: bytes, proof: Sequence[bytes]) -> bytes:
    """The root that ``proof`` yields for ``leaf`` at ``index`` in a tree of ``size``."""
    if not 0 <= index < size:
        raise ProofError(f"leaf {index} is not in a tree of {size}")
    fn, sn, r = index, size - 1, leaf
    for p in proof:
        if sn == 0:
            raise ProofError("inclusion proof too long")
        if fn & 1 or fn == sn:
            r = node_hash(p, r)
            if not fn & 1:
                while fn and not fn & 1:
                    fn >>= 1
                    sn >>= 1
        else:
            r = node_hash(r, p)
        fn >>= 1
        sn >>= 1
    if sn != 0:
        raise ProofError("inclusion proof too short")
    return r


def verify_inclusion(
    index: int, size: int, leaf: bytes, proof: Sequence[bytes], expected_root: bytes
) -> bool:
    try:
        return root_from_inclusion(index, size, leaf, proof) == expected_root
    except ProofError:
        return False


def verify_consistency(
    first: int, second: int, first_root: bytes, second_root: bytes, proof: Sequence[bytes]
) -> bool:
    """RFC 9162 §2.1.4.2: the tree of ``second`` leaves extends the one of ``first``."""
    if first < 0 or second < first:
        return False
    if first == second:
        return not proof and first_root == second_root
    if first == 0:
        return not proof
    path = list(proof)
    if first & (first - 1) == 0:  # first is an exact power of two
        path.insert(0, first_root)
    if not path:
        return False
    fn, sn = first - 1, second - 1
    while fn & 1:
        fn >>= 1
        sn >>= 1
    fr = sr = path[0]
    for c in path[1:]:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            fr = node_hash(c, fr)
            sr = node_hash(c, sr)
            if not fn & 1:
                while fn and not fn & 1:
                    fn >>= 1
                    sn >>= 1
        else:
            sr = node_hash(sr, c)
        fn >>= 1
        sn >>= 1
    return sn == 0 and fr == first_root and sr == second_root
