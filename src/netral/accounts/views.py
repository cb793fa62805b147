"""Login, two-factor verification and enrolment, home page."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp_webauthn import views as webauthn_views

from netral.accounts import authz, selectors, services
from netral.accounts.decorators import scoped_by
from netral.accounts.forms import LoginForm, OtpForm, PasskeyNameForm, RecoveryCodeForm
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
            has_factor = services.totp_confirmed_device(user) is not None or (
                selectors.has_passkey(user=user)
            )
            if authz.requires_two_factor(user) or has_factor:
                if not has_factor:
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
    if device is None and not selectors.has_passkey(user=request.user):
        return redirect("accounts:otp_enrol")
    if request.method == "POST" and "code" in request.POST:
        return _recovery_login(request)
    form = OtpForm(request.POST or None)
    if request.method == "POST" and device is not None and form.is_valid():
        allowed, _info = device.verify_is_allowed()
        if not allowed:
            form.add_error("token", _("Terlalu banyak kode salah. Tunggu sebentar lalu coba lagi."))
        elif device.verify_token(form.cleaned_data["token"]):
            otp_login(request, device)
            return redirect(_next_url(request))
        else:
            form.add_error("token", _("Kode salah atau sudah kedaluwarsa."))
    context = {"form": form, "recovery": RecoveryCodeForm(), **_verify_context(request)}
    return render(request, "accounts/otp_verify.html", context)


def _verify_context(request: HttpRequest) -> dict[str, object]:
    has_passkey = selectors.has_passkey(user=request.user)
    return {
        "next": request.GET.get("next", ""),
        "has_totp": services.totp_confirmed_device(request.user) is not None,
        "has_passkey": has_passkey,
        "webauthn_config": _webauthn_config(request) if has_passkey else None,
    }


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
    return render(request, "accounts/otp_verify.html", {**context, **_verify_context(request)})


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
        "suggest_passkey": selectors.passkey_recommended(user=request.user),
    }
    return render(request, "accounts/home.html", context)


# --- Passkeys (WebAuthn) as a second factor beside TOTP (issue 9) ------------------------
# The four JSON endpoints the library's vendored scripts call are the library's views with
# their work handed to accounts.services (audited); the page lists, names and removes.


def _webauthn_config(request: HttpRequest) -> dict[str, str]:
    """What the library's scripts read from the page (``otp_webauthn_config``)."""
    from django.middleware import csrf
    from django.urls import reverse

    return {
        "autocompleteLoginFieldSelector": "",
        # Not "input[name='next']": the language switch in the header has one too.
        "nextFieldSelector": "#passkey-next",
        "csrfToken": csrf.get_token(request),
        "beginAuthenticationUrl": reverse("accounts:passkey_verify_begin"),
        "completeAuthenticationUrl": reverse("accounts:passkey_verify_complete"),
        "beginRegistrationUrl": reverse("accounts:passkey_register_begin"),
        "completeRegistrationUrl": reverse("accounts:passkey_register_complete"),
    }


class _RegisterChecks:
    request: HttpRequest

    def check_can_register(self) -> None:
        from django_otp_webauthn import exceptions

        if not services.passkey_can_register(self.request.user):
            raise exceptions.NotVerified(
                detail=_("Verifikasi dulu dengan kode autentikator sebelum menambah passkey.")
            )


class PasskeyRegisterBegin(_RegisterChecks, webauthn_views.BeginCredentialRegistrationView):
    def post(self, *args, **kwargs):
        options, state = services.passkey_register_begin(
            actor=self.request.user, request=self.request
        )
        self.request.session["otp_webauthn_register_state"] = state
        return JsonResponse(options)


class PasskeyRegisterComplete(_RegisterChecks, webauthn_views.CompleteCredentialRegistrationView):
    def post(self, *args, **kwargs):
        state = self.get_state()
        device = services.passkey_register_complete(
            actor=self.request.user, request=self.request, state=state, data=self.request.data
        )
        return JsonResponse({"id": device.pk})


class _SecondFactorOnly:
    request: HttpRequest

    def check_can_authenticate(self) -> None:
        """Only after the password (no passwordless login), for an active account."""
        from django_otp_webauthn import exceptions

        if not (self.request.user.is_authenticated and self.request.user.is_active):
            raise exceptions.NotAuthenticated()


class PasskeyVerifyBegin(_SecondFactorOnly, webauthn_views.BeginCredentialAuthenticationView):
    def post(self, *args, **kwargs):
        options, state = services.passkey_authenticate_begin(
            actor=self.request.user, request=self.request
        )
        self.request.session["otp_webauthn_authentication_state"] = state
        return JsonResponse(options)


class PasskeyVerifyComplete(_SecondFactorOnly, webauthn_views.CompleteCredentialAuthenticationView):
    def post(self, *args, **kwargs):
        state = self.get_state()
        device = services.passkey_authenticate_complete(
            actor=self.request.user, request=self.request, state=state, data=self.request.data
        )
        otp_login(self.request, device)
        return JsonResponse({"id": device.pk, "redirect_url": self.get_success_url()})


@scoped_by("the user's own passkeys")
def passkeys(request: HttpRequest) -> HttpResponse:
    """List, add (name it), rename and remove the user's passkeys."""
    if not services.passkey_can_register(request.user):
        if services.totp_confirmed_device(request.user) is None:
            messages.info(
                request,
                _("Aktifkan dulu aplikasi autentikator; passkey ditambahkan sesudahnya."),
            )
            return redirect("accounts:otp_enrol")
        return redirect(f"{_reverse('accounts:otp_verify')}?{urlencode({'next': request.path})}")
    from netral.accounts.passkeys import default_name

    context = {
        "passkeys": selectors.passkeys_of(user=request.user),
        "form": PasskeyNameForm(initial={"name": default_name(request.user)}),
        "webauthn_config": _webauthn_config(request),
        "recommended": selectors.passkey_recommended(user=request.user),
    }
    return render(request, "accounts/passkeys.html", context)


@scoped_by("the user's own passkeys")
@require_POST
def passkey_rename(request: HttpRequest, pk: int) -> HttpResponse:
    form = PasskeyNameForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(form.errors["name"]))
        return redirect("accounts:passkeys")
    if not services.passkey_rename(
        actor=request.user, passkey_id=pk, name=form.cleaned_data["name"]
    ):
        raise Http404
    messages.success(request, _("Passkey \u201c%(name)s\u201d tersimpan.") % form.cleaned_data)
    return redirect("accounts:passkeys")


@scoped_by("the user's own passkeys")
@require_POST
def passkey_remove(request: HttpRequest, pk: int) -> HttpResponse:
    if not services.passkey_remove(actor=request.user, passkey_id=pk):
        raise Http404
    messages.success(
        request, _("Passkey dihapus. Kode autentikator dan kode pemulihan tetap berlaku.")
    )
    return redirect("accounts:passkeys")
