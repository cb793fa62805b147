"""Login, two-factor verification and enrolment, home page."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST
from django_otp import login as otp_login

from netral.accounts import authz, selectors, services
from netral.accounts.decorators import scoped_by
from netral.accounts.forms import LoginForm, OtpForm, RecoveryCodeForm
from netral.core import nav


def _next_url(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, {request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return "accounts:home"


@login_not_required
def login_view(request: HttpRequest) -> HttpResponse:
    if request.method == "GET" and request.user.is_authenticated:
        return redirect(_next_url(request))  # 2FA middleware still applies to the target
    form = LoginForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user, result = services.login_check(request=request, **form.cleaned_data)
        if result == services.LoginResult.LOCKED:
            form.add_error(None, _lockout_message())
        elif user is None:
            form.add_error(
                None,
                _(
                    "Nama pengguna atau kata sandi salah. Periksa huruf besar/kecil dan "
                    "tombol Caps Lock, lalu coba lagi."
                ),
            )
        else:
            login(request, user)
            if authz.requires_two_factor(user) or services.totp_confirmed_device(user):
                if services.totp_confirmed_device(user) is None:
                    return redirect("accounts:otp_enrol")
                target = _next_url(request)
                query = f"?{urlencode({'next': target})}" if target.startswith("/") else ""
                return redirect(f"{_reverse('accounts:otp_verify')}{query}")
            return redirect(_next_url(request))
    return render(
        request, "accounts/login.html", {"form": form, "next": request.GET.get("next", "")}
    )


def _lockout_message() -> str:
    minutes = max(1, round(settings.LOGIN_LOCKOUT_SECONDS / 60))
    return ngettext(
        "Terlalu banyak percobaan masuk yang gagal. Demi keamanan, akun ini dikunci "
        "sementara; coba lagi dalam %(minutes)d menit atau hubungi administrator instansi.",
        "Terlalu banyak percobaan masuk yang gagal. Demi keamanan, akun ini dikunci "
        "sementara; coba lagi dalam %(minutes)d menit atau hubungi administrator instansi.",
        minutes,
    ) % {"minutes": minutes}


def _reverse(name: str) -> str:
    from django.urls import reverse

    return reverse(name)


@scoped_by("the user's own devices")
def otp_verify(request: HttpRequest) -> HttpResponse:
    device = services.totp_confirmed_device(request.user)
    if device is None:
        return redirect("accounts:otp_enrol")
    if request.method == "POST" and "code" in request.POST:
        return _recovery_login(request)
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
    context = {"form": form, "recovery": RecoveryCodeForm(), "next": request.GET.get("next", "")}
    return render(request, "accounts/otp_verify.html", context)


RECOVERY_REFUSED = {
    "replayed": _lazy(
        "Kode pemulihan ini sudah pernah dipakai. Setiap kode hanya berlaku sekali; "
        "pakai kode lain dari daftar Anda."
    ),
    "throttled": _lazy("Terlalu banyak kode salah. Tunggu sebentar lalu coba lagi."),
    "wrong": _lazy("Kode pemulihan salah."),
}


def _recovery_login(request: HttpRequest) -> HttpResponse:
    """A lost phone: log in with one recovery code (issue 11 item 16)."""
    recovery = RecoveryCodeForm(request.POST)
    if recovery.is_valid():
        device, why = services.recovery_code_use(
            user=request.user, code=recovery.cleaned_data["code"]
        )
        if device is not None:
            otp_login(request, device)
            messages.warning(
                request,
                _(
                    "Anda masuk dengan kode pemulihan; kode itu kini tidak berlaku. Tersisa "
                    "%(n)d kode. Bila ponsel hilang, daftarkan ulang autentikator."
                )
                % {"n": services.recovery_codes_left(request.user)},
            )
            return redirect(_next_url(request))
        recovery.add_error("code", RECOVERY_REFUSED[why])
    context = {"form": OtpForm(), "recovery": recovery, "recovery_open": True}
    return render(
        request, "accounts/otp_verify.html", {**context, "next": request.GET.get("next", "")}
    )


@scoped_by("the user's own devices")
def recovery_codes(request: HttpRequest) -> HttpResponse:
    """The recovery codes, shown once right after they are made; a new set on request."""
    if not request.user.is_verified():
        return redirect("accounts:otp_verify")
    if request.method == "POST":
        request.session["recovery_codes"] = services.recovery_codes_create(user=request.user)
        return redirect("accounts:recovery_codes")
    codes = request.session.pop("recovery_codes", None)
    context = {"codes": codes, "left": services.recovery_codes_left(request.user)}
    return render(request, "accounts/recovery_codes.html", context)


@scoped_by("the user's own devices")
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
            # Issue 11 item 16: recovery codes at enrolment, shown once on the next page.
            request.session["recovery_codes"] = services.recovery_codes_create(user=request.user)
            return redirect("accounts:recovery_codes")
        form.add_error("token", _("Kode salah. Pastikan jam ponsel Anda tepat lalu coba lagi."))
    import segno  # only the 2FA set-up page draws a QR code

    qr_svg = segno.make(device.config_url, error="m").svg_inline(scale=4)
    return render(
        request,
        "accounts/otp_enrol.html",
        {"form": form, "qr_svg": qr_svg, "secret": _base32(device.bin_key)},
    )


def _base32(raw: bytes) -> str:
    import base64

    return base64.b32encode(raw).decode().rstrip("=")


@login_not_required
@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    logout(request)
    return redirect("accounts:login")


@login_not_required
def home(request: HttpRequest) -> HttpResponse:
    """Cards for what the user may do, plus a per-role summary (employees in scope for
    staff, the own record for employees, today's audit entries for auditors). A visitor
    who is not logged in gets the public front door instead."""
    if not request.user.is_authenticated:
        from netral.reports.views import front_door

        return front_door(request)
    context = {
        "cards": nav.cards_for(request.user),
        "assignments": authz.assignments(request.user),
        "summary": selectors.home_summary(user=request.user),
        "suggest_2fa": not authz.requires_two_factor(request.user)
        and services.totp_confirmed_device(request.user) is None,
    }
    return render(request, "accounts/home.html", context)
