"""Signing of the proof of filing (PAdES B-B, pyhanko) with the installation certificate.

The certificate is the one ``netral.core.keys`` manages for every receipt this
installation issues: a PKCS#12 from a PSrE when ``NETRAL_PADES_PKCS12`` is set, else a
self-signed chain under ``NETRAL_KEYS_DIR`` (outside the database). Per PP 71/2019
(shared/domain.md §2) only a PSrE certificate makes it a *certified* e-signature; the
self-signed one proves origin and integrity to whoever trusts its CA.
"""

from __future__ import annotations

import io

from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import fields, signers

from netral.core.keys import pades_signer


def certificate_fingerprint() -> str:
    """SHA-256 fingerprint of the signing certificate, printed on the proof."""
    return pades_signer().signing_cert.sha256.hex()


def sign_pdf(pdf: bytes) -> bytes:
    meta = signers.PdfSignatureMetadata(
        field_name="NetralTandaTerimaLaporan",
        md_algorithm="sha256",
        subfilter=fields.SigSeedSubFilter.PADES,
        reason="Tanda terima laporan",
        location="Netral",
    )
    out = signers.sign_pdf(IncrementalPdfFileWriter(io.BytesIO(pdf)), meta, signer=pades_signer())
    return out.getvalue()
