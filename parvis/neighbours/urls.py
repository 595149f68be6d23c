from django.urls import path
from django.views.generic import RedirectView

from . import views

app_name = "neighbours"
urlpatterns = [
    path("", views.index, name="index"),
    path("annonces/nouvelle/", views.listing_create, name="listing_create"),
    path("annonces/<int:listing_id>/", views.listing_detail, name="listing"),
    path("annonces/<int:listing_id>/modifier/", views.listing_edit, name="listing_edit"),
    path("annonces/<int:listing_id>/repondre/", views.listing_answer, name="listing_answer"),
    path("annonces/<int:listing_id>/retirer/", views.listing_action, {"action": "withdraw"}, name="listing_withdraw"),
    path("annonces/<int:listing_id>/renouveler/", views.listing_action, {"action": "renew"}, name="listing_renew"),
    path("annonces/<int:listing_id>/service-rendu/", views.listing_action, {"action": "done"}, name="listing_done"),
    path("echanges/<int:exchange_id>/merci/", views.exchange_thank, name="exchange_thank"),
    path("historique/", views.history, name="history"),
    path("code/", views.code_redeem, name="code"),
    path("quartiers/nouveau/", views.quartier_create, name="quartier_create"),
    # The figures moved to the operator's dashboard (parvis/figures): old links and bookmarks follow.
    path("chiffres/", RedirectView.as_view(pattern_name="figures:dashboard", permanent=True), name="figures"),
    path("residences/", views.residence_list, name="residences"),
    path("residences/nouvelle/", views.residence_create, name="residence_create"),
    path("residences/<int:residence_id>/", views.residence_detail, name="residence"),
    path("residences/<int:residence_id>/avis/", views.residence_notice, name="residence_notice"),
    path("residences/<int:residence_id>/codes/", views.code_create, name="code_create"),
    path("residences/<int:residence_id>/annonce/", views.announcement_create, name="announcement_create"),
    path("codes/<int:code_id>/revoquer/", views.code_revoke, name="code_revoke"),
    path("communiques/<int:announcement_id>/desepingler/", views.announcement_unpin, name="announcement_unpin"),
]
