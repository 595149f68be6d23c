from django.urls import path

from . import views

app_name = "accounts"
# A person's profile (accounts:profile, "<id>/") shows their spaces: parvis/site/urls.py adds it.
urlpatterns = [
    path("", views.profile_edit, name="profile_edit"),
    path("jetons/", views.tokens, name="tokens"),
    path("jetons/<int:token_id>/revoquer/", views.token_revoke, name="token_revoke"),
]
