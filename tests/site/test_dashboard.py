"""The inhabitant's dashboard (`/mon-espace/`): what waits first, their news, only what they may read, in few
queries."""

import pytest
from django.db import connection
from django.template import engines
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from parvis.agenda.models import RsvpStatus
from parvis.agenda.services.rsvps import rsvp_set
from parvis.bulletins.services import bulletin_send
from parvis.core import kinds
from parvis.posts.services import post_create
from parvis.spaces.models import Role, Space
from tests.factories import add_member, make_event, make_user, soon

URL = "/mon-espace/"


@pytest.fixture(autouse=True)
def _english(english):
    """Sentences are checked in English (the msgids)."""


@pytest.fixture
def town_hall(beauvais):
    return Space.objects.official().get(territory=beauvais)


@pytest.fixture
def agent(town_hall, beauvais):
    person = make_user("agent.beauvais@example.org", display_name="Agent", home_commune=beauvais)
    add_member(town_hall, person, role=Role.ADMIN)
    return person


def test_visitors_are_asked_to_sign_in(client):
    assert client.get(URL).status_code == 302


def test_the_menu_links_to_it(signed_in):
    assert f'href="{reverse("dashboard")}"' in signed_in.get("/").content.decode()


def test_it_shows_what_waits_then_my_news(
    signed_in, inhabitant, spaces, town_hall, agent, django_capture_on_commit_callbacks
):
    event = make_event(inhabitant, spaces["public"], "Vide-grenier du Jeu de Paume", start=soon(2))
    rsvp_set(user=inhabitant, event=event, status=RsvpStatus.GOING)
    post_create(author=agent, space=town_hall, body="La mairie sera fermée le 11 novembre.")
    post_create(author=inhabitant, space=spaces["members"], body="Réunion du groupe jeudi.")
    with django_capture_on_commit_callbacks(execute=True):
        bulletin_send(
            actor=agent,
            space=town_hall,
            title="Collecte des encombrants",
            text="Mardi.",
            territory_id=inhabitant.home_commune_id,
        )
    html = signed_in.get(URL).content.decode()
    assert html.index("Waiting for you") < html.index("Official news of Beauvais")
    assert "You are going to “Vide-grenier du Jeu de Paume”" in html
    assert "La mairie sera fermée" in html
    assert "Réunion du groupe jeudi" in html
    assert "News I received" in html and "Collecte des encombrants" in html


def test_it_shows_no_news_sent_to_a_segment_i_am_not_in(
    client, inhabitant, outsider, town_hall, agent, beauvais, django_capture_on_commit_callbacks, operator
):
    from parvis.neighbours.services.residences import quartier_create

    quartier = quartier_create(operator=operator, commune=beauvais, name="Argentine")
    with django_capture_on_commit_callbacks(execute=True):
        bulletin_send(
            actor=agent, space=town_hall, title="Secret Argentine", text="x", public=False, territory_id=quartier.pk
        )
    for person in (inhabitant, outsider):
        client.force_login(person)
        assert "Secret Argentine" not in client.get(URL).content.decode()


def test_the_counter_slot_shows_the_blocks_a_kind_gives(signed_in, inhabitant, spaces):
    """The town hall's counter fills "my reports and requests" through the registry, without editing the page."""
    kinds.register(
        kinds.ContentKind(
            name="test_counter_request",
            label="request",
            model=Space,
            url_word="test-demande",
            visible_to=lambda user: Space.objects.readable_by(user),
            dashboard=kinds.DashboardBlock(
                heading="My requests",
                items=lambda user, limit: list(Space.objects.filter(pk=spaces["public"].pk)[:limit]),
                template=engines["django"].from_string("{{ item.name }}"),
                slot="counter",
            ),
        )
    )
    try:
        html = signed_in.get(URL).content.decode()
    finally:
        kinds.unregister("test_counter_request")
    assert "Groupe public" in _counter_section(html)
    assert "Groupe public" not in _counter_section(signed_in.get(URL).content.decode())


def _counter_section(html: str) -> str:
    start = html.index('id="mes-demarches"')
    return html[start : html.index("</section>", start)]


@pytest.mark.parametrize("count", [1, 20])
def test_it_reads_in_a_bounded_number_of_queries(
    signed_in, inhabitant, spaces, town_hall, agent, count, django_capture_on_commit_callbacks
):
    add_member(town_hall, inhabitant)
    for number in range(count):
        post_create(author=agent, space=town_hall, body=f"Annonce {number}")
        post_create(author=inhabitant, space=spaces["public"], body=f"Groupe {number}")
        event = make_event(inhabitant, spaces["public"], f"Fête {number}", start=soon(2))
        rsvp_set(user=inhabitant, event=event, status=RsvpStatus.GOING)
    with django_capture_on_commit_callbacks(execute=True):
        for number in range(min(count, 5)):
            bulletin_send(
                actor=agent, space=town_hall, title=f"Info {number}", text="x", territory_id=inhabitant.home_commune_id
            )
    signed_in.get(URL)
    with CaptureQueriesContext(connection) as queries:
        page = signed_in.get(URL)
    print(f"dashboard with {count}: {len(queries)} queries")
    # One query per block: the counter's reports, questions and online requests, the network's sessions.
    assert page.status_code == 200 and len(queries) <= 19
