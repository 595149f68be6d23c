from django.urls import path

from . import pages, views

app_name = "agenda"
urlpatterns = [
    path("", views.agenda, name="list"),
    path("evenements/<int:event_id>/", views.event_detail, name="event"),
    path("evenements/<int:event_id>/participer/", views.rsvp, name="rsvp"),
    path("evenements/<int:event_id>/participer-sans-compte/", views.guest_rsvp_request, name="guest_rsvp_request"),
    path("evenements/<int:event_id>/annuler/", views.cancel, name="cancel"),
    path("evenements/<int:event_id>/participants.csv", views.participants_csv, name="participants_csv"),
    path("participation/<str:token>/", views.guest_rsvp, name="guest_rsvp"),
    path("espaces/<slug:slug>/nouvel-evenement/", views.event_create, name="create"),
    # Month, map, territories' common agendas, review, and the organisers' actions (parvis/agenda/pages.py).
    path("mois/", pages.month_current, name="month_current"),
    path("mois/<int:year>/<int:month>/", pages.month, name="month"),
    path("carte/", pages.agenda_map, name="map"),
    path("territoire/<str:level>/<slug:slug>/", pages.territory_agenda, name="territory"),
    path("relecture/", pages.review_queue, name="review_queue"),
    path("relecture/<int:submission_id>/", pages.review, name="review"),
    path("evenements/<int:event_id>/proposer/", pages.submit, name="submit"),
    path("evenements/<int:event_id>/ecrire/", pages.message_participants, name="message_participants"),
    path("evenements/<int:event_id>/partager/", pages.share, name="share"),
]
