"""The API's error responses for the OpenAPI schema (``extend_schema(responses=...)``).

Kept apart from ``api/schema.py`` (loaded only when a schema is generated): the views
import this at start-up, and it needs only drf-spectacular's light ``utils``.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiResponse

from netral.core.api_envelope import ErrorEnvelope

# --- Error responses ---------------------------------------------------------------------
# Every status code an endpoint can answer is in its schema (issue 9, defect 10), each
# error with the one envelope ``{"error": {"code", "message", "fields"?}}`` (api/errors.py).

_ERROR_TEXT = {
    400: "Data tidak valid (lihat `error.fields`).",
    401: "Token tidak ada, tidak valid, atau dicabut.",
    403: "Peran atau lingkup pemilik token tidak mengizinkan.",
    404: "Tidak ditemukan (atau di luar lingkup akses: jawaban yang sama).",
    405: "Metode tidak didukung.",
    409: "Langkah ditolak pada keadaan ini (kode di `error.code`).",
    413: "Berkas atau permintaan melebihi batas ukuran.",
    415: "Jenis isi permintaan tidak didukung.",
    429: "Terlalu banyak permintaan; coba lagi nanti.",
}


def error_responses(*codes: int) -> dict[int, Any]:
    """``{code: OpenApiResponse(ErrorEnvelope)}`` for ``extend_schema(responses=...)``."""
    return {c: OpenApiResponse(response=ErrorEnvelope, description=_ERROR_TEXT[c]) for c in codes}
