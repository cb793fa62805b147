"""Receipt codes: random, at least 16 digits, stored only as prefix + slow hash.

A code has ``RECEIPT_DIGITS`` (20) decimal digits from ``secrets``. The first 6 are a
non-secret lookup prefix (indexed column), the remaining 14 are the secret: a database
thief must brute-force 10^14 candidates per report through scrypt with a per-report
salt. The scrypt cost (``REPORT_RECEIPT_SCRYPT_N``, default 2^12, r=8: 4 MiB and a few
milliseconds per check) keeps that at tens of thousands of CPU-years per report, while
leaving the server enough CPU for ≥ 100 reports/s on 2 cores (bench/bench_report.py).
Online guessing is throttled per client and per prefix in ``services.receipt_open``.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

from django.conf import settings

RECEIPT_DIGITS = 20
PREFIX_DIGITS = 6


def new_code() -> str:
    # First digit non-zero so the printed code never loses a leading zero in spreadsheets.
    return str(secrets.randbelow(9) + 1) + "".join(
        str(secrets.randbelow(10)) for _ in range(RECEIPT_DIGITS - 1)
    )


def normalise(raw: str) -> str:
    """Digits only: reporters copy codes with spaces or dashes."""
    return "".join(ch for ch in raw if ch.isdigit())


def format_code(code: str) -> str:
    return " ".join(code[i : i + 4] for i in range(0, len(code), 4))


def _scrypt(code: str, salt: bytes) -> bytes:
    n = settings.REPORT_RECEIPT_SCRYPT_N
    return hashlib.scrypt(
        code.encode(), salt=salt, n=n, r=8, p=1, maxmem=256 * n * 8 + 2**20, dklen=32
    )


def hash_code(code: str) -> tuple[str, bytes, bytes]:
    """Return (prefix, salt, hash) to store for ``code``."""
    salt = secrets.token_bytes(16)
    return code[:PREFIX_DIGITS], salt, _scrypt(code, salt)


def verify(code: str, *, salt: bytes, expected: bytes) -> bool:
    return hmac.compare_digest(_scrypt(code, bytes(salt)), bytes(expected))
