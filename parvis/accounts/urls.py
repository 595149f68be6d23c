from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("", views.profile_edit, name="profile_edit"),
    path("jetons/", views.tokens, name="tokens"),
    path("jetons/<int:token_id>/revoquer/", views.token_revoke, name="token_revoke"),
    path("<int:user_id>/", views.profile, name="profile"),
]
