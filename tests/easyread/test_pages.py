"""The easy-to-read pages: short lines with a pictogram and its words, the commune's week, the town hall, messages."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from parvis.agenda.services.events import event_create
from parvis.spaces.models import Visibility

SECRET = "ZQXWKJVFsecret"


@pytest.fixture(autouse=True)
def _english(english):
    """English words for the assertions."""


def lines_have_words(page: str) -> bool:
    """Every pictogram is followed by words in the same line: never an icon alone."""
    items = re.findall(r"<li>(.*?)</li>", page, flags=re.S)
    with_picto = [item for item in items if "easy__picto" in item]
    return bool(with_picto) and all(re.sub(r"<[^>]+>", "", item).strip() for item in with_picto)


@pytest.mark.django_db
def test_the_index_explains_parvis_in_short_lines(client):
    page = client.get("/facile/").content.decode()
    assert "What is Parvis?" in page and lines_have_words(page)
    assert 'href="/facile/agenda/"' in page and 'href="/facile/mairie/"' in page and 'href="/facile/messages/"' in page


@pytest.mark.django_db
def test_the_footer_links_to_the_easy_version_and_the_open_data(client):
    page = client.get("/facile/").content.decode()
    assert "Easy-to-read version" in page and 'href="/donnees/"' in page


@pytest.mark.django_db
def test_the_week_of_my_commune_shows_its_public_events_only(client, inhabitant, spaces, beauvais):
    start = timezone.now().replace(microsecond=0) + timedelta(hours=3)
    for visibility, space in spaces.items():
        event_create(
            creator=inhabitant,
            space=space,
            title="Marché de Noël" if visibility == Visibility.PUBLIC else f"{SECRET} {visibility}",
            start=start,
            end=start + timedelta(hours=2),
            commune=beauvais,
        )
    client.force_login(inhabitant)  # their home commune is Beauvais
    response = client.get("/facile/agenda/", follow=True)  # one address per page: their commune written in it
    assert response.redirect_chain == [("/facile/agenda/?commune=60057", 302)]
    page = response.content.decode()
    assert "What is on this week in Beauvais" in page and "Marché de Noël" in page
    assert SECRET not in page and lines_have_words(page)
    visitor = client.__class__().get("/facile/agenda/?commune=60057").content.decode()
    assert "Marché de Noël" in visitor and SECRET not in visitor


@pytest.mark.django_db
def test_an_unknown_commune_gets_a_clear_message(client, beauvais):
    page = client.get("/facile/agenda/?commune=Atlantide").content.decode()
    assert "We did not find this commune" in page
    assert client.get("/facile/mairie/?commune=%00").status_code in (200, 400)


@pytest.mark.django_db
def test_the_town_hall_page_leads_to_reporting_a_problem(client, beauvais):
    page = client.get("/facile/mairie/?commune=Beauvais").content.decode()
    assert "The town hall of Beauvais" in page
    assert f'href="/guichet/communes/{beauvais.slug}/signaler/"' in page and lines_have_words(page)


@pytest.mark.django_db
def test_my_messages_page_asks_a_visitor_to_sign_in(client, inhabitant):
    assert "To read your messages, sign in first." in client.get("/facile/messages/").content.decode()
    client.force_login(inhabitant)
    page = client.get("/facile/messages/").content.decode()
    assert "You have no new message." in page and 'href="/messages/"' in page
