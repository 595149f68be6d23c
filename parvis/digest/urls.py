from django.urls import path

from . import views

app_name = "digest"

urlpatterns = [
    path("communes/<str:code>/semaine/", views.commune_week, name="commune"),
    path("communes/<str:code>/semaine.pdf", views.commune_week_pdf, name="commune_pdf"),
    path("quartiers/<slug:slug>/semaine/", views.quartier_week, name="quartier"),
    path("quartiers/<slug:slug>/semaine.pdf", views.quartier_week_pdf, name="quartier_pdf"),
]
