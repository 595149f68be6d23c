from django.urls import path

from . import views

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
]
