from django.urls import path

from netral.cases import letter_views, queue_views, views

app_name = "cases"
urlpatterns = [
    path("perkara/", views.case_list, name="list"),
    path("perkara/buka/", views.case_open_view, name="open"),
    path("perkara/kepatuhan-ppk/", views.compliance, name="compliance"),
    # Work queues, assignment and bulk assignment (queue_views.py).
    path("perkara/antrean/", queue_views.queue, name="queue"),
    path("perkara/antrean/massal/", queue_views.bulk, name="bulk"),
    path("perkara/<uuid:public_id>/tugaskan/", queue_views.assign, name="assign"),
    # Official letters (letter_views.py).
    path("perkara/<uuid:public_id>/surat/", letter_views.letter_issue, name="letter_issue"),
    path(
        "perkara/<uuid:public_id>/surat/<uuid:letter_id>/pindaian/",
        letter_views.letter_scan,
        name="letter_scan",
    ),
    path("perkara/<uuid:public_id>/", views.detail, name="detail"),
    path("perkara/<uuid:public_id>/langkah/<slug:step>/", views.step, name="step"),
    path("perkara/<uuid:public_id>/dokumen/", views.document_add, name="document_add"),
    path(
        "perkara/<uuid:public_id>/dokumen/<uuid:doc_id>/", views.document_file, name="document_file"
    ),
    path("perkara/<uuid:public_id>/catatan/", views.note_add, name="note_add"),
]
