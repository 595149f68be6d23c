from django.urls import path

from . import views

app_name = "network"
urlpatterns = [
    path("reseau/", views.home, name="home"),
    path("reseau/annuaire/", views.directory, name="directory"),
    path("reseau/invitation/<str:token>/", views.accept, name="accept"),
    path("reseau/roles/", views.roles, name="roles"),
    path("reseau/roles/ajouter/", views.role_add, name="role_add"),
    path("reseau/roles/<int:role_id>/inviter/", views.role_invite, name="role_invite"),
    path("reseau/roles/repertoire/", views.register_import, name="register_import"),
    path("reseau/themes/<slug:theme>/", views.theme, name="theme"),
    path("reseau/themes/<slug:theme>/documents/", views.document_share, name="document_share"),
    path("reseau/themes/<slug:theme>/nouvelle-session/", views.session_new, name="session_new"),
    path("reseau/documents/<int:document_id>/", views.document, name="document"),
    path("reseau/sessions/<int:session_id>/", views.session, name="session"),
    path("reseau/sessions/<int:session_id>/questions/", views.ask, name="ask"),
    path("reseau/sessions/<int:session_id>/clore/", views.close, name="close"),
    path("reseau/sessions/<int:session_id>/replay/", views.replay, name="replay"),
    path("reseau/questions/<int:network_question_id>/voter/", views.vote, name="vote"),
    path("reseau/questions/<int:network_question_id>/repondre/", views.answer, name="answer"),
]
