"""Two polls of the Beauvais groups: the neighbours of Saint-Jean choose the day of their party (open, several have
voted, Camille among them), and the Tilleuls' kitchen garden chose what to plant (closed, its results final)."""

from datetime import timedelta

from django.utils import timezone

from parvis.polls.services import poll_close, poll_create, poll_vote


def _vote(poll, people: dict, ballots: dict[str, list[int]]) -> None:
    options = list(poll.options.all())
    for name, chosen in ballots.items():
        poll_vote(voter=people[name], poll=poll, option_ids=[options[index].pk for index in chosen])


def polls_create(*, people: dict, spaces: dict) -> None:
    party = poll_create(
        author=people["olivier"],
        space=spaces["saintjean"],
        question="Fête des voisins : quel jour vous arrange le mieux ?",
        options=["Vendredi, en soirée", "Samedi, à midi", "Dimanche, l'après-midi"],
        multiple=True,
        closes_at=timezone.now() + timedelta(days=10),
    )
    _vote(party, people, {"camille": [1], "maria": [0, 1], "gerard": [1, 2], "ines": [0], "rachid": [1]})
    garden = poll_create(
        author=people["camille"],
        space=spaces["potager"],
        question="Qu'est-ce qu'on plante dans le bac du fond ce printemps ?",
        options=["Tomates cerises", "Fraises", "Herbes aromatiques"],
        named=True,
    )
    _vote(garden, people, {"camille": [0], "maria": [2], "monique": [2]})
    poll_close(actor=people["camille"], poll=garden)
