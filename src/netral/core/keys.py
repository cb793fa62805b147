"""The installation's signing keys, kept outside the database.

* Ed25519 key for ledger entries: ``NETRAL_LEDGER_KEY_FILE`` (PEM, PKCS#8) or, when
  unset, ``<NETRAL_KEYS_DIR>/ledger-ed25519.pem`` created on first use with mode 0600.
* PAdES certificate for receipt PDFs: ``NETRAL_PADES_PKCS12`` (+ passphrase from
  ``NETRAL_PADES_PKCS12_PASSPHRASE`` / ``…_FILE``), e.g. a certificate issued by BSrE;
  when unset, a self-signed CA and a signing certificate it issued are created under
  ``NETRAL_KEYS_DIR`` on first use. PP 71/2019 (shared/domain.md §2): only a
  certificate from a recognised PSrE makes this a *certified* electronic signature;
  the self-signed CA proves integrity and origin to anyone who trusts it.

Files are written to a private temp file and hard-linked into place, so concurrent
first starts (several server workers) agree on one key.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

if TYPE_CHECKING:
    # X.509 is only needed the first time a certificate chain is made (fast start,
    # issue 15 item 3): imported in the functions below.
    from cryptography import x509

LEDGER_KEY_NAME = "ledger-ed25519.pem"
CA_KEY, CA_CERT = "pades-ca-key.pem", "pades-ca.pem"
SIGNER_KEY, SIGNER_CERT = "pades-signer-key.pem", "pades-signer.pem"


def _keys_dir() -> Path:
    path = Path(settings.NETRAL_KEYS_DIR)
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    return path


def _write_once(path: Path, data: bytes) -> None:
    """Create ``path`` with mode 0600 unless another process already did."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
    try:
        os.link(tmp, path)
    except FileExistsError:
        pass
    finally:
        tmp.unlink()


def _pem_private(key: ed25519.Ed25519PrivateKey | ec.EllipticCurvePrivateKey) -> bytes:
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )


# --- ledger key ------------------------------------------------------------------------


@dataclass(frozen=True)
class LedgerKey:
    private: ed25519.Ed25519PrivateKey
    public: ed25519.Ed25519PublicKey
    key_id: str


def key_id_for(public: ed25519.Ed25519PublicKey) -> str:
    raw = public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return hashlib.sha256(raw).hexdigest()[:16]


@lru_cache(maxsize=4)
def _ledger_key(path: str) -> LedgerKey:
    file = Path(path)
    if not file.exists():
        if settings.NETRAL_LEDGER_KEY_FILE:
            raise ImproperlyConfigured(f"NETRAL_LEDGER_KEY_FILE={path!r} does not exist.")
        _write_once(file, _pem_private(ed25519.Ed25519PrivateKey.generate()))
    key = serialization.load_pem_private_key(file.read_bytes(), password=None)
    if not isinstance(key, ed25519.Ed25519PrivateKey):
        raise ImproperlyConfigured(f"{path}: not an Ed25519 private key.")
    public = key.public_key()
    return LedgerKey(private=key, public=public, key_id=key_id_for(public))


def ledger_key() -> LedgerKey:
    path = settings.NETRAL_LEDGER_KEY_FILE or str(_keys_dir() / LEDGER_KEY_NAME)
    return _ledger_key(path)


# --- PAdES certificate -------------------------------------------------------------------


def _name(common_name: str) -> x509.Name:
    from cryptography import x509
    from cryptography.x509.oid import NameOID

    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "ID"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Netral"),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        ]
    )


def _create_self_signed_chain(directory: Path) -> None:
    """A CA valid for 10 years and a document-signing certificate it issues (5 years)."""
    from cryptography import x509
    from cryptography.x509.oid import ExtendedKeyUsageOID

    now = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=5)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = _name(f"Netral Root CA {settings.SITE_URL}")
    ca_cert = (
        x509.CertificateBuilder()
        .subject_name(ca_name)
        .issuer_name(ca_name)
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now)
        .not_valid_after(now + dt.timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=False,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), False)
        .sign(ca_key, hashes.SHA256())
    )
    signer_key = ec.generate_private_key(ec.SECP256R1())
    signer_cert = (
        x509.CertificateBuilder()
        .subject_name(_name("Netral Pakta Integritas"))
        .issuer_name(ca_name)
        .public_key(signer_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now)
        .not_valid_after(now + dt.timedelta(days=1825))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(
            x509.ExtendedKeyUsage([ExtendedKeyUsageOID.EMAIL_PROTECTION]), critical=False
        )
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), False
        )
        .sign(ca_key, hashes.SHA256())
    )
    pem = serialization.Encoding.PEM
    # The signer files are written last: their presence means the chain is complete.
    _write_once(directory / CA_KEY, _pem_private(ca_key))
    _write_once(directory / CA_CERT, ca_cert.public_bytes(pem))
    _write_once(directory / SIGNER_KEY, _pem_private(signer_key))
    _write_once(directory / SIGNER_CERT, signer_cert.public_bytes(pem))


@lru_cache(maxsize=2)
def _pades_signer(pkcs12_path: str, keys_dir: str):  # type: ignore[no-untyped-def]
    from pyhanko.sign import signers

    if pkcs12_path:
        passphrase = settings.NETRAL_PADES_PKCS12_PASSPHRASE
        signer = signers.SimpleSigner.load_pkcs12(  # type: ignore[no-untyped-call]
            pkcs12_path, passphrase=passphrase.encode() if passphrase else None
        )
        if signer is None:
            raise ImproperlyConfigured(f"NETRAL_PADES_PKCS12={pkcs12_path!r}: cannot load.")
        return signer
    directory = Path(keys_dir)
    if not (directory / SIGNER_CERT).exists():
        _create_self_signed_chain(directory)
    return signers.SimpleSigner.load(  # type: ignore[no-untyped-call]
        str(directory / SIGNER_KEY),
        str(directory / SIGNER_CERT),
        ca_chain_files=(str(directory / CA_CERT),),
    )


def pades_signer():  # type: ignore[no-untyped-def]
    """The pyhanko signer for receipt PDFs (configured PKCS#12 or the local chain)."""
    return _pades_signer(settings.NETRAL_PADES_PKCS12, str(_keys_dir()))


def pades_ca_pem() -> bytes | None:
    """The self-signed CA certificate users may import to trust receipts (None with a
    configured PKCS#12, whose issuer is published by its own CA)."""
    if settings.NETRAL_PADES_PKCS12:
        return None
    pades_signer()  # type: ignore[no-untyped-call]
    return (_keys_dir() / CA_CERT).read_bytes()


def pades_sign(pdf: bytes, *, field_name: str, reason: str, location: str) -> bytes:
    """Add a PAdES B-B signature by the installation certificate to ``pdf`` (the one
    signer every document of this installation uses: pact receipts, proofs of filing,
    official letters). PP 71/2019: uncertified unless the configured certificate comes
    from a PSrE (shared/domain.md §2)."""
    import io

    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers

    meta = signers.PdfSignatureMetadata(
        field_name=field_name,
        md_algorithm="sha256",
        subfilter=fields.SigSeedSubFilter.PADES,
        reason=reason,
        location=location,
    )
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    signer = pades_signer()  # type: ignore[no-untyped-call]
    signed: bytes = signers.sign_pdf(writer, meta, signer=signer).getvalue()
    return signed
