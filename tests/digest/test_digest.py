"""The weekly digest of a commune and a quartier: its sections, the QR code of each line, the PDF, and nothing that
an anonymous passer-by may not read."""

from datetime import timedelta

import pytest
import segno
from django.utils import timezone

from parvis.agenda.services.events import event_create
from parvis.core import kinds
from parvis.core.links import absolute_url
from parvis.digest.week import Week
from parvis.neighbours import services as neighbours
from parvis.posts.services import post_create
from parvis.spaces.models import Role, Space, Visibility
from parvis.territories.models import Level, Territory
from tests.factories import add_member, make_user

SECRET = "ZQXWKJVFsecret"


@pytest.fixture(autouse=True)
def _english(english):
    """English words, so that the PDF's text is plain ASCII to look for."""


@pytest.fixture
def week_of_concert(inhabitant, spaces, beauvais, django_capture_on_commit_callbacks):
    start = timezone.now().replace(microsecond=0) + timedelta(hours=3)
    events = {
        visibility: event_create(
            creator=inhabitant,
            space=space,
            title="Concert au Quadrilatere" if visibility == Visibility.PUBLIC else f"{SECRET} {visibility}",
            venue_name="Le Quadrilatere",
            start=start,
            end=start + timedelta(hours=2),
            commune=beauvais,
        )
        for visibility, space in spaces.items()
    }
    town_hall = Space.objects.get(territory=beauvais, is_official=True)
    mayor = make_user("mairie@example.org", display_name="Mairie de Beauvais")
    add_member(town_hall, mayor, role=Role.ADMIN)
    news = post_create(author=mayor, space=town_hall, body="Travaux rue de la Madeleine\n\nDu lundi au vendredi.")
    post_create(author=inhabitant, space=spaces[Visibility.MEMBERS], body=f"{SECRET} post")
    neighbours.listing_create(
        author=inhabitant,
        direction="offer",
        kind="loan",
        scope="commune",
        title=f"{SECRET} perceuse",
        description="Perceuse",
        availability="Le soir",
    )
    return {"week": Week.of(timezone.localtime(start).date()), "event": events[Visibility.PUBLIC], "news": news}


def qr_of(url: str) -> str:
    return segno.make(url, error="m").svg_inline(omitsize=True, svgclass="digest__qr-image", lineclass=None)


@pytest.mark.django_db
def test_the_commune_week_lists_public_events_official_news_and_a_count_of_listings(client, week_of_concert):
    week = week_of_concert["week"]
    response = client.get(f"/communes/60057/semaine/?semaine={week.key}")
    page = response.content.decode()
    assert response.status_code == 200
    assert "The week in Beauvais" in page
    assert "Concert au Quadrilatere" in page and "Travaux rue de la Madeleine" in page
    assert "A few offers and requests between neighbours are open." in page
    assert SECRET not in page
    # Each line's QR code opens its page.
    event_url = absolute_url(week_of_concert["event"].get_absolute_url())
    assert qr_of(event_url) in page
    assert qr_of(absolute_url(week_of_concert["news"].get_absolute_url())) in page
    assert f'href="/communes/60057/semaine.pdf?semaine={week.key}"' in page


@pytest.mark.django_db
def test_an_empty_week_says_so(client, beauvais):
    page = client.get("/communes/60057/semaine/?semaine=2031-W02").content.decode()
    assert "No public event this week." in page and "No news from the town hall this week." in page
    assert "Between neighbours" not in page  # a section without a sentence for "nothing" is left out


@pytest.mark.django_db
def test_a_malformed_week_or_unknown_commune_is_never_a_500(client, beauvais):
    assert client.get("/communes/60057/semaine/?semaine=2026-W99").status_code == 200
    assert client.get("/communes/60057/semaine/?semaine=%00").status_code in (200, 400)
    assert client.get("/communes/99999/semaine/").status_code == 404
    assert client.get("/quartiers/nulle-part/semaine.pdf").status_code == 404


@pytest.mark.django_db
def test_the_pdf_is_a_pdf_with_the_title_and_the_lines(client, week_of_concert):
    week = week_of_concert["week"]
    response = client.get(f"/communes/60057/semaine.pdf?semaine={week.key}")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert b"The week in Beauvais" in response.content
    assert b"Concert au Quadrilatere" in response.content
    assert SECRET.encode() not in response.content
    # Kept for the territory and the week: the second answer is not drawn again.
    again = client.get(f"/communes/60057/semaine.pdf?semaine={week.key}")
    assert again.content == response.content and again["Server-Timing"] == "pdf;dur=0"


@pytest.mark.django_db
def test_a_quartier_has_its_week_too(client, beauvais, week_of_concert):
    quartier = Territory.objects.create(
        level=Level.QUARTIER, code="60057-q1", name="Saint-Jean", slug="beauvais-saint-jean", parent=beauvais
    )
    page = client.get(f"/quartiers/{quartier.slug}/semaine/?semaine={week_of_concert['week'].key}").content.decode()
    assert "The week in Saint-Jean" in page and "Concert au Quadrilatere" in page
    pdf = client.get(f"/quartiers/{quartier.slug}/semaine.pdf").content
    assert pdf.startswith(b"%PDF") and b"Saint-Jean" in pdf


@pytest.mark.django_db
def test_another_app_adds_a_section_through_the_registry(client, beauvais):
    def weather(territory, start, end, limit):
        return [kinds.DigestEntry(title="Vigilance orange orages", url=absolute_url("/"))]

    # Its own name: the alerts app's real section stays registered for the tests after this one.
    kinds.register_digest_section(kinds.DigestSection(name="weather", heading="Weather", entries=weather, order=30))
    try:
        page = client.get("/communes/60057/semaine/").content.decode()
    finally:
        kinds._digest_sections.pop("weather")
    assert page.index("News from the town hall") < page.index("Vigilance orange orages")
