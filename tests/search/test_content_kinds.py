"""Search reads every searchable kind of the registry of content kinds: events and listings too, not posts alone,
each within what the person may see, on SQLite and PostgreSQL alike."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from parvis.agenda.services.events import event_create
from parvis.neighbours.services import listing_create
from parvis.search import queries


@pytest.fixture
def market(inhabitant, spaces, beauvais):
    start = timezone.now().replace(microsecond=0) + timedelta(days=3)
    public = event_create(
        creator=inhabitant,
        space=spaces["public"],
        title="Marché du samedi",
        description="Producteurs locaux place Jeanne-Hachette.",
        start=start,
        commune=beauvais,
    )
    private = event_create(
        creator=inhabitant, space=spaces["members"], title="Marché aux puces du bureau", start=start, commune=beauvais
    )
    listing = listing_create(
        author=inhabitant,
        direction="offer",
        kind="gift",
        scope="commune",
        title="Cagette pour le marché",
        description="Une cagette en bois, à donner.",
    )
    return public, private, listing


def found(user, text: str) -> dict[str, list[str]]:
    return {
        section.kind.name: [getattr(item, "title", "") or str(item) for item in section.items]
        for section in queries.search_content(user, text)
    }


def test_an_event_is_found_without_its_accent(market, outsider):
    assert found(outsider, "marche")["event"] == ["Marché du samedi"]
    assert found(AnonymousUser(), "MARCHÉ samedi")["event"] == ["Marché du samedi"]
    assert found(outsider, "producteurs")["event"] == ["Marché du samedi"]  # the description is searched too


def test_events_and_listings_follow_their_own_visibility_rule(market, inhabitant, neighbour, outsider):
    # A member of the members-only space sees its event; a neighbour of the same commune sees the listing.
    assert sorted(found(inhabitant, "marche")["event"]) == ["Marché aux puces du bureau", "Marché du samedi"]
    assert found(neighbour, "cagette")["listing"] == ["Cagette pour le marché"]
    # Someone of another commune sees the public event only, and no listing; an anonymous visitor no listing.
    assert "listing" not in found(outsider, "cagette")
    assert "listing" not in found(AnonymousUser(), "cagette")
    assert "Marché aux puces du bureau" not in found(outsider, "puces").get("event", [])


def test_search_page_and_api_show_events(client, market):
    page = client.get("/recherche/", {"q": "marché"}).content.decode()
    assert "Marché du samedi" in page and market[0].get_absolute_url() in page
    assert "Marché aux puces" not in page and "Cagette" not in page
    documents = client.get("/api/v1/search", {"q": "marche"}).json()["documents"]
    assert [(d["kind"], d["title"]) for d in documents] == [("event", "Marché du samedi")]
    assert documents[0]["url"] == market[0].get_absolute_url()
