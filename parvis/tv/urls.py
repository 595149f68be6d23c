from django.urls import path

from . import views

app_name = "tv"
urlpatterns = [
    path("tv/", views.home, name="home"),
    path("tv/chaines/<int:channel_id>/", views.channel, name="channel"),
    path("tv/chaines/<int:channel_id>/envoyer/", views.upload, name="upload"),
    path("tv/videos/<int:video_id>/", views.video, name="video"),
    path("tv/videos/<int:video_id>/etat/", views.state, name="state"),
    path("tv/videos/<int:video_id>/integrer/", views.embed, name="embed"),
    path("tv/videos/<int:video_id>/envoi/", views.receive, name="receive"),
    path("tv/videos/<int:video_id>/sous-titres/", views.captions, name="captions"),
    path("tv/videos/<int:video_id>/reprendre/", views.requeue, name="requeue"),
    path("tv/videos/<int:video_id>/supprimer/", views.delete, name="delete"),
    path("tv/fichiers/<str:key>/<path:name>", views.video_file, name="file"),
    path("espaces/<slug:slug>/nouvelle-chaine/", views.channel_create, name="channel_create"),
]
