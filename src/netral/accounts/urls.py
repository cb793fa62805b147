from django.urls import path

from netral.accounts import audit_views, views

app_name = "accounts"
urlpatterns = [
    path("", views.home, name="home"),
    path("masuk/", views.login_view, name="login"),
    path("masuk/verifikasi-2fa/", views.otp_verify, name="otp_verify"),
    path("akun/2fa/daftar/", views.otp_enrol, name="otp_enrol"),
    path("akun/2fa/kode-pemulihan/", views.recovery_codes, name="recovery_codes"),
    path("keluar/", views.logout_view, name="logout"),
    path("audit/", audit_views.audit_list, name="audit_list"),
]
