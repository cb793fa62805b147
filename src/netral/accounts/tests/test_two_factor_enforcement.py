"""Staff roles cannot use anything before passing TOTP; employees may skip it."""

import datetime as dt

import pytest
import time_machine
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from netral.conftest import PASSWORD


def _code(device):
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def test_staff_with_device_is_sent_to_verification_and_blocked_until_then(client, hr_karimun):
    # when
    response = client.post("/masuk/", {"username": hr_karimun.username, "password": PASSWORD})
    # then
    assert response.status_code == 302 and "/masuk/verifikasi-2fa/" in response.url
    assert client.get("/").url.startswith("/masuk/verifikasi-2fa/")
    device = TOTPDevice.objects.get(user=hr_karimun)
    wrong = client.post("/masuk/verifikasi-2fa/", {"token": "000000"})
    assert wrong.status_code == 200 and "Kode salah" in wrong.content.decode()
    # django-otp throttles after a wrong code (1 s, doubling); a right code comes later.
    with time_machine.travel(dt.datetime.now(tz=dt.UTC) + dt.timedelta(seconds=3)):
        assert client.post("/masuk/verifikasi-2fa/", {"token": _code(device)}).status_code == 302
    assert client.get("/").status_code == 200


def test_staff_without_device_must_enrol(client, hr_karimun):
    TOTPDevice.objects.filter(user=hr_karimun).delete()
    response = client.post("/masuk/", {"username": hr_karimun.username, "password": PASSWORD})
    assert response.url == "/akun/2fa/daftar/"
    page = client.get("/akun/2fa/daftar/")
    assert b'data-testid="totp-secret"' in page.content
    pending = TOTPDevice.objects.get(user=hr_karimun, confirmed=False)
    assert client.post("/akun/2fa/daftar/", {"token": _code(pending)}).status_code == 302
    assert TOTPDevice.objects.get(user=hr_karimun).confirmed
    assert client.get("/").status_code == 200


def test_employee_without_device_logs_in_with_password_only(client, asn_karimun):
    response = client.post("/masuk/", {"username": "budi", "password": PASSWORD})
    assert response.status_code == 302
    assert client.get("/").status_code == 200


@pytest.mark.parametrize("attempts", [5])
def test_login_locks_after_repeated_failures(client, asn_karimun, attempts):
    for _ in range(attempts):
        client.post("/masuk/", {"username": "budi", "password": "salah-sekali"})
    # Even the right password is refused while locked, with a clear message.
    response = client.post("/masuk/", {"username": "budi", "password": PASSWORD})
    assert response.status_code == 200
    assert "Terlalu banyak percobaan" in response.content.decode()
