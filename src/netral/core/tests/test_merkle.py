"""core.merkle against the RFC 6962 / 9162 test vectors (the Certificate Transparency
reference data: eight leaves, every root, inclusion and consistency paths) and against a
direct transcription of the RFC's recursive definitions for every size up to 40."""

from __future__ import annotations

import hashlib

import pytest

from netral.core import merkle

LEAVES = [
    bytes.fromhex(x)
    for x in [
        "",
        "00",
        "10",
        "2021",
        "3031",
        "40414243",
        "5051525354555657",
        "606162636465666768696a6b6c6d6e6f",
    ]
]
ROOTS = [
    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
    "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
    "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
    "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
    "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
]
HASHES = [merkle.leaf_hash(x) for x in LEAVES]
NODE = merkle.memory_node(HASHES)


def h(*hexes: str) -> list[bytes]:
    return [bytes.fromhex(x) for x in hexes]


def test_empty_tree_and_leaf_and_node_prefixes():
    assert merkle.root([]).hex() == hashlib.sha256(b"").hexdigest()
    assert merkle.leaf_hash(b"") == hashlib.sha256(b"\x00").digest()
    a, b = HASHES[0], HASHES[1]
    assert merkle.node_hash(a, b) == hashlib.sha256(b"\x01" + a + b).digest()


@pytest.mark.parametrize("size", range(1, 9))
def test_roots_match_the_rfc_vectors(size):
    assert merkle.root(HASHES[:size]).hex() == ROOTS[size - 1]


# Inclusion paths of the reference data (leaf index, tree size, path).
INCLUSION = [
    (0, 1, []),
    (
        0,
        8,
        h(
            "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
        ),
    ),
    (
        5,
        8,
        h(
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
            "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        ),
    ),
    (
        2,
        3,
        h(
            "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
        ),
    ),
    (
        1,
        5,
        h(
            "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
        ),
    ),
]

CONSISTENCY = [
    (
        1,
        8,
        h(
            "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
        ),
    ),
    (
        6,
        8,
        h(
            "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
            "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        ),
    ),
    (
        2,
        5,
        h(
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
        ),
    ),
]


@pytest.mark.parametrize(("index", "size", "path"), INCLUSION)
def test_inclusion_paths_match_the_rfc_vectors(index, size, path):
    assert merkle.inclusion_proof(index, size, NODE) == path
    root = bytes.fromhex(ROOTS[size - 1])
    assert merkle.verify_inclusion(index, size, HASHES[index], path, root)


@pytest.mark.parametrize(("first", "second", "path"), CONSISTENCY)
def test_consistency_paths_match_the_rfc_vectors(first, second, path):
    assert merkle.consistency_proof(first, second, NODE) == path
    r1, r2 = bytes.fromhex(ROOTS[first - 1]), bytes.fromhex(ROOTS[second - 1])
    assert merkle.verify_consistency(first, second, r1, r2, path)


# --- against the RFC's recursive definitions -----------------------------------------------


def _k(n):
    k = 1
    while k * 2 < n:
        k *= 2
    return k


def mth(d):
    if not d:
        return hashlib.sha256(b"").digest()
    if len(d) == 1:
        return d[0]
    k = _k(len(d))
    return merkle.node_hash(mth(d[:k]), mth(d[k:]))


def path(m, d):
    if len(d) == 1:
        return []
    k = _k(len(d))
    if m < k:
        return path(m, d[:k]) + [mth(d[k:])]
    return path(m - k, d[k:]) + [mth(d[:k])]


def subproof(m, d, b):
    n = len(d)
    if m == n:
        return [] if b else [mth(d)]
    k = _k(n)
    if m <= k:
        return subproof(m, d[:k], b) + [mth(d[k:])]
    return subproof(m - k, d[k:], False) + [mth(d[:k])]


LEAVES_40 = [merkle.leaf_hash(i.to_bytes(4, "big")) for i in range(40)]
NODE_40 = merkle.memory_node(LEAVES_40)


def test_every_size_up_to_40_agrees_with_the_rfc_definitions():
    frontier: list[bytes] = []
    for n in range(1, 41):
        d = LEAVES_40[:n]
        merkle.append(frontier, n - 1, d[-1])
        assert merkle.frontier_root(frontier) == mth(d) == merkle.root(d)
        for m in range(n):
            proof = merkle.inclusion_proof(m, n, NODE_40)
            assert proof == path(m, d)
            assert merkle.verify_inclusion(m, n, d[m], proof, mth(d))
            assert not merkle.verify_inclusion(m, n, LEAVES_40[(m + 1) % 40], proof, mth(d))
            if n > 1:
                assert not merkle.verify_inclusion(m, n, d[m], proof[:-1], mth(d))
                assert not merkle.verify_inclusion(m, n, d[m], proof + proof[:1], mth(d))
        for m in range(1, n + 1):
            proof = merkle.consistency_proof(m, n, NODE_40)
            assert proof == subproof(m, d, True)
            assert merkle.verify_consistency(m, n, mth(d[:m]), mth(d), proof)
            if m < n:
                # A different earlier tree (one leaf changed) is not extended by this one.
                forged = [merkle.leaf_hash(b"x")] + d[1:m]
                assert not merkle.verify_consistency(m, n, mth(forged), mth(d), proof)
                assert not merkle.verify_consistency(m, n, mth(d[:m]), mth(d), proof[:-1])


def test_stream_roots_and_frontier_packing():
    roots = merkle.stream_roots(iter(LEAVES_40), [0, 1, 7, 32, 40, 99])
    assert roots == {
        0: merkle.EMPTY_ROOT,
        1: mth(LEAVES_40[:1]),
        7: mth(LEAVES_40[:7]),
        32: mth(LEAVES_40[:32]),
        40: mth(LEAVES_40),
    }
    frontier: list[bytes] = []
    for i, leaf in enumerate(LEAVES_40[:13]):
        merkle.append(frontier, i, leaf)
    assert len(frontier) == 3  # 13 = 8 + 4 + 1
    assert merkle.unpack(merkle.pack(frontier)) == frontier
    with pytest.raises(ValueError):
        merkle.unpack(b"x" * 31)


def test_completed_subtrees_are_the_nodes_proofs_ask_for():
    """``append`` returns exactly the nodes a store must keep to answer every proof."""
    stored: dict[tuple[int, int], bytes] = {}
    frontier: list[bytes] = []
    for i, leaf in enumerate(LEAVES_40):
        for level, value in enumerate(merkle.append(frontier, i, leaf)):
            stored[(level, i >> level)] = value
    for n in (5, 17, 40):
        for m in range(n):
            assert merkle.inclusion_proof(m, n, lambda lv, ix: stored[(lv, ix)]) == path(
                m, LEAVES_40[:n]
            )
        asked = merkle.needed_nodes(lambda node, n=n: merkle.consistency_proof(3, n, node))
        assert asked <= stored.keys()


def test_bad_arguments_are_refused():
    with pytest.raises(merkle.ProofError):
        merkle.inclusion_proof(8, 8, NODE)
    with pytest.raises(merkle.ProofError):
        merkle.consistency_proof(0, 8, NODE)
    assert not merkle.verify_inclusion(8, 8, HASHES[0], [], HASHES[0])
    assert not merkle.verify_consistency(5, 3, HASHES[0], HASHES[0], [])
    assert merkle.verify_consistency(4, 4, HASHES[0], HASHES[0], [])
    assert not merkle.verify_consistency(4, 4, HASHES[0], HASHES[1], [])
