from django.urls import path

from netral.outreach import views

app_name = "outreach"
urlpatterns = [
    path("", views.mine, name="mine"),
    path("edaran/<int:pk>/", views.circular_read, name="circular_read"),
    path("edaran/<int:pk>/berkas.pdf", views.circular_file, name="circular_file"),
    path("kelola/edaran/", views.circulars, name="circulars"),
    path("kelola/edaran/baru/", views.circular_create, name="circular_create"),
    path("kelola/edaran/<int:pk>/", views.circular_detail, name="circular"),
    path(
        "kelola/edaran/<int:pk>/status/<str:name>/",
        views.circular_transition,
        name="circular_transition",
    ),
    path("kelola/edaran/<int:pk>/belum-membaca/", views.circular_pending, name="circular_pending"),
    path("kelola/edaran/<int:pk>/pengingat/", views.circular_remind, name="circular_remind"),
    path("hadir/<int:pk>/<str:token>/", views.checkin, name="checkin"),
    path("kegiatan/<int:pk>/materi.pdf", views.event_material, name="event_material"),
    path("kelola/kegiatan/", views.events, name="events"),
    path("kelola/kegiatan/baru/", views.event_create, name="event_create"),
    path("kelola/kegiatan/<int:pk>/", views.event_detail, name="event"),
    path(
        "kelola/kegiatan/<int:pk>/status/<str:name>/",
        views.event_transition,
        name="event_transition",
    ),
    path("kelola/kegiatan/<int:pk>/qr/", views.event_qr, name="event_qr"),
    path(
        "kelola/kegiatan/<int:pk>/daftar-hadir.pdf",
        views.event_attendance_pdf,
        name="event_attendance_pdf",
    ),
    path("rencana/<int:campaign_id>/", views.signing_plan, name="signing_plan"),
    path(
        "rencana/<int:campaign_id>/pratinjau.pdf",
        views.signing_plan_preview,
        name="signing_plan_preview",
    ),
    path("rencana/surat/<int:pk>.pdf", views.signing_plan_file, name="signing_plan_file"),
    path("jangkauan/", views.reach, name="reach"),
    path("jangkauan/unduh.<str:fmt>", views.reach_export, name="reach_export"),
    path("jangkauan/tidak-terjangkau/", views.reach_unreached, name="reach_unreached"),
]
