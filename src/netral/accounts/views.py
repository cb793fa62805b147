"""Login, two-factor verification and enrolment, home page."""

from __future__ import annotations

import segno
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_otp import login as otp_login

from netral.accounts import authz, services
from netral.accounts.forms import LoginForm, OtpForm
from netral.core import nav


def _next_url(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, {request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return "accounts:home"


def login_view(request: HttpRequest) -> HttpResponse:
    form = LoginForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user, result = services.login_check(request=request, **form.cleaned_data)
        if result == services.LoginResult.LOCKED:
            form.add_error(None, _("Terlalu banyak percobaan masuk. Coba lagi dalam 15 menit."))
        elif user is None:
            form.add_error(None, _("Nama pengguna atau kata sandi salah."))
        else:
            login(request, user)
            if authz.requires_two_factor(user) or services.totp_confirmed_device(user):
                if services.totp_confirmed_device(user) is None:
                    return redirect("accounts:otp_enrol")
                return redirect(f"{_reverse('accounts:otp_verify')}?next={_next_url(request)}")
            return redirect(_next_url(request))
    return render(
        request, "accounts/login.html", {"form": form, "next": request.GET.get("next", "")}
    )


def _reverse(name: str) -> str:
    from django.urls import reverse

    return reverse(name)


@login_required
def otp_verify(request: HttpRequest) -> HttpResponse:
    device = services.totp_confirmed_device(request.user)
    if device is None:
        return redirect("accounts:otp_enrol")
    form = OtpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        allowed, _info = device.verify_is_allowed()
        if not allowed:
            form.add_error("token", _("Terlalu banyak kode salah. Tunggu sebentar lalu coba lagi."))
        elif device.verify_token(form.cleaned_data["token"]):
            otp_login(request, device)
            return redirect(_next_url(request))
        else:
            form.add_error("token", _("Kode salah atau sudah kedaluwarsa."))
    return render(
        request, "accounts/otp_verify.html", {"form": form, "next": request.GET.get("next", "")}
    )


@login_required
def otp_enrol(request: HttpRequest) -> HttpResponse:
    if services.totp_confirmed_device(request.user) and not request.user.is_verified():
        return redirect("accounts:otp_verify")
    device = services.totp_enrolment_start(user=request.user)
    form = OtpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if services.totp_enrolment_confirm(
            user=request.user, device=device, token=form.cleaned_data["token"]
        ):
            otp_login(request, device)
            messages.success(
                request, _("Autentikasi dua faktor aktif. Simpan aplikasi autentikator Anda.")
            )
            return redirect("accounts:home")
        form.add_error("token", _("Kode salah. Pastikan jam ponsel Anda tepat lalu coba lagi."))
    qr_svg = segno.make(device.config_url, error="m").svg_inline(scale=4)
    return render(
        request,
        "accounts/otp_enrol.html",
        {"form": form, "qr_svg": qr_svg, "secret": _base32(device.bin_key)},
    )


def _base32(raw: bytes) -> str:
    import base64

    return base64.b32encode(raw).decode().rstrip("=")


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    logout(request)
    return redirect("accounts:login")


@login_required
def home(request: HttpRequest) -> HttpResponse:
    assignments = authz.assignments(request.user)
    return render(
        request,
        "accounts/home.html",
        {"cards": nav.cards_for(request.user), "assignments": assignments},
    )
