"""The fediverse in the demo: the associations' public spaces are Groups that Mastodon and Mobilizon can follow
(their page says how), Camille chose to be followed too, and the operator has refused an instance that sent
advertising to the associations."""

from parvis.federation import actors
from parvis.federation.services import instance_block, person_federation_set


def federation_create(*, people: dict, pages: dict) -> None:
    person_federation_set(user=people["camille"], enabled=True)
    # The keys are made on first use; made here, the associations' actors answer at once.
    for key in ("fetes", "jardins", "foot", "devoirs"):
        if key in pages:
            actor = actors.space_actor(pages[key].slug)
            if actor is not None:
                actors.key_pair(actor)
    instance_block(
        operator=people["operator"],
        domain="pub-en-masse.example",
        reason="Publicités envoyées en masse aux associations de Beauvais.",
    )
