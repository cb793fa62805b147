"""Field-level encryption for data that must never sit in the database in clear
(reporter identities: UU 27/2022 PDP; shared/domain.md §2).

AES-256-GCM with keys derived (HKDF-SHA256) from ``settings.NETRAL_ENCRYPTION_KEYS``,
which live outside the database (environment or ``var/encryption_key``). The first key
encrypts; every key is tried for decryption, so keys can be rotated.
Token format: ``v1.<key id>.<base64url(nonce || ciphertext)>``.
"""

from __future__ import annotations

import base64
import hashlib
import os
from collections.abc import Iterator
from functools import lru_cache
from typing import Any

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from netral.core.env import production_secrets_message


class DecryptionError(Exception):
    pass


@lru_cache(maxsize=8)
def _derive(secret: str, purpose: str) -> tuple[str, bytes]:
    key = HKDF(
        algorithm=hashes.SHA256(), length=32, salt=b"netral-field-encryption", info=purpose.encode()
    ).derive(secret.encode())
    key_id = hashlib.sha256(key).hexdigest()[:8]
    return key_id, key


def _keys(purpose: str) -> list[tuple[str, bytes]]:
    secrets = [secret for secret in settings.NETRAL_ENCRYPTION_KEYS if secret]
    if not secrets:  # production without a key: never encrypt with a made-up one
        raise ImproperlyConfigured(production_secrets_message(["NETRAL_ENCRYPTION_KEY"]))
    return [_derive(secret, purpose) for secret in secrets]


def encrypt(plaintext: str, *, purpose: str = "default") -> str:
    """Encrypt ``plaintext``; ``purpose`` binds the token to one use (domain separation)."""
    key_id, key = _keys(purpose)[0]
    nonce = os.urandom(12)
    ct = AESGCM(key).encrypt(nonce, plaintext.encode("utf-8"), purpose.encode())
    return f"v1.{key_id}.{base64.urlsafe_b64encode(nonce + ct).decode()}"


def decrypt(token: str, *, purpose: str = "default") -> str:
    try:
        version, key_id, payload = token.split(".", 2)
        raw = base64.urlsafe_b64decode(payload.encode())
    except (ValueError, TypeError) as exc:
        raise DecryptionError("malformed token") from exc
    if version != "v1":
        raise DecryptionError("unknown token version")
    for kid, key in _keys(purpose):
        if kid == key_id:
            try:
                return AESGCM(key).decrypt(raw[:12], raw[12:], purpose.encode()).decode("utf-8")
            except Exception as exc:  # InvalidTag: tampered or wrong purpose
                raise DecryptionError("cannot decrypt") from exc
    raise DecryptionError("no key for this token")


# --- files -----------------------------------------------------------------------------
#
# Files (evidence originals, which may carry the reporter's name, phone model and GPS:
# issue 9, defect 3) are encrypted in 64 KiB chunks so neither writing nor reading holds
# a whole video in memory. The construction is STREAM (Hoang, Reyhanitabar, Rogaway,
# Vizár 2015) over AES-256-GCM: chunk ``i`` has the nonce ``prefix(7) || i(4) || last(1)``,
# so chunks cannot be reordered, dropped or the file truncated without the tag failing.
# Every chunk's associated data binds it to the header (key id, prefix) and to the
# caller's ``context`` (e.g. the evidence row's id, so files cannot be swapped between rows).
#
# Layout: ``NTRLENC1`` | key id (8 ASCII hex) | nonce prefix (7) | chunks (≤ 64 KiB + 16).

FILE_MAGIC = b"NTRLENC1"
FILE_CHUNK = 64 * 1024
_FILE_HEADER = len(FILE_MAGIC) + 8 + 7


def _file_nonce(prefix: bytes, index: int, last: bool) -> bytes:
    return prefix + index.to_bytes(4, "big") + (b"\x01" if last else b"\x00")


def encrypt_file(src: Any, dst: Any, *, purpose: str, context: str = "") -> None:
    """Encrypt the readable binary ``src`` into the writable ``dst`` with the first key."""
    key_id, key = _keys(purpose)[0]
    aead = AESGCM(key)
    prefix = os.urandom(7)
    header = FILE_MAGIC + key_id.encode() + prefix
    aad = header + purpose.encode() + b"\x00" + context.encode()
    dst.write(header)
    index = 0
    chunk = src.read(FILE_CHUNK)
    while True:
        following = src.read(FILE_CHUNK) if chunk else b""
        last = not following
        dst.write(aead.encrypt(_file_nonce(prefix, index, last), chunk, aad))
        if last:
            return
        chunk, index = following, index + 1


def decrypt_file(src: Any, *, purpose: str, context: str = "") -> Iterator[bytes]:
    """Yield the plaintext of a file written by ``encrypt_file``, chunk by chunk; raise
    ``DecryptionError`` on any change (before yielding the changed chunk)."""
    header = src.read(_FILE_HEADER)
    if len(header) != _FILE_HEADER or not header.startswith(FILE_MAGIC):
        raise DecryptionError("not an encrypted file")
    key_id = header[len(FILE_MAGIC) : len(FILE_MAGIC) + 8].decode("ascii", "replace")
    prefix = header[len(FILE_MAGIC) + 8 :]
    keys = dict(_keys(purpose))
    if key_id not in keys:
        raise DecryptionError("no key for this file")
    aead = AESGCM(keys[key_id])
    aad = header + purpose.encode() + b"\x00" + context.encode()
    size = FILE_CHUNK + 16
    index = 0
    block = src.read(size)
    while True:
        following = src.read(size) if len(block) == size else b""
        last = not following
        try:
            yield aead.decrypt(_file_nonce(prefix, index, last), block, aad)
        except Exception as exc:  # InvalidTag: changed, truncated, reordered, wrong key
            raise DecryptionError("cannot decrypt file") from exc
        if last:
            return
        block, index = following, index + 1
