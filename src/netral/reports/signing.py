"""Signing of the proof of filing (PAdES B-B, pyhanko) with the installation certificate.

The certificate is the one ``netral.core.keys`` manages for every receipt this
installation issues: a PKCS#12 from a PSrE when ``NETRAL_PADES_PKCS12`` is set, else a
self-signed chain under ``NETRAL_KEYS_DIR`` (outside the database). Per PP 71/2019
(shared/domain.md §2) only a PSrE certificate makes it a *certified* e-signature; the
self-signed one proves origin and integrity to whoever trusts its CA.
"""

from __future__ import annotations

from netral.core.keys import pades_sign, pades_signer


def certificate_fingerprint() -> str:
    """SHA-256 fingerprint of the signing certificate, printed on the proof."""
    return pades_signer().signing_cert.sha256.hex()


def sign_pdf(pdf: bytes) -> bytes:
    return pades_sign(
        pdf, field_name="NetralTandaTerimaLaporan", reason="Tanda terima laporan", location="Netral"
    )
