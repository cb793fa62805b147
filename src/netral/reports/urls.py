from django.urls import path

from netral.reports import views

app_name = "reports"
urlpatterns = [
    # Public (no account): the report form and follow-up with the receipt code.
    path("lapor/", views.lapor, name="lapor"),
    path("lapor/terkirim/<uuid:public_id>/", views.lapor_done, name="lapor_done"),
    path("lapor/tanda-terima/<uuid:public_id>.pdf", views.lapor_proof, name="lapor_proof"),
    path("lapor/cari/unit/", views.search_units, name="search_units"),
    path("lapor/cari/wilayah/", views.search_regions, name="search_regions"),
    path("lapor/cek/", views.lapor_check, name="lapor_check"),
    path("lapor/cek/laporan/", views.lapor_status, name="lapor_status"),
    path("lapor/cek/keluar/", views.lapor_leave, name="lapor_leave"),
    # Staff.
    path("laporan/", views.inbox, name="inbox"),
    path("laporan/catat/", views.intake, name="intake"),
    path("laporan/<uuid:public_id>/", views.detail, name="detail"),
    path("laporan/<uuid:public_id>/<slug:action>/", views.act, name="act"),
    path(
        "laporan/<uuid:public_id>/bukti/<uuid:evidence_id>/pratinjau.png",
        views.evidence_preview,
        name="evidence_preview",
    ),
    path(
        "laporan/<uuid:public_id>/bukti/<uuid:evidence_id>/",
        views.evidence_file,
        name="evidence_file",
    ),
]
