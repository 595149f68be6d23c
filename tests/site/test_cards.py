"""Event and space cards are rendered once per version (parvis/core/fragments.py): a change of what a card shows is
on the next page, and the same version is not rendered twice."""

from parvis.agenda.services.events import event_cancel, event_update
from parvis.spaces.models import JoinPolicy, Visibility
from parvis.spaces.services.spaces import space_update
from tests.factories import make_event


def _rendered(response, name: str) -> int:
    return sum(1 for template in response.templates if template.name == name)


def test_an_event_card_is_reused_then_shows_an_edit_and_a_cancellation_at_once(client, inhabitant, spaces):
    event = make_event(inhabitant, spaces[Visibility.PUBLIC], "Concert au kiosque")
    assert _rendered(client.get("/agenda/"), "components/event_card.html") == 1
    assert _rendered(client.get("/agenda/"), "components/event_card.html") == 0
    event_update(editor=inhabitant, event=event, title="Concert sous la halle")
    seen = client.get("/agenda/").content.decode()
    assert "Concert sous la halle" in seen and "Concert au kiosque" not in seen
    event_cancel(editor=inhabitant, event=event, reason="Pluie annoncée")
    assert "event-card--cancelled" in client.get("/agenda/").content.decode()


def test_a_space_card_shows_a_new_name_at_once(client, inhabitant, spaces, beauvais):
    space = spaces[Visibility.PUBLIC]
    assert space.name in client.get(beauvais.get_absolute_url()).content.decode()
    space_update(
        actor=inhabitant,
        space=space,
        name="Jardin partagé des Capucins",
        description="",
        visibility=Visibility.PUBLIC,
        join_policy=JoinPolicy.OPEN,
    )
    assert "Jardin partagé des Capucins" in client.get(beauvais.get_absolute_url()).content.decode()
