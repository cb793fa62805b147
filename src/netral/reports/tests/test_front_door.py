"""The public front door at ``/`` (issue 11 item 1)."""

from __future__ import annotations

from django.test import override_settings
from django.urls import reverse

from netral.reports.models import DeadlineRule


def test_visitor_sees_what_a_citizen_can_do_and_how_long_each_step_takes(client, db):
    # given: deadline rules from the seed migrations (report window, follow-up)
    # when
    response = client.get("/")
    # then
    assert response.status_code == 200
    html = response.content.decode()
    for name in ("reports:lapor", "reports:lapor_check", "pledges:verify_form", "accounts:login"):
        assert f'href="{reverse(name)}"' in html
    assert "UU 7/2017 Pasal 454 ayat (7)" in html
    assert "UU 10/2016 Pasal 134" in html
    assert "7 hari kerja" in html
    assert "3 hari" in html
    assert "Statistik publik" in html


def test_deadlines_on_the_front_door_come_from_the_data(client, db):
    # given
    DeadlineRule.objects.filter(kind="STUDY", election_type="PILKADA").update(
        days=4, citation="Perbawaslu uji Pasal 99"
    )
    # when
    html = client.get("/").content.decode()
    # then
    assert "4 hari" in html
    assert "Perbawaslu uji Pasal 99" in html


def test_statistics_link_appears_once_the_page_exists(client, db, monkeypatch):
    # given
    from netral.reports import views

    monkeypatch.setattr(views, "_statistics_url", lambda: "/statistik/")
    # when
    html = client.get("/").content.decode()
    # then
    assert 'href="/statistik/"' in html


def test_logged_in_user_still_gets_their_home(login, hr_karimun):
    response = login(hr_karimun).get("/")
    assert "cards" in response.context


@override_settings(
    MIDDLEWARE=[
        *__import__("django.conf", fromlist=["settings"]).settings.MIDDLEWARE,
        "django.contrib.auth.middleware.LoginRequiredMiddleware",
    ]
)
def test_public_pages_stay_public_with_login_required_middleware(client, db):
    # given: another change switches LoginRequiredMiddleware on
    for url in ("/", reverse("reports:lapor"), reverse("reports:lapor_check")):
        # when / then
        assert client.get(url).status_code == 200, url
    assert client.get(reverse("pledges:verify_form")).status_code == 200
    assert client.get(reverse("accounts:login")).status_code == 200
    assert client.get(reverse("reports:inbox")).status_code == 302
