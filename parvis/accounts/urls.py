from django.urls import path

from . import views

app_name = "accounts"
# A person's profile (accounts:profile, "<id>/") shows their spaces: parvis/site/urls.py adds it.
urlpatterns = [
    path("", views.profile_edit, name="profile_edit"),
    path("jetons/", views.tokens, name="tokens"),
    path("jetons/<int:token_id>/revoquer/", views.token_revoke, name="token_revoke"),
    path("verification/courrier/", views.letter_redeem, name="letter_redeem"),
    path("verification/lettres/", views.letter_create, name="letter_create"),
    path("verification/niveaux/", views.levels, name="levels"),
]
