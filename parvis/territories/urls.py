from django.urls import path

from . import views

app_name = "territories"
urlpatterns = [
    path("communes/suggestions/", views.autocomplete, name="autocomplete"),
    path("<str:level>/<slug:slug>/", views.detail, name="detail"),
]
