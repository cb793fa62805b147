from django.urls import path

from netral.accounts import audit_views, views
from netral.accounts.decorators import scoped_by

_own_passkeys = scoped_by("the user's own passkeys")

app_name = "accounts"
urlpatterns = [
    path("", views.home, name="home"),
    path("masuk/", views.login_view, name="login"),
    path("masuk/verifikasi-2fa/", views.otp_verify, name="otp_verify"),
    path("akun/2fa/daftar/", views.otp_enrol, name="otp_enrol"),
    path("akun/2fa/kode-pemulihan/", views.recovery_codes, name="recovery_codes"),
    path("akun/passkey/", views.passkeys, name="passkeys"),
    path("akun/passkey/<int:pk>/nama/", views.passkey_rename, name="passkey_rename"),
    path("akun/passkey/<int:pk>/hapus/", views.passkey_remove, name="passkey_remove"),
    path(
        "akun/passkey/daftar/mulai/",
        _own_passkeys(views.PasskeyRegisterBegin.as_view()),
        name="passkey_register_begin",
    ),
    path(
        "akun/passkey/daftar/selesai/",
        _own_passkeys(views.PasskeyRegisterComplete.as_view()),
        name="passkey_register_complete",
    ),
    path(
        "masuk/passkey/mulai/",
        _own_passkeys(views.PasskeyVerifyBegin.as_view()),
        name="passkey_verify_begin",
    ),
    path(
        "masuk/passkey/selesai/",
        _own_passkeys(views.PasskeyVerifyComplete.as_view()),
        name="passkey_verify_complete",
    ),
    path("keluar/", views.logout_view, name="logout"),
    path("audit/", audit_views.audit_list, name="audit_list"),
]
