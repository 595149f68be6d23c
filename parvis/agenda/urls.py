from django.urls import path

from . import comments, feeds, pages, replays, social, sources, views

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
    path("nouvel-evenement/", views.event_create, name="new"),
    path("evenements/<int:event_id>/modifier/", views.event_edit, name="edit"),
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
    path("evenements/<int:event_id>/replays/", replays.replays, name="replays"),
    # Invitations, participation requests, reminders (parvis/agenda/social.py).
    path("evenements/<int:event_id>/inviter/", social.invite, name="invite"),
    path("evenements/<int:event_id>/demandes/", social.requests, name="requests"),
    path("evenements/<int:event_id>/album/", social.album_add, name="album_add"),
    path("invitations/<int:invitation_id>/repondre/", social.answer_invitation, name="answer_invitation"),
    path("mes-rappels/", social.preferences, name="preferences"),
    # The discussion under each event (parvis/agenda/comments.py).
    path("evenements/<int:event_id>/commenter/", comments.comment, name="comment"),
    path("commentaires/<int:comment_id>/modifier/", comments.comment_edit, name="comment_edit"),
    path("commentaires/<int:comment_id>/supprimer/", comments.comment_delete, name="comment_delete"),
    # iCal, Atom, the widget, open data and calendar import (parvis/agenda/feeds.py, sources.py).
    path("agenda.ics", feeds.instance_ics, name="instance_ics"),
    path("territoire/<str:level>/<slug:slug>/agenda.ics", feeds.territory_ics, name="territory_ics"),
    path("espaces/<slug:slug>/agenda.ics", feeds.space_ics, name="space_ics"),
    path("evenements/<int:event_id>/evenement.ics", feeds.event_ics, name="event_ics"),
    path("calendrier/<str:token>.ics", feeds.personal_ics, name="personal_ics"),
    path("mon-calendrier/", feeds.my_calendar, name="my_calendar"),
    path("atom/", feeds.InstanceEventsFeed(), name="instance_atom"),
    path("territoire/<str:level>/<slug:slug>/atom/", feeds.TerritoryEventsFeed(), name="territory_atom"),
    path("espaces/<slug:slug>/atom/", feeds.SpaceEventsFeed(), name="space_atom"),
    path("widget.js", feeds.widget_js, name="widget_js"),
    path("widget/<str:level>/<slug:slug>/", feeds.widget, name="widget"),
    path("opendata/", feeds.opendata_page, name="opendata"),
    path("opendata/events.json", feeds.opendata_json, name="opendata_json"),
    path("opendata/events.csv", feeds.opendata_csv, name="opendata_csv"),
    path("espaces/<slug:slug>/calendriers/", sources.calendar_sources, name="calendar_sources"),
    path(
        "espaces/<slug:slug>/calendriers/<int:source_id>/importer/",
        sources.calendar_source_sync,
        name="calendar_source_sync",
    ),
    path(
        "espaces/<slug:slug>/calendriers/<int:source_id>/retirer/",
        sources.calendar_source_remove,
        name="calendar_source_remove",
    ),
]
