"""One pact-text renderer (issue 8): the hashed text and the printed receipt come from
pledges.pact_text, so the receipt prints exactly what the signature's SHA-256 covers."""

from __future__ import annotations

import re

import pypdfium2 as pdfium
import pytest
from django.utils import translation

from netral.pledges import pact_text, services
from netral.pledges.models import sha256_hex
from netral.pledges.receipts import render_unsigned_pdf
from netral.pledges.tests.test_receipts import _signed_receipt

pytestmark = pytest.mark.django_db


def words(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def test_the_signature_snapshot_renders_the_text_it_signed(karimun, bidang_sd):
    sig = _signed_receipt(karimun, bidang_sd)
    rendered = pact_text.for_signature(sig)
    assert rendered.sha256 == sig.text_sha256 == sha256_hex(rendered.text)
    assert rendered == services.pact_render(campaign=sig.campaign, pegawai=sig.pegawai)


def test_the_receipt_prints_every_line_the_hash_covers(karimun, bidang_sd):
    sig = _signed_receipt(karimun, bidang_sd)
    pdf = pdfium.PdfDocument(render_unsigned_pdf(sig))
    printed = words(" ".join(page.get_textpage().get_text_range() for page in pdf))
    rendered = pact_text.for_signature(sig)
    # every piece of rendered.text (the identity is printed as a "label : value" table)
    pieces = [part for pair in rendered.identity for part in pair]
    pieces += [rendered.opening, *rendered.points, rendered.closing]
    pieces += [rendered.pledge_title, rendered.pledge_body]
    assert "\n".join(pieces).count("\n") >= 12
    missing = [piece for piece in pieces if words(piece) not in printed]
    assert missing == []


def test_the_rendering_does_not_depend_on_the_interface_language(karimun, bidang_sd):
    sig = _signed_receipt(karimun, bidang_sd)
    with translation.override("en"):
        assert pact_text.for_signature(sig).sha256 == sig.text_sha256
