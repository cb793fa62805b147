"""File encryption (core.crypto.encrypt_file / decrypt_file): round trip at chunk
boundaries, and any change — a flipped byte, a dropped last chunk, a swapped context or
key — is refused rather than returning altered bytes."""

import io
import os

import pytest

from netral.core import crypto

CHUNK = crypto.FILE_CHUNK


def _enc(data: bytes, **kw) -> bytes:
    out = io.BytesIO()
    crypto.encrypt_file(io.BytesIO(data), out, purpose="t", context=kw.get("context", "a"))
    return out.getvalue()


def _dec(blob: bytes, context: str = "a") -> bytes:
    return b"".join(crypto.decrypt_file(io.BytesIO(blob), purpose="t", context=context))


@pytest.mark.parametrize("size", [0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 3 * CHUNK])
def test_round_trip_at_chunk_boundaries(size):
    data = os.urandom(size)
    blob = _enc(data)
    # a 1-byte plaintext can occur in random ciphertext by chance; longer ones cannot
    assert data not in blob or size < 16
    assert _dec(blob) == data


def test_a_flipped_byte_is_refused():
    blob = bytearray(_enc(b"KameraPelapor GPS 1.2.3" * 5000))
    blob[len(blob) // 2] ^= 1
    with pytest.raises(crypto.DecryptionError):
        _dec(bytes(blob))


def test_dropping_the_last_chunk_is_refused():
    blob = _enc(os.urandom(2 * CHUNK + 10))
    header = len(crypto.FILE_MAGIC) + 8 + 7
    truncated = blob[: header + 2 * (CHUNK + 16)]
    with pytest.raises(crypto.DecryptionError):
        _dec(truncated)


def test_a_file_of_another_row_is_refused():
    with pytest.raises(crypto.DecryptionError):
        _dec(_enc(b"isi", context="evidence-1"), context="evidence-2")


def test_rotated_keys_still_decrypt_and_unknown_keys_fail(settings):
    blob = _enc(b"lama")
    settings.NETRAL_ENCRYPTION_KEYS = ["kunci-baru-" + "x" * 32, *settings.NETRAL_ENCRYPTION_KEYS]
    assert _dec(blob) == b"lama"
    settings.NETRAL_ENCRYPTION_KEYS = ["kunci-lain-" + "y" * 32]
    with pytest.raises(crypto.DecryptionError):
        _dec(blob)
