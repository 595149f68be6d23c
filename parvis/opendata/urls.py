from django.urls import path

from . import views

app_name = "opendata"

# Stable addresses: portals harvest them, so a dataset's address never changes once published.
urlpatterns = [
    path("", views.catalogue, name="catalogue"),
    path("catalog.json", views.catalog_json, name="catalog"),
    path("<slug:dataset>.csv", views.dataset_csv, name="csv"),
    path("<slug:dataset>.json", views.dataset_json, name="json"),
    path("<slug:dataset>/schema.json", views.dataset_schema, name="schema"),
    path("<slug:dataset>.<slug:form>.json", views.dataset_format, name="format"),
]
