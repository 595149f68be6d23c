from django.urls import path

from . import views

app_name = "easyread"

urlpatterns = [
    path("", views.index, name="index"),
    path("agenda/", views.agenda, name="agenda"),
    path("mairie/", views.town_hall, name="town_hall"),
    path("messages/", views.messages, name="messages"),
]
