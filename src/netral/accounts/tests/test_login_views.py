"""Login page messages and redirects (issue #2: clear Indonesian errors, lockout)."""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

from django.test import override_settings
from django.urls import reverse

from netral.conftest import PASSWORD

LOGIN = reverse("accounts:login")


def test_wrong_password_gives_clear_message(client, asn_karimun):
    # when
    response = client.post(LOGIN, {"username": "budi", "password": "salah"})
    # then
    assert response.status_code == 200
    assert "Nama pengguna atau kata sandi salah." in response.content.decode()


def test_empty_fields_are_reported_in_indonesian(client, db):
    # when
    response = client.post(LOGIN, {"username": "", "password": ""})
    # then
    body = response.content.decode()
    assert "This field is required" not in body
    assert body.count("Bidang ini harus diisi.") == 2


@override_settings(LOGIN_LOCKOUT_SECONDS=600, LOGIN_MAX_ATTEMPTS=2)
def test_lockout_message_names_the_wait(client, asn_karimun):
    # given
    for _ in range(2):
        client.post(LOGIN, {"username": "budi", "password": "salah"})
    # when
    response = client.post(LOGIN, {"username": "budi", "password": PASSWORD})
    # then
    body = response.content.decode()
    assert "dikunci sementara; coba lagi dalam 10 menit" in body
    assert "_auth_user_id" not in client.session


def test_next_with_query_survives_the_2fa_step(client, hr_karimun):
    # given
    target = "/registri/pegawai/?q=1985&jenis=PNS"
    # when
    response = client.post(
        LOGIN, {"username": hr_karimun.username, "password": PASSWORD, "next": target}
    )
    # then
    url = urlparse(response["Location"])
    assert url.path == reverse("accounts:otp_verify")
    assert parse_qs(url.query)["next"] == [target]


def test_external_next_is_ignored(client, asn_karimun):
    # when
    response = client.post(
        LOGIN, {"username": "budi", "password": PASSWORD, "next": "https://evil.example/"}
    )
    # then
    assert response["Location"] == reverse("accounts:home")


def test_logged_in_user_visiting_login_goes_home(login, asn_karimun):
    # when
    response = login(asn_karimun).get(LOGIN)
    # then
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:home")


@override_settings(LOGIN_LOCKOUT_SECONDS=600, LOGIN_MAX_ATTEMPTS=3)
def test_guesses_from_another_address_do_not_lock_the_owner_out(client, asn_karimun):
    # given: issue 9, defect 9 — an attacker elsewhere uses up the account's tries
    for _ in range(6):
        client.post(LOGIN, {"username": "budi", "password": "salah"}, REMOTE_ADDR="198.51.100.66")
    locked = client.post(
        LOGIN, {"username": "budi", "password": PASSWORD}, REMOTE_ADDR="198.51.100.66"
    )
    assert "_auth_user_id" not in client.session
    assert "dikunci sementara" in locked.content.decode()
    # when: the owner logs in from their own office
    response = client.post(
        LOGIN, {"username": "budi", "password": PASSWORD}, REMOTE_ADDR="203.0.113.5"
    )
    # then
    assert response.status_code == 302
    assert "_auth_user_id" in client.session
