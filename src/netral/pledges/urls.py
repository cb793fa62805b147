from django.urls import path

from netral.pledges import views

app_name = "pledges"
urlpatterns = [
    path("ikrar/", views.mine, name="mine"),
    path("ikrar/<int:campaign_id>/tanda-tangan/", views.sign, name="sign"),
    path("ikrar/tanda-terima/<str:code>/", views.receipt, name="receipt"),
    path("ikrar/tanda-terima/<str:code>/pdf/", views.receipt_download, name="receipt_pdf"),
    path("ikrar/tanda-terima/<str:code>/batalkan/", views.signature_void, name="void"),
    path("ikrar/kampanye/", views.campaigns, name="campaigns"),
    path("ikrar/kampanye/baru/", views.campaign_create, name="campaign_create"),
    path("ikrar/kampanye/<int:pk>/", views.campaign_detail, name="campaign"),
    path("ikrar/kampanye/<int:pk>/tahap/baru/", views.stage_add, name="stage_add"),
    path(
        "ikrar/kampanye/<int:pk>/status/<str:to>/",
        views.campaign_transition,
        name="campaign_transition",
    ),
    path("ikrar/kampanye/<int:pk>/tutup/", views.campaign_close, name="campaign_close"),
    path("ikrar/kampanye/<int:pk>/buka-kembali/", views.campaign_reopen, name="campaign_reopen"),
    path("ikrar/kampanye/<int:pk>/belum-tanda-tangan/", views.unsigned, name="unsigned"),
    path("ikrar/kampanye/<int:pk>/tanda-tangan/", views.signatures, name="signatures"),
    path("ikrar/kampanye/<int:pk>/rekap.<str:fmt>", views.recap_download, name="recap"),
    path("ikrar/kampanye/<int:pk>/pengingat/", views.reminders, name="reminders"),
    path("ikrar/kampanye/<int:pk>/arsip-tanda-terima/", views.receipts_zip, name="receipts_zip"),
    path("ikrar/kampanye/<int:pk>/apel/baru/", views.ceremony_create, name="ceremony_create"),
    path("ikrar/tahap/<int:pk>/buka/", views.stage_open, name="stage_open"),
    path("ikrar/apel/<int:pk>/", views.ceremony_detail, name="ceremony"),
    path("ikrar/apel/<int:pk>/cetak/", views.ceremony_print, name="ceremony_print"),
    path("ikrar/pekerjaan/<int:pk>/", views.job, name="job"),
    path("ikrar/pekerjaan/<int:pk>/unduh/", views.job_download, name="job_download"),
    path("verifikasi/", views.verify_form, name="verify_form"),
    path("verifikasi/buku-besar/", views.ledger_public, name="ledger_public"),
    path(
        "verifikasi/buku-besar/checkpoint.txt",
        views.ledger_checkpoints_txt,
        name="ledger_checkpoints_txt",
    ),
    path("verifikasi/<str:code>", views.verify, name="verify"),
]
