import io

import pytest
from asn1crypto import pem, x509
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext

from netral.core import keys
from netral.pledges import services
from netral.pledges.models import Signature
from netral.pledges.receipts import receipt_pdf
from netral.pledges.tests.factories import make_campaign
from netral.registry.tests.factories import PegawaiFactory

pytestmark = pytest.mark.django_db


def _trust_ca() -> ValidationContext:
    _type, _headers, der = pem.unarmor(keys.pades_ca_pem())
    return ValidationContext(trust_roots=[x509.Certificate.load(der)])


def _signed_receipt(karimun, bidang_sd):
    pegawai = PegawaiFactory(unit=bidang_sd, nama="Rina Lubis")
    campaign = make_campaign(instansi=karimun)
    sig, _ = services.pact_sign(
        campaign=campaign, pegawai=pegawai, actor=None, method=Signature.Method.PASSWORD
    )
    return Signature.objects.select_related("campaign__instansi", "campaign__election").get(
        pk=sig.pk
    )


def test_receipt_pdf_signature_validates_against_the_installation_ca(karimun, bidang_sd):
    # given
    sig = _signed_receipt(karimun, bidang_sd)
    # when
    pdf = receipt_pdf(sig)
    # then
    reader = PdfFileReader(io.BytesIO(pdf))
    assert len(reader.embedded_signatures) == 1
    status = validate_pdf_signature(reader.embedded_signatures[0], _trust_ca())
    assert status.intact and status.valid and status.trusted
    assert status.bottom_line
    text = pdf.decode("latin-1")
    assert "/SubFilter /ETSI.CAdES.detached" in text


def test_tampered_receipt_no_longer_validates(karimun, bidang_sd):
    # given
    sig = _signed_receipt(karimun, bidang_sd)
    pdf = bytearray(receipt_pdf(sig))
    # when: flip one byte inside the signed content (the page stream)
    idx = pdf.index(b"stream") + 20
    pdf[idx] = (pdf[idx] + 1) % 256
    # then
    reader = PdfFileReader(io.BytesIO(bytes(pdf)), strict=False)
    status = validate_pdf_signature(reader.embedded_signatures[0], _trust_ca())
    assert not status.intact


def test_receipt_is_not_trusted_without_the_ca(karimun, bidang_sd):
    sig = _signed_receipt(karimun, bidang_sd)
    reader = PdfFileReader(io.BytesIO(receipt_pdf(sig)))
    status = validate_pdf_signature(
        reader.embedded_signatures[0], ValidationContext(trust_roots=[])
    )
    assert status.intact and not status.trusted


def test_configured_pkcs12_certificate_signs_receipts(karimun, bidang_sd, settings, tmp_path):
    # given: production configures its own certificate (e.g. from BSrE) as PKCS#12
    import datetime as dt

    from cryptography import x509 as cx509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.hazmat.primitives.serialization import pkcs12
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = cx509.Name([cx509.NameAttribute(NameOID.COMMON_NAME, "PSrE Uji")])
    now = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=1)
    cert = (
        cx509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(cx509.random_serial_number())
        .not_valid_before(now)
        .not_valid_after(now + dt.timedelta(days=30))
        .add_extension(cx509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    bundle = tmp_path / "psre.p12"
    bundle.write_bytes(
        pkcs12.serialize_key_and_certificates(
            b"netral", key, cert, None, serialization.BestAvailableEncryption(b"rahasia-p12")
        )
    )
    settings.NETRAL_PADES_PKCS12 = str(bundle)
    settings.NETRAL_PADES_PKCS12_PASSPHRASE = "rahasia-p12"
    sig = _signed_receipt(karimun, bidang_sd)
    # when
    pdf = receipt_pdf(sig)
    # then
    reader = PdfFileReader(io.BytesIO(pdf))
    root = x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER))
    status = validate_pdf_signature(
        reader.embedded_signatures[0], ValidationContext(trust_roots=[root])
    )
    assert status.bottom_line
    assert status.signing_cert.subject.native["common_name"] == "PSrE Uji"
    assert keys.pades_ca_pem() is None
