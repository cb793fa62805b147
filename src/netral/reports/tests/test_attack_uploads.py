"""Issue 9, defects 2 and 8: form-count DoS, image bombs, too many files per report."""

import io

import pytest
from django.urls import reverse
from PIL import Image

from netral.reports import services
from netral.reports.errors import EvidenceRejected
from netral.reports.models import Report
from netral.reports.tests.factories import jpeg_bytes, submit, upload
from netral.reports.tests.test_public_views import form_data

pytestmark = pytest.mark.django_db


def bomb_png(side: int = 13_000) -> bytes:
    # A 1-bit image compresses to a few kilobytes whatever its size.
    out = io.BytesIO()
    Image.new("1", (side, side), 0).save(out, format="PNG", optimize=True)
    return out.getvalue()


def test_huge_formset_count_is_refused_before_building_forms(client):
    # given
    data = form_data()
    data["terlapor-TOTAL_FORMS"] = "99999999"
    # when
    response = client.post(reverse("reports:lapor"), data)
    # then
    assert response.status_code == 400
    # at most the five forms a reporter can use (the attack rendered 1,005)
    assert response.content.decode().count('name="terlapor-') < 60
    assert not Report.objects.exists()


def test_non_numeric_formset_count_is_a_400(client):
    # when
    response = client.post(reverse("reports:lapor"), form_data(**{"terlapor-TOTAL_FORMS": "x"}))
    # then
    assert response.status_code == 400


def test_image_bomb_is_refused_before_decoding(client):
    # given: 13,000 × 13,000 pixels in a few kilobytes
    data = bomb_png()
    assert len(data) < 200_000
    # when
    response = client.post(reverse("reports:lapor"), form_data(bukti=[upload("b.png", data)]))
    # then
    assert response.status_code == 400
    assert "piksel" in response.content.decode()
    assert not Report.objects.exists()


def test_number_of_files_per_report_is_capped(settings):
    # given
    settings.EVIDENCE_MAX_FILES = 3
    files = [upload(f"{i}.jpg", jpeg_bytes()) for i in range(4)]
    # when / then: at filing
    with pytest.raises(EvidenceRejected):
        submit(files=files)
    # and when adding through the follow-up page
    report = submit(files=files[:3]).report
    with pytest.raises(EvidenceRejected):
        services.evidence_add(
            report=report, files=[upload("x.jpg", jpeg_bytes())], links=[], actor=None
        )
    assert report.evidence.count() == 3
