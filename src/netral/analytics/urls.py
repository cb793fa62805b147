from django.urls import path

from netral.analytics import views

app_name = "analytics"
urlpatterns = [
    path("dasbor/", views.dashboard, name="dashboard"),
    path("dasbor/laporan-bulanan/", views.leader_reports, name="leader_reports"),
    path(
        "dasbor/laporan-bulanan/<int:pk>/unduh/",
        views.leader_report_download,
        name="leader_report_download",
    ),
    path("dasbor/ringkasan/", views.rollups_admin, name="rollups_admin"),
    path("dasbor/ringkasan/<int:pk>/", views.rollup_job, name="rollup_job"),
    # Public (no account).
    path("statistik/", views.statistik, name="statistik"),
    path("statistik/data.csv", views.open_data, name="open_data"),
    path("statistik/kamus-data.csv", views.data_dictionary, name="data_dictionary"),
]
