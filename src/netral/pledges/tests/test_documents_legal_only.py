"""No internal path or file name in a document the product produces (issue 11 item 10):
citations are legal references only."""

from __future__ import annotations

import importlib
import re

import pypdfium2 as pdfium
import pytest
from django.apps import apps

from netral.pledges import recap, selectors
from netral.pledges.models import PactTemplate, PledgeText
from netral.pledges.tests.test_receipts import _signed_receipt

pytestmark = pytest.mark.django_db

INTERNAL = re.compile(r"domain\.md|shared/|\.py\b|\.md\b|/work/|src/netral")


def pdf_text(data: bytes) -> str:
    pdf = pdfium.PdfDocument(data)
    return "\n".join(page.get_textpage().get_text_range() for page in pdf)


def test_pact_receipt_cites_only_legal_references(karimun, bidang_sd):
    # given
    sig = _signed_receipt(karimun, bidang_sd)
    # when
    from netral.pledges.receipts import receipt_pdf

    text = pdf_text(receipt_pdf(sig))
    # then
    assert "PP 94/2021" in text
    assert not INTERNAL.search(text), INTERNAL.search(text)


def test_recap_pdf_has_no_internal_reference(karimun, bidang_sd, hr_karimun):
    # given
    sig = _signed_receipt(karimun, bidang_sd)
    progress = selectors.campaign_progress(campaign=sig.campaign, user=hr_karimun)
    # when
    text = pdf_text(recap.recap_pdf(progress))
    # then
    assert not INTERNAL.search(text)


def test_migration_cleans_citations_of_existing_installations(db):
    # given: texts as version 1 of the seed wrote them
    PledgeText.objects.update(citation="SKB 2022; PP 42/2004; shared/domain.md §4")
    PactTemplate.objects.update(citation="SKB 2022; PP 42/2004; shared/domain.md §4")
    # when
    importlib.import_module("netral.pledges.migrations.0005_citations_legal_only").clean(apps, None)
    # then
    for model in (PledgeText, PactTemplate):
        assert set(model.objects.values_list("citation", flat=True)) == {"SKB 2022; PP 42/2004"}
