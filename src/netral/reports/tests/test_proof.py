import io

import pytest
from asn1crypto import pem, x509
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext

from netral.core import keys
from netral.reports import receipts
from netral.reports.proof import proof_pdf
from netral.reports.tests.factories import jpeg_bytes, submit, upload

pytestmark = pytest.mark.django_db


def test_proof_is_signed_by_the_installation_and_carries_hashes():
    # given
    result = submit(files=[upload("a.jpg", jpeg_bytes())])
    # when
    pdf = proof_pdf(report=result.report, code=result.receipt_code)
    # then
    _type, _headers, der = pem.unarmor(keys.pades_ca_pem())
    reader = PdfFileReader(io.BytesIO(pdf))
    status = validate_pdf_signature(
        reader.embedded_signatures[0], ValidationContext(trust_roots=[x509.Certificate.load(der)])
    )
    assert status.intact and status.valid and status.trusted
    text = pdf.decode("latin-1")
    assert result.report.content_hash in text
    assert result.report.evidence.get().sha256 in text
    assert receipts.format_code(result.receipt_code) in text


def test_later_copy_omits_the_code():
    # given
    result = submit()
    # when
    pdf = proof_pdf(report=result.report, code=None)
    # then
    assert receipts.format_code(result.receipt_code) not in pdf.decode("latin-1")
