from django.urls import path

from . import views

app_name = "figures"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("export.csv", views.export_csv, name="export_csv"),
    path("export.json", views.export_json, name="export_json"),
    path("rapport/", views.report, name="report"),
]
