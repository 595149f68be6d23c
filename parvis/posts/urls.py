from django.urls import path

from . import syndication, views

app_name = "posts"
urlpatterns = [
    path("fil/", views.home_feed, name="home_feed"),
    path("publications/<int:post_id>/", views.detail, name="detail"),
    path("publications/<int:post_id>/modifier/", views.edit, name="edit"),
    path("publications/<int:post_id>/supprimer/", views.delete, name="delete"),
    path("publications/<int:post_id>/commenter/", views.comment, name="comment"),
    path("publications/<int:post_id>/reagir/", views.react, name="react"),
    path("publications/<int:post_id>/partager/", views.share, name="share"),
    path("commentaires/<int:comment_id>/modifier/", views.comment_edit, name="comment_edit"),
    path("commentaires/<int:comment_id>/supprimer/", views.comment_delete, name="comment_delete"),
    path("espaces/<slug:slug>/publier/", views.create, name="create"),
    path("espaces/<slug:slug>/atom/", syndication.SpaceAtomFeed(), name="space_atom"),
    path("territoires/commune/<slug:slug>/atom/", syndication.CommuneAtomFeed(), name="commune_atom"),
]
