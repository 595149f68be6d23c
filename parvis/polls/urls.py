from django.urls import path

from . import views

app_name = "polls"
urlpatterns = [
    path("sondages/<int:poll_id>/", views.detail, name="detail"),
    path("sondages/<int:poll_id>/voter/", views.vote, name="vote"),
    path("sondages/<int:poll_id>/clore/", views.close, name="close"),
    path("espaces/<slug:slug>/nouveau-sondage/", views.create, name="create"),
]
