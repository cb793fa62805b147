"""Error pages in Indonesian with navigation and a way back (issue 11 item 4)."""

from __future__ import annotations

import pytest
from django.test import Client, override_settings

from netral.core import errors_views

pytestmark = pytest.mark.django_db


def _nav(html: str) -> None:
    assert 'class="site-header"' in html
    assert 'href="/"' in html
    assert "Not Found" not in html and "Forbidden" not in html


def test_404_is_indonesian_with_navigation(client):
    response = client.get("/tidak-ada/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Halaman tidak ditemukan." in html
    _nav(html)


def test_403_for_a_staff_page_out_of_role(login, asn_karimun):
    response = login(asn_karimun).get("/laporan/")
    assert response.status_code == 403
    html = response.content.decode()
    assert "tidak berwenang" in html
    _nav(html)


def test_csrf_failure_explains_and_offers_a_way_back(db):
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        "/lapor/cek/", {"code": "x"}, HTTP_REFERER="http://testserver/lapor/cek/"
    )
    assert response.status_code == 403
    html = response.content.decode()
    assert "Formulir kedaluwarsa." in html
    assert 'href="http://testserver/lapor/cek/"' in html


def test_400_and_429_pages(rf):
    request = rf.get("/")
    from django.contrib.auth.models import AnonymousUser

    request.user = AnonymousUser()
    assert "tidak dapat diproses" in errors_views.bad_request(request).content.decode()
    response = errors_views.rate_limited(request, retry_after=60)
    assert response.status_code == 429 and response["Retry-After"] == "60"
    assert "Terlalu banyak permintaan." in response.content.decode()


@override_settings(DEBUG=False)
def test_500_page_renders_without_context():
    response = errors_views.server_error(None)
    assert response.status_code == 500
    html = response.content.decode()
    assert "Terjadi kesalahan di server." in html and 'href="/"' in html


def test_going_back_to_a_submitted_report_page_explains_itself(client):
    # given: a report whose code this browser no longer holds
    from django.urls import reverse

    from netral.reports.tests.factories import submit

    report = submit().report
    # when
    response = client.get(reverse("reports:lapor_done", args=[report.public_id]))
    # then
    assert response.status_code == 410
    html = response.content.decode()
    assert report.intake_number in html and "cek laporan" in html
