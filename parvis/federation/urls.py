from django.urls import path

from . import views
from .models import ActorKind

app_name = "federation"

urlpatterns = [
    path("ap/inbox", views.inbox_view, name="shared_inbox"),
    path("ap/instance", views.instance_actor, name="instance_actor"),
    path("ap/instance/inbox", views.inbox_view, name="instance_inbox"),
    path("ap/espaces/<slug:slug>", views.space_actor, name="space_actor"),
    path("ap/espaces/<slug:slug>/inbox", views.inbox_view, name="space_inbox"),
    path("ap/espaces/<slug:slug>/outbox", views.outbox, name="space_outbox"),
    path("ap/espaces/<slug:slug>/followers", views.followers, name="space_followers"),
    path("ap/personnes/<slug:handle>", views.person_actor, name="person_actor"),
    path("ap/personnes/<slug:handle>/inbox", views.inbox_view, {"kind": ActorKind.PERSON}, name="person_inbox"),
    path("ap/personnes/<slug:handle>/outbox", views.outbox, {"kind": ActorKind.PERSON}, name="person_outbox"),
    path("ap/personnes/<slug:handle>/followers", views.followers, {"kind": ActorKind.PERSON}, name="person_followers"),
    path("ap/objets/<slug:kind>/<int:target_id>", views.federated_object, name="object"),
    path("profil/fediverse/", views.person_choice, name="person_choice"),
    path(".well-known/webfinger", views.webfinger, name="webfinger"),
    path(".well-known/nodeinfo", views.nodeinfo_links, name="nodeinfo_links"),
    path("nodeinfo/2.0", views.nodeinfo, name="nodeinfo"),
]
