from django.urls import path

from . import journal, views

app_name = "spaces"
# A space's page (spaces:detail, "<slug>/") is composed with posts: parvis/site/urls.py adds it after these.
# The fixed words come before "<slug>/": services.RESERVED_SLUGS keeps spaces from taking them.
urlpatterns = [
    path("", views.space_list, name="list"),
    path("nouveau/", views.create, name="create"),
    path("organisation/nouvelle/", views.organisation_create, name="organisation_create"),
    path("invitations/", views.invitations, name="invitations"),
    path("<slug:slug>/rejoindre/", views.join, name="join"),
    path("<slug:slug>/quitter/", views.leave, name="leave"),
    path("<slug:slug>/decliner/", views.decline, name="decline"),
    path("<slug:slug>/suivre/", views.follow, name="follow"),
    path("<slug:slug>/ne-plus-suivre/", views.unfollow, name="unfollow"),
    path("<slug:slug>/parametres/", views.space_settings, name="settings"),
    path("<slug:slug>/regles/", views.space_rules, name="rules"),
    path("<slug:slug>/couverture/", views.space_cover, name="cover"),
    path("<slug:slug>/membres/", views.members, name="members"),
    path("<slug:slug>/journal/", journal.space_journal, name="journal"),
    path("<slug:slug>/membres/inviter/", views.invite, name="invite"),
    path(
        "<slug:slug>/membres/<int:membership_id>/approuver/", views.member_action, {"action": "approve"}, name="approve"
    ),
    path("<slug:slug>/membres/<int:membership_id>/refuser/", views.member_action, {"action": "refuse"}, name="refuse"),
    path("<slug:slug>/membres/<int:membership_id>/role/", views.member_action, {"action": "role"}, name="set_role"),
    path("<slug:slug>/membres/<int:membership_id>/retirer/", views.member_action, {"action": "remove"}, name="remove"),
    path(
        "<slug:slug>/membres/<int:membership_id>/transferer/",
        views.member_action,
        {"action": "transfer"},
        name="transfer",
    ),
]
