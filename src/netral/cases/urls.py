from django.urls import path

from netral.cases import views

app_name = "cases"
urlpatterns = [
    path("perkara/", views.case_list, name="list"),
    path("perkara/buka/", views.case_open_view, name="open"),
    path("perkara/kepatuhan-ppk/", views.compliance, name="compliance"),
    path("perkara/<uuid:public_id>/", views.detail, name="detail"),
    path("perkara/<uuid:public_id>/langkah/<slug:step>/", views.step, name="step"),
    path("perkara/<uuid:public_id>/dokumen/", views.document_add, name="document_add"),
    path(
        "perkara/<uuid:public_id>/dokumen/<uuid:doc_id>/", views.document_file, name="document_file"
    ),
    path("perkara/<uuid:public_id>/catatan/", views.note_add, name="note_add"),
]
