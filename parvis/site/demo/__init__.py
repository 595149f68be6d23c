"""The demo: one true-to-life story of Beauvais and the communes around it (Allonne, Tillé, Goincourt, Auneuil),
built through the same services as the pages, so that what a newcomer sees is what Parvis does.

Camille Martin (habitant@demo.parvis.test) lives in the Tilleuls residence of a social landlord, in the Saint-Jean
quartier; her son is in CM2 B at the Jean-Moulin school. She finds her commune's and her associations' news, the
coming weeks in the agenda, listings between neighbours, messages and notifications waiting. Dominique Lefèvre
(agent@) runs the official spaces and reviews the common agendas; Alex Moreau (operateur@) is the operator.

Everything is made in one transaction: a failure leaves nothing behind. Loading again does nothing (the demo
inhabitant's account says the demo is there). Random choices would make two runs differ: there are none, the
story is written out; times are relative to today, at the hours things really happen.
"""

from django.core.management.base import CommandError
from django.db import transaction

from parvis.accounts.models import User
from parvis.spaces.models import Space
from parvis.spaces.services.memberships import space_join
from parvis.spaces.services.spaces import official_spaces_ensure
from parvis.territories.models import Level, Territory
from parvis.territories.services import instance_territories

from . import agenda, neighbours, organisations, polls, posts, tv
from .people import (
    AGENT_EMAIL,
    DEMO_PASSWORD,
    INHABITANT_EMAIL,
    OPERATOR_EMAIL,
    OPERATOR_TOTP_SECRET,
    people_create,
)

__all__ = ["AGENT_EMAIL", "DEMO_PASSWORD", "INHABITANT_EMAIL", "OPERATOR_EMAIL", "OPERATOR_TOTP_SECRET", "demo_load"]

# The communes of the story, by INSEE code: Beauvais and its neighbours.
COMMUNES = ("60057", "60009", "60639", "60277", "60029")


def demo_load() -> bool:
    """Load the demo; False when it is already there."""
    if User.objects.filter(email=INHABITANT_EMAIL).exists():
        return False
    roots = instance_territories()
    communes = {c.code: c for c in Territory.objects.filter(level=Level.COMMUNE, code__in=COMMUNES)}
    root = next((r for r in roots if r.level == Level.DEPARTEMENT and r.code == "60"), None)
    if root is None or len(communes) != len(COMMUNES):
        raise CommandError(
            "The demo tells a story of Beauvais, in the Oise: serve the Oise (the default PARVIS_TERRITORIES) and "
            "import its territories first: parvis territories import --instance"
        )
    official_spaces_ensure()
    with transaction.atomic():
        _load(root, communes)
    return True


def _load(root: Territory, communes: dict) -> None:
    beauvais = communes["60057"]
    people = people_create(communes)
    officials = {
        "beauvais": Space.objects.official().get(territory=beauvais),
        "oise": Space.objects.official().get(territory=root),
    }
    organisations.official_roles_set(people=people, officials=officials)
    organisations.network_create(people=people, root=root, communes=communes)
    pages = organisations.organisations_create(people=people, communes=communes)
    organisations.offers_create(people=people, pages=pages)
    groups = organisations.groups_create(people=people, communes=communes)
    classes = organisations.school_classes_create(people=people, pages=pages)
    organisations.follows_create(people=people, pages=pages, officials=list(officials.values()))
    # A neighbour asks to join Camille's members-only group: a request waiting for her answer.
    space_join(space=groups["potager"], user=people["nicolas"])

    quartiers = neighbours.quartiers_create(people=people, beauvais=beauvais)
    tilleuls = neighbours.residences_create(people=people, pages=pages, quartiers=quartiers, allonne=communes["60009"])
    drill_answer = neighbours.listings_create(people=people)
    neighbours.conversations_create(people=people, drill_answer=drill_answer)

    spaces = {**officials, **pages, **groups, "cm2": classes[0].space, "tilleuls": tilleuls.space}
    agenda.events_create(people=people, spaces=spaces, communes=communes, root=root)
    posts.posts_create(people=people, spaces=spaces)
    polls.polls_create(people=people, spaces=spaces)
    tv.tv_create(people=people, spaces=spaces)
    posts.report_handled(people=people, spaces=spaces)
