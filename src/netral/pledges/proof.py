"""Ledger leaf formats and the offline check of a receipt's proof (issue 15).

Pure functions, no Django and no database: ``python -m netral.pledges.proof
tanda-terima.pdf --key <verifier key> [--checkpoint published.txt]`` checks a receipt PDF
anywhere. The PDF carries (as the embedded file ``netral-bukti.json``, inside the PAdES
signature) the signed entry, its inclusion proof and the signed checkpoint it was
proved against; the verifier needs only the installation's published verifier key and,
to rule out a private fork, a checkpoint published for the same log (the verification
page, the Bawaslu recap or the API publish them).

Leaf formats (the bytes whose ``SHA-256(0x00 || bytes)`` is the Merkle leaf hash):

* format 2: ``frame("netral-ledger-v2", kind, payload)``;
* format 1 (the single chain before issue 15): ``frame("netral-ledger-v1", seq, kind,
  prev_hash, key_id, payload) + frame(signature)``, i.e. the Ed25519-signed message
  plus its signature: exactly what that entry's ``entry_hash`` covered.

``frame`` length-prefixes every field (8 bytes, big-endian) so no field's bytes can
slide into its neighbour's.
"""

from __future__ import annotations

import argparse
import base64
import json
import sys
from dataclasses import dataclass, field
from typing import Any

from netral.core import checkpoint as cp
from netral.core import merkle

PROOF_FILE = "netral-bukti.json"
PROOF_FORMAT = "netral-receipt-proof-v1"
V1, V2 = "netral-ledger-v1", "netral-ledger-v2"


def frame(*parts: str) -> bytes:
    out = bytearray()
    for part in parts:
        raw = part.encode("utf-8")
        out += len(raw).to_bytes(8, "big")
        out += raw
    return bytes(out)


def signed_message_v1(*, seq: int, kind: str, prev_hash: str, key_id: str, payload: str) -> bytes:
    return frame(V1, str(seq), kind, prev_hash, key_id, payload)


def leaf_bytes_v1(
    *, seq: int, kind: str, prev_hash: str, key_id: str, payload: str, signature: str
) -> bytes:
    message = signed_message_v1(
        seq=seq, kind=kind, prev_hash=prev_hash, key_id=key_id, payload=payload
    )
    return message + frame(signature)


def leaf_bytes_v2(*, kind: str, payload: str) -> bytes:
    return frame(V2, kind, payload)


def entry_leaf_bytes(entry: dict[str, Any]) -> bytes:
    """The leaf bytes of an entry given as the receipt's ``entry`` object."""
    if entry["format"] == 1:
        return leaf_bytes_v1(
            seq=entry["seq"],
            kind=entry["kind"],
            prev_hash=entry["prev_hash"],
            key_id=entry["key_id"],
            payload=entry["payload"],
            signature=entry["signature"],
        )
    if entry["format"] == 2:
        return leaf_bytes_v2(kind=entry["kind"], payload=entry["payload"])
    raise ValueError(f"unknown entry format {entry['format']!r}")


# --- the receipt's proof -------------------------------------------------------------------


@dataclass
class ProofResult:
    ok: bool
    problems: list[str] = field(default_factory=list)
    checkpoint: cp.Checkpoint | None = None
    payload: dict[str, Any] | None = None
    notes: list[str] = field(default_factory=list)


def verify_bundle(
    bundle: dict[str, Any],
    *,
    verifier_key: str,
    published: list[str] | None = None,
    consistency: list[bytes] | None = None,
) -> ProofResult:
    """Check a receipt's proof bundle: the checkpoint's signature by ``verifier_key``,
    the entry's leaf hash and its inclusion proof against that checkpoint's root, and,
    for each ``published`` checkpoint of the same log (signed note texts), that it is
    the same tree or (with a ``consistency`` proof between the two) extends it."""
    result = ProofResult(ok=False)
    try:
        if bundle.get("format") != PROOF_FORMAT:
            result.problems.append("not a Netral receipt proof")
            return result
        name, public = cp.parse_verifier_key(verifier_key)
        checkpoint = cp.verify(bundle["checkpoint"], name=name, public=public)
        result.checkpoint = checkpoint
        entry = bundle["entry"]
        leaf = merkle.leaf_hash(entry_leaf_bytes(entry))
        if entry.get("leaf_hash") and entry["leaf_hash"] != leaf.hex():
            result.problems.append("entry bytes do not give the stated leaf hash")
        proof = [bytes.fromhex(p) for p in bundle["inclusion_proof"]]
        index = int(bundle["leaf_index"])
        if checkpoint.origin != bundle["origin"]:
            result.problems.append("checkpoint is for another log")
        if not merkle.verify_inclusion(index, checkpoint.size, leaf, proof, checkpoint.root):
            result.problems.append(
                f"inclusion proof of leaf {index} does not reach the checkpoint root"
            )
        result.payload = json.loads(entry["payload"])
    except (cp.CheckpointError, KeyError, TypeError, ValueError) as exc:
        result.problems.append(str(exc) or type(exc).__name__)
        return result
    for text in published or []:
        try:
            other = cp.verify(text, name=name, public=public)
        except cp.CheckpointError as exc:
            result.problems.append(f"published checkpoint: {exc}")
            continue
        if other.origin != checkpoint.origin:
            continue
        if other.size == checkpoint.size:
            if other.root != checkpoint.root:
                result.problems.append(
                    f"published checkpoint of size {other.size} has another root: a fork"
                )
            else:
                result.notes.append(f"matches the published checkpoint of size {other.size}")
            continue
        small, big = sorted((checkpoint, other), key=lambda c: c.size)
        if consistency is None:
            result.notes.append(
                f"published checkpoint has size {other.size}: a consistency proof "
                f"{small.size}→{big.size} (API) shows it extends the receipt's"
            )
        elif merkle.verify_consistency(small.size, big.size, small.root, big.root, consistency):
            result.notes.append(f"consistent with the published checkpoint of size {other.size}")
        else:
            result.problems.append(
                f"consistency proof {small.size}→{big.size} does not verify: a fork"
            )
    result.ok = not result.problems
    return result


def bundle_from_pdf(pdf: bytes) -> dict[str, Any]:
    """The proof bundle embedded in a receipt PDF (``ValueError`` when absent)."""
    import io

    from pyhanko.pdf_utils.reader import PdfFileReader

    reader = PdfFileReader(io.BytesIO(pdf), strict=False)
    try:
        names = reader.root["/Names"]["/EmbeddedFiles"]["/Names"]
    except KeyError as exc:
        raise ValueError("the PDF carries no embedded proof") from exc
    for i in range(0, len(names), 2):
        if str(names[i]) == PROOF_FILE:
            spec = names[i + 1].get_object()
            data = spec["/EF"]["/F"].get_object().data
            loaded: dict[str, Any] = json.loads(data)
            return loaded
    raise ValueError("the PDF carries no embedded proof")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m netral.pledges.proof",
        description="Periksa bukti buku besar pada tanda terima pakta (PDF) secara luring.",
    )
    parser.add_argument("pdf", help="berkas PDF tanda terima")
    parser.add_argument("--key", required=True, help="kunci verifikasi yang dipublikasikan")
    parser.add_argument(
        "--checkpoint",
        action="append",
        default=[],
        help="berkas checkpoint yang dipublikasikan (boleh lebih dari satu)",
    )
    parser.add_argument(
        "--consistency", default="", help="bukti konsistensi (hex dipisah koma, dari API)"
    )
    args = parser.parse_args(argv)
    with open(args.pdf, "rb") as fh:
        pdf = fh.read()
    published = []
    for path in args.checkpoint:
        with open(path, encoding="utf-8") as fh:
            published.append(fh.read())
    consistency = (
        [bytes.fromhex(x) for x in args.consistency.split(",") if x] if args.consistency else None
    )
    try:
        bundle = bundle_from_pdf(pdf)
    except ValueError as exc:
        sys.stdout.write(f"TIDAK VALID: {exc}\n")
        return 1
    result = verify_bundle(
        bundle, verifier_key=args.key, published=published, consistency=consistency
    )
    if result.ok and result.checkpoint and result.payload is not None:
        c, g = result.payload.get("campaign", {}), result.payload.get("pegawai", {})
        root = base64.b64encode(result.checkpoint.root).decode()
        out = sys.stdout.write
        out(
            f"VALID: entri posisi {bundle['leaf_index'] + 1} log {result.checkpoint.origin} "
            f"termasuk dalam checkpoint ukuran {result.checkpoint.size} (root {root})\n"
        )
        if g:
            out(f"  {g.get('nama', '')} · {c.get('nama', '')} · {result.payload.get('time', '')}\n")
        for note in result.notes:
            out(f"  {note}\n")
        return 0
    sys.stdout.write("TIDAK VALID: " + "; ".join(result.problems) + "\n")
    return 1


if __name__ == "__main__":
    sys.exit(main())
