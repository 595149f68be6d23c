"""Every absolute link the site writes starts with PARVIS_BASE_URL (`core.links.absolute_url`), whatever host the
request named: calendars, feeds, open data, the event page's sharing link."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from parvis.agenda.services.events import event_create
from parvis.posts.services import post_create
from parvis.spaces.models import Visibility

BASE = "https://parvis.beauvais.example"


@pytest.fixture(autouse=True)
def base_url(settings):
    settings.PARVIS_BASE_URL = BASE
    settings.ALLOWED_HOSTS = ["autre-nom.example", "testserver"]


@pytest.fixture
def market(inhabitant, spaces):
    start = timezone.now().replace(microsecond=0) + timedelta(days=3)
    space = spaces[Visibility.PUBLIC]
    post_create(author=inhabitant, space=space, body="Le marché est déplacé place Jeanne-Hachette.")
    return event_create(
        creator=inhabitant, space=space, title="Marché du samedi", start=start, end=start + timedelta(hours=4)
    )


def absolute_links(text: str) -> list[str]:
    return [link for link in re.findall(r"https?://[^\s\"'<>]+", text) if "autre-nom" in link or "parvis" in link]


@pytest.mark.parametrize(
    "url",
    [
        "/espaces/{slug}/atom/",
        "/agenda/espaces/{slug}/atom/",
        "/agenda/atom/",
        "/agenda/evenements/{event}/",
    ],
)
def test_links_start_with_the_base_url_whatever_host_the_request_named(client, market, url):
    response = client.get(url.format(slug=market.space.slug, event=market.pk), HTTP_HOST="autre-nom.example")
    assert response.status_code == 200
    text = response.content.decode()
    assert "autre-nom.example" not in text
    assert any(link.startswith(BASE + "/") for link in absolute_links(text)), text[:2000]
