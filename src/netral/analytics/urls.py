from django.urls import path

from netral.analytics import views

app_name = "analytics"
urlpatterns = [
    path("dasbor/", views.dashboard, name="dashboard"),
    # Public (no account).
    path("statistik/", views.statistik, name="statistik"),
    path("statistik/data.csv", views.open_data, name="open_data"),
    path("statistik/kamus-data.csv", views.data_dictionary, name="data_dictionary"),
]
