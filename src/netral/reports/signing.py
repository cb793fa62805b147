"""Signing of the proof of filing (PAdES, pyhanko).

Uses this installation's signing certificate, kept outside the database in
``NETRAL_KEYS_DIR`` (``reports-proof.key`` / ``reports-proof.crt``), created on first use
as a self-signed certificate. Per PP 71/2019 (shared/domain.md §2) this is an
*uncertified* electronic signature: it proves the PDF came from this installation and
was not altered, not the legal force of a BSrE/PSrE certificate; an operator can put a
certified key pair at the same paths.
"""

from __future__ import annotations

import datetime as dt
import io
import threading
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID
from django.conf import settings
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import signers

_lock = threading.Lock()


def _paths() -> tuple[Path, Path]:
    base = Path(settings.NETRAL_KEYS_DIR)
    return base / "reports-proof.key", base / "reports-proof.crt"


def _ensure_keypair() -> tuple[Path, Path]:
    key_path, cert_path = _paths()
    with _lock:
        if key_path.exists() and cert_path.exists():
            return key_path, cert_path
        key_path.parent.mkdir(parents=True, exist_ok=True)
        key = rsa.generate_private_key(public_exponent=65537, key_size=3072)
        name = x509.Name(
            [
                x509.NameAttribute(NameOID.COUNTRY_NAME, "ID"),
                x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Netral"),
                x509.NameAttribute(NameOID.COMMON_NAME, "Netral — tanda terima laporan"),
            ]
        )
        now = dt.datetime.now(dt.UTC)
        cert = (
            x509.CertificateBuilder()
            .subject_name(name)
            .issuer_name(name)
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(days=1))
            .not_valid_after(now + dt.timedelta(days=3650))
            .add_extension(
                x509.KeyUsage(True, True, False, False, False, False, False, False, False),
                critical=True,
            )
            .sign(key, hashes.SHA256())
        )
        key_path.write_bytes(
            key.private_bytes(
                serialization.Encoding.PEM,
                serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption(),
            )
        )
        key_path.chmod(0o600)
        cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
        return key_path, cert_path


def certificate_fingerprint() -> str:
    _key, cert_path = _ensure_keypair()
    cert = x509.load_pem_x509_certificate(cert_path.read_bytes())
    return cert.fingerprint(hashes.SHA256()).hex()


def sign_pdf(pdf: bytes) -> bytes:
    key_path, cert_path = _ensure_keypair()
    signer = signers.SimpleSigner.load(str(key_path), str(cert_path))
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    out = signers.sign_pdf(
        writer,
        signers.PdfSignatureMetadata(
            field_name="NetralTandaTerima", reason="Tanda terima laporan", location="Netral"
        ),
        signer=signer,
    )
    return out.getvalue()
