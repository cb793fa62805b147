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
from functools import lru_cache

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
