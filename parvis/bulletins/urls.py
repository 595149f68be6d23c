from django.urls import path

from . import views

app_name = "bulletins"
urlpatterns = [
    path("actualites/<int:bulletin_id>/", views.detail, name="detail"),
    path("actualites/mes-themes/", views.themes, name="themes"),
    path("espaces/<slug:slug>/actualites/", views.space_list, name="space_list"),
    path("espaces/<slug:slug>/actualites/envoyer/", views.compose, name="compose"),
]
