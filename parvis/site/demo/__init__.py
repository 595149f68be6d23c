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
from parvis.spaces.services.spaces import official_spaces_ensure
from parvis.territories.models import Level, Territory
from parvis.territories.services import instance_territories

from . import (
    agenda,
    alerts,
    bulletins,
    counter,
    discussions,
    federation,
    figures,
    invitations,
    legal,
    neighbours,
    network,
    notifications,
    organisations,
    polls,
    posts,
    procedures,
    toolbox,
    tv,
    verifications,
)
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
    notifications.notification_choices_create(people=people)  # first: what follows notifies her by her choices
    officials = {
        "beauvais": Space.objects.official().get(territory=beauvais),
        "oise": Space.objects.official().get(territory=root),
    }
    organisations.official_roles_set(people=people, officials=officials)
    network.network_create(people=people, root=root, communes=communes)
    pages = organisations.organisations_create(people=people, communes=communes)
    organisations.offers_create(people=people, pages=pages)
    groups = organisations.groups_create(people=people, communes=communes)
    classes = organisations.school_classes_create(people=people, pages=pages)
    organisations.follows_create(people=people, pages=pages, officials=list(officials.values()))
    # The kitchen garden's rules and question; a neighbour asks to join it, answering: a request waiting for Camille.
    toolbox.rules_create(people=people, groups=groups)

    quartiers = neighbours.quartiers_create(people=people, beauvais=beauvais)
    tilleuls = neighbours.residences_create(people=people, pages=pages, quartiers=quartiers, allonne=communes["60009"])
    drill_answer = neighbours.listings_create(people=people)
    neighbours.conversations_create(people=people, drill_answer=drill_answer)

    spaces = {**officials, **pages, **groups, "cm2": classes[0].space, "tilleuls": tilleuls.space}
    agenda.events_create(people=people, spaces=spaces, communes=communes, root=root)
    meal = invitations.invitations_create(people=people, spaces=spaces)
    planting = invitations.album_create(people=people, spaces=spaces)
    discussions.discussions_create(people=people, spaces=spaces, meal=meal, planting=planting)
    posts.posts_create(people=people, spaces=spaces)
    polls.polls_create(people=people, spaces=spaces)
    toolbox.toolbox_create(people=people, spaces=spaces)
    toolbox.recommendations_create(people=people, pages=pages)
    tv.tv_create(people=people, spaces=spaces)
    bulletins.bulletins_create(people=people, officials=officials, quartiers=quartiers)
    alerts.alerts_create(people=people, officials=officials, tilleuls=tilleuls)
    counter.counter_create(people=people, officials=officials, beauvais=beauvais, root=root)
    procedures.procedures_create(people=people, officials=officials, beauvais=beauvais)
    posts.report_handled(people=people, spaces=spaces)
    legal.legal_details_fill()
    # After the story's messages: from now on, writing to an élu needs a verified residence.
    verifications.verifications_create(people=people)
    federation.federation_create(people=people, pages=pages)
    # Last: the month of figures counts everything above.
    figures.figures_create(people=people, communes=communes)
