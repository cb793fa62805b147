"""Anonymous mode that does what it says, and a blank incident time that is not noon
(issue 11 items 3 and 5)."""

import pytest
from django.urls import reverse

from netral.reports.models import Report
from netral.reports.tests.test_public_views import form_data

pytestmark = pytest.mark.django_db

NO_IDENTITY = {"nama": "", "alamat": "", "telepon": "", "email": ""}


def test_anonymous_with_identity_typed_is_refused_naming_the_fields(client):
    # given: no JavaScript, so the typed name and phone were not cleared in the browser
    data = form_data(identity_mode=Report.IdentityMode.ANONYMOUS, **NO_IDENTITY)
    data.update(nama="Sulastri", telepon="0812")
    # when
    response = client.post(reverse("reports:lapor"), data)
    # then: nothing is dropped silently; the reporter decides
    text = response.content.decode()
    assert response.status_code == 400
    assert "Anda memilih Anonim, tetapi mengisi Nama Anda, Nomor telepon/WhatsApp" in text
    assert 'value="Sulastri"' in text  # still there, visible
    assert Report.objects.count() == 0


def test_anonymous_without_identity_is_a_tip_with_no_identity(client):
    # when
    response = client.post(
        reverse("reports:lapor"),
        form_data(identity_mode=Report.IdentityMode.ANONYMOUS, **NO_IDENTITY),
    )
    # then
    assert response.status_code == 302
    report = Report.objects.get()
    assert report.kind == Report.Kind.INFORMASI
    assert report.identity_mode == Report.IdentityMode.ANONYMOUS
    assert report.identity_token == ""


def test_form_explains_anonymous_mode_and_hides_identity_when_rerendered(client):
    # given: an anonymous submission rejected for another reason
    data = form_data(
        identity_mode=Report.IdentityMode.ANONYMOUS, description="pendek", **NO_IDENTITY
    )
    # when
    text = client.post(reverse("reports:lapor"), data).content.decode()
    # then: the note is shown and the empty identity fields stay hidden
    assert "Petugas tidak dapat menghubungi Anda kembali" in text
    assert "bukan laporan resmi" in text
    assert "data-identity-fields hidden" in text
    # and for the default (confidential) the note is hidden, the fields shown
    fresh = client.get(reverse("reports:lapor")).content.decode()
    assert 'data-testid="anon-note" role="note" hidden' in fresh
    assert "data-identity-fields>" in fresh


def test_blank_incident_time_is_a_date_without_a_time(client, login, bawaslu_karimun):
    # when
    client.post(reverse("reports:lapor"), form_data(event_time=""))
    # then
    report = Report.objects.get()
    assert report.event_time_known is False
    detail = login(bawaslu_karimun).get(reverse("reports:detail", args=[report.public_id]))
    shown = detail.content.decode()
    assert "12:00" not in shown and "00:00" not in shown
    assert "(jam tidak disebutkan)" in shown


def test_given_incident_time_is_shown(client, login, bawaslu_karimun):
    # when
    client.post(reverse("reports:lapor"), form_data(event_time="08:30"))
    # then
    report = Report.objects.get()
    assert report.event_time_known is True
    detail = login(bawaslu_karimun).get(reverse("reports:detail", args=[report.public_id]))
    assert "08:30" in detail.content.decode()
