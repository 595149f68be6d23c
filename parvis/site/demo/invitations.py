"""Events as social objects in the demo: Camille's kitchen garden holds a shared meal whose guests she approves
(Maria asked for a place with her answer to Camille's question, waiting for her; Monique has not answered yet), and
Monique, who runs the choir, invites Camille to the open stage of the Franc-Marché (an invitation waiting in her
notifications and on the event's page). Camille wants to hear of each new event in her groups. The planting of the
bulbs, ten days ago, has its album: the photos Camille, who organised it, took that morning."""

from datetime import datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.utils import timezone

from parvis.agenda.models import Event
from parvis.agenda.services.events import event_create
from parvis.agenda.services.invitations import event_invite
from parvis.agenda.services.photos import event_photo_add
from parvis.agenda.services.reminders import agenda_preference_set
from parvis.agenda.services.rsvps import rsvp_set

from .pictures import picture

PARIS = ZoneInfo("Europe/Paris")


def _next_saturday_noon() -> datetime:
    today = timezone.localdate()
    ahead = (5 - today.weekday()) % 7 or 7
    return datetime.combine(today + timedelta(days=ahead), time(12, 0), tzinfo=PARIS)


def invitations_create(*, people: dict, spaces: dict) -> Event:
    agenda_preference_set(user=people["camille"], new_events_in_my_groups=True, remind_day_before=True)
    start = _next_saturday_noon()
    meal = event_create(
        creator=people["camille"],
        space=spaces["potager"],
        title="Repas partagé au potager",
        description="Chacun apporte un plat fait avec ce qu'il veut ; on mange au pied des bacs s'il fait beau, "
        "dans le local commun sinon. Douze places autour des tables.",
        start=start,
        end=start + timedelta(hours=2, minutes=30),
        time_zone="Europe/Paris",
        venue_name="Potager des Tilleuls, bâtiment B",
        address="12 rue des Tilleuls, 60000 Beauvais",
        commune=spaces["potager"].territory.commune,
        latitude=Decimal("49.421700"),
        longitude=Decimal("2.098300"),
        category="party",
        capacity=12,
        approval_required=True,
        question="Quel plat apporterez-vous ?",
    )
    event_invite(inviter=people["camille"], event=meal, group=spaces["potager"])
    rsvp_set(user=people["maria"], event=meal, status="going", answer="Une quiche aux blettes du potager")
    stage = Event.objects.get(title="Scène ouverte : chanson et slam", space=spaces["theatre"])
    event_invite(inviter=people["monique"], event=stage, people=[people["camille"]])
    return meal


ALBUM = (
    ("camille", "Les bacs du bâtiment B après la plantation, sous le soleil du matin", "album-bulbes-1"),
    ("camille", "Maria et Monique tassent la terre autour des bulbes de tulipes", "album-bulbes-2"),
    ("camille", "Le potager vu du local commun, les outils rangés contre l'arbre", "album-bulbes-3"),
)


def album_create(*, people: dict, spaces: dict) -> Event:
    """The planting of the bulbs, ten days ago, and its album."""
    start = datetime.combine(timezone.localdate() - timedelta(days=10), time(10, 0), tzinfo=PARIS)
    planting = event_create(
        creator=people["camille"],
        space=spaces["potager"],
        title="Plantation des bulbes d'automne",
        description="Tulipes, narcisses et crocus pour le printemps : gants et transplantoirs fournis.",
        start=start,
        end=start + timedelta(hours=2),
        time_zone="Europe/Paris",
        venue_name="Potager des Tilleuls, bâtiment B",
        address="12 rue des Tilleuls, 60000 Beauvais",
        commune=spaces["potager"].territory.commune,
        latitude=Decimal("49.421700"),
        longitude=Decimal("2.098300"),
        category="nature",
    )
    for key, alt, seed in ALBUM:
        event_photo_add(author=people[key], event=planting, upload=picture("garden", seed), alt_text=alt)
    return planting
