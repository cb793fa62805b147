"""Signed checkpoints in the C2SP formats used by transparency logs (Go checksum
database, Sigsum, Rekor): a ``tlog-checkpoint`` body signed as a ``signed-note`` with
Ed25519 (https://c2sp.org/tlog-checkpoint, https://c2sp.org/signed-note).

Body::

    <origin>\\n<tree size>\\n<base64 root hash>\\ntime <RFC 3339 UTC>\\n

then an empty line and one signature line per signer::

    — <key name> <base64(4-byte key hash || 64-byte Ed25519 signature)>\\n

The key hash is ``SHA-256(key name || 0x0A || 0x01 || public key)[:4]``, and a verifier
key is published as ``<name>+<hex key hash>+<base64(0x01 || public key)>``. Pure
functions, no Django: ``netral.pledges.proof`` verifies receipts offline with them.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import hashlib
from dataclasses import dataclass

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

ED25519 = 0x01
DASH = "\u2014"


class CheckpointError(ValueError):
    """The text is not a checkpoint, or its signature does not verify."""


@dataclass(frozen=True)
class Checkpoint:
    origin: str
    size: int
    root: bytes
    time: dt.datetime

    def body(self) -> str:
        stamp = self.time.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        root = base64.b64encode(self.root).decode()
        return f"{self.origin}\n{self.size}\n{root}\ntime {stamp}\n"


def _raw(public: Ed25519PublicKey) -> bytes:
    return public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def key_hash(name: str, public: Ed25519PublicKey) -> bytes:
    return hashlib.sha256(name.encode() + b"\n" + bytes([ED25519]) + _raw(public)).digest()[:4]


def verifier_key(name: str, public: Ed25519PublicKey) -> str:
    """The published form of the verifier key (``name+hash+base64``)."""
    blob = base64.b64encode(bytes([ED25519]) + _raw(public)).decode()
    return f"{name}+{key_hash(name, public).hex()}+{blob}"


def parse_verifier_key(vkey: str) -> tuple[str, Ed25519PublicKey]:
    try:
        name, hash_hex, blob = vkey.strip().split("+", 2)
        raw = base64.b64decode(blob, validate=True)
        if raw[0] != ED25519 or len(raw) != 33:
            raise CheckpointError("not an Ed25519 verifier key")
        public = Ed25519PublicKey.from_public_bytes(raw[1:])
    except (ValueError, IndexError, binascii.Error) as exc:
        raise CheckpointError(f"malformed verifier key: {exc}") from exc
    if key_hash(name, public).hex() != hash_hex:
        raise CheckpointError("verifier key hash does not match its name and key")
    return name, public


def sign(checkpoint: Checkpoint, *, name: str, private: Ed25519PrivateKey) -> str:
    """The signed note text of ``checkpoint``."""
    body = checkpoint.body()
    sig = private.sign(body.encode())
    blob = base64.b64encode(key_hash(name, private.public_key()) + sig).decode()
    return f"{body}\n{DASH} {name} {blob}\n"


def parse(text: str) -> tuple[Checkpoint, str, list[tuple[str, bytes, bytes]]]:
    """Split a signed note into (checkpoint, body, [(key name, key hash, signature)]).
    Parses only; ``verify`` checks a signature."""
    body, sep, sigs = text.partition("\n\n")
    if not sep:
        raise CheckpointError("no signature block")
    body += "\n"
    lines = body.split("\n")[:-1]
    if len(lines) < 4 or not lines[3].startswith("time "):
        raise CheckpointError("checkpoint body must have origin, size, root and time")
    try:
        size = int(lines[1])
        root = base64.b64decode(lines[2], validate=True)
        when = dt.datetime.strptime(lines[3][5:], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=dt.UTC)
    except (ValueError, binascii.Error) as exc:
        raise CheckpointError(f"malformed checkpoint body: {exc}") from exc
    if size < 0 or len(root) != 32 or str(size) != lines[1]:
        raise CheckpointError("malformed checkpoint size or root")
    signatures = []
    for line in sigs.split("\n"):
        if not line:
            continue
        parts = line.split(" ")
        if len(parts) != 3 or parts[0] != DASH:
            raise CheckpointError("malformed signature line")
        try:
            blob = base64.b64decode(parts[2], validate=True)
        except binascii.Error as exc:
            raise CheckpointError("malformed signature") from exc
        if len(blob) != 68:
            raise CheckpointError("malformed signature")
        signatures.append((parts[1], blob[:4], blob[4:]))
    if not signatures:
        raise CheckpointError("no signature")
    return Checkpoint(lines[0], size, root, when), body, signatures


def verify(text: str, *, name: str, public: Ed25519PublicKey) -> Checkpoint:
    """The checkpoint in ``text`` if it carries a valid signature by (name, public);
    raises ``CheckpointError`` naming why not."""
    checkpoint, body, signatures = parse(text)
    expected = key_hash(name, public)
    mine = [(h, s) for n, h, s in signatures if n == name and h == expected]
    if not mine:
        raise CheckpointError("not signed by the installation key")
    for _h, sig in mine:
        try:
            public.verify(sig, body.encode())
            return checkpoint
        except InvalidSignature:
            continue
    raise CheckpointError("Ed25519 signature invalid")
