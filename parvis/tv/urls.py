from django.urls import path

from . import pages, sharing, views

app_name = "tv"
urlpatterns = [
    path("tv/", views.home, name="home"),
    path("tv/oembed", sharing.oembed, name="oembed"),
    path("tv/chaines/<int:channel_id>/", views.channel, name="channel"),
    path("tv/chaines/<int:channel_id>/envoyer/", views.upload, name="upload"),
    path("tv/chaines/<int:channel_id>/membres/", views.channel_members, name="channel_members"),
    path("tv/videos/<int:video_id>/", views.video, name="video"),
    path("tv/videos/<int:video_id>/etat/", views.state, name="state"),
    path("tv/videos/<int:video_id>/integrer/", views.embed, name="embed"),
    path("tv/videos/<int:video_id>/envoi/", views.receive, name="receive"),
    path("tv/videos/<int:video_id>/sous-titres/", views.captions, name="captions"),
    path("tv/videos/<int:video_id>/sous-titres/<str:language>/", views.caption_editor, name="caption_edit"),
    path("tv/videos/<int:video_id>/sous-titres/<str:language>/retirer/", views.caption_remove, name="caption_remove"),
    path("tv/videos/<int:video_id>/reprendre/", views.requeue, name="requeue"),
    path("tv/videos/<int:video_id>/supprimer/", views.delete, name="delete"),
    path("tv/fichiers/<str:key>/<path:name>", views.video_file, name="file"),
    path("tv/chaines/<int:channel_id>/nouveau-programme/", pages.programme_create, name="programme_create"),
    path("tv/chaines/<int:channel_id>/nouvelle-liste/", pages.playlist_create, name="playlist_create"),
    path("tv/programmes/<int:programme_id>/", pages.programme, name="programme"),
    path("tv/programmes/<int:programme_id>/ranger/", pages.programme_arrange, name="programme_arrange"),
    path("tv/listes/<int:playlist_id>/", pages.playlist, name="playlist"),
    path("tv/listes/<int:playlist_id>/ranger/", pages.playlist_arrange, name="playlist_arrange"),
    path("tv/videos/<int:video_id>/chapitres/", pages.chapters, name="chapters"),
    path("tv/videos/<int:video_id>/modifier/", pages.video_edit, name="video_edit"),
    path("espaces/<slug:slug>/nouvelle-chaine/", views.channel_create, name="channel_create"),
]
