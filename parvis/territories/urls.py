from django.urls import path

from . import views

app_name = "territories"
# A territory's page (territories:detail) is composed with posts: it is added in parvis/site/urls.py.
urlpatterns = [
    path("communes/suggestions/", views.autocomplete, name="autocomplete"),
]
