from django.urls import path

from . import views

app_name = "legal"

urlpatterns = [
    path("mentions-legales/", views.notice, name="notice"),
    path("confidentialite/", views.privacy, name="privacy"),
    path("accessibilite/", views.accessibility, name="accessibility"),
    path("conditions-d-utilisation/", views.terms, name="terms"),
    path("contact/", views.contact, name="contact"),
    path("code-source/", views.source, name="source"),
]
