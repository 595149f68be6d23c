"""The discussion under events in the demo: the garden's members settle the shared meal's details with Camille,
thank her for the planting's photos, and the open stage's public page answers a newcomer's question."""

from parvis.agenda.models import Event
from parvis.agenda.services.comments import event_comment_create


def discussions_create(*, people: dict, spaces: dict, meal: Event, planting: Event) -> None:
    chairs = event_comment_create(
        author=people["maria"], event=meal, body="J'ai six chaises pliantes à la cave : je les monte samedi ?"
    )
    event_comment_create(
        author=people["camille"],
        event=meal,
        parent=chairs,
        body="Oui merci Maria ! Avec les bancs du local, on aura de quoi asseoir tout le monde.",
    )
    weather = event_comment_create(
        author=people["monique"], event=meal, body="On mange dehors même s'il fait frais ? Je prendrai un gilet."
    )
    event_comment_create(
        author=people["camille"],
        event=meal,
        parent=weather,
        body="Dehors s'il ne pleut pas, dans le local commun sinon : je vous le dis ici samedi à 10 h.",
    )
    thanks = event_comment_create(
        author=people["maria"],
        event=planting,
        body=f"Merci pour les photos @{people['camille'].handle} ! Les premiers crocus pointent déjà.",
    )
    event_comment_create(
        author=people["monique"],
        event=planting,
        parent=thanks,
        body="Et les tulipes du bac n° 3 aussi. Il faudra arroser si la semaine reste sèche.",
    )
    stage = Event.objects.get(title="Scène ouverte : chanson et slam", space=spaces["theatre"])
    listen = event_comment_create(
        author=people["camille"],
        event=stage,
        body="Peut-on venir seulement écouter, sans monter sur scène ?",
    )
    event_comment_create(
        author=people["sophie"],
        event=stage,
        parent=listen,
        body="Bien sûr ! L'entrée est libre et la salle compte cent places assises.",
    )
    event_comment_create(
        author=people["mathilde"],
        event=stage,
        body="La sono est installée dès 19 h 30 : venez essayer les micros avant de commencer.",
    )
