from django.urls import path

from netral.accounts import views

app_name = "accounts"
urlpatterns = [
    path("", views.home, name="home"),
    path("masuk/", views.login_view, name="login"),
    path("masuk/verifikasi-2fa/", views.otp_verify, name="otp_verify"),
    path("akun/2fa/daftar/", views.otp_enrol, name="otp_enrol"),
    path("keluar/", views.logout_view, name="logout"),
]
