"""A signed-in person's reload of a feed, a space, a post, a commune, the agenda or an event is served from their own
kept copy (parvis/core/pagecache.py) until anybody writes: it is theirs alone (another person, another session, a
visitor get their own page), its forms still post, a message is shown once, and a write through the site shows at
once."""

import re

import pytest
from django.test import Client
from django.utils.translation import gettext, override

from parvis.posts.services import post_create
from parvis.spaces.models import Visibility
from tests.factories import add_member, make_event, soon


@pytest.fixture(autouse=True)
def _pages_kept(settings):
    settings.PARVIS_PERSON_PAGE_SECONDS = 30
    settings.PARVIS_VIEWER_SECONDS = 600


@pytest.fixture
def post(inhabitant, spaces):
    return post_create(author=inhabitant, space=spaces[Visibility.PUBLIC], body="Brocante dimanche rue Carnot")


def signed_in_client(user, **options) -> Client:
    client = Client(**options)
    client.force_login(user)
    return client


def warm(client: Client, path: str):
    """The first answer sets the CSRF cookie; the second is the one kept for the person."""
    client.get(path)
    return client.get(path)


def test_a_reload_is_served_from_the_persons_kept_page(inhabitant, post, beauvais, django_assert_max_num_queries):
    event = make_event(inhabitant, post.space, "Concert au kiosque", start=soon())
    client = signed_in_client(inhabitant)
    paths = ["/", "/fil/", post.space.get_absolute_url(), beauvais.get_absolute_url(), post.get_absolute_url(),
             "/agenda/", event.get_absolute_url(), "/agenda/mois/2026/12/", "/espaces/", "/annuaire/", "/voisins/",
             "/voisins/historique/", "/messages/", inhabitant.get_absolute_url()]  # fmt: skip
    for path in paths:
        kept = warm(client, path)
        assert kept.status_code == 200 and kept.has_header("ETag"), path
        # The session and the person's row, nothing of the page itself.
        with django_assert_max_num_queries(3):
            again = client.get(path)
        assert again.content == kept.content and not again.templates, path
        assert client.get(path, headers={"if-none-match": kept["ETag"]}).status_code == 304, path


def test_another_person_or_a_visitor_never_gets_my_kept_page(inhabitant, neighbour, post):
    path = post.space.get_absolute_url()
    mine = warm(signed_in_client(inhabitant), path).content.decode()
    assert "Camille" in mine
    theirs = warm(signed_in_client(neighbour), path).content.decode()
    assert "Dominique" in theirs and 'class="more__who">Camille' not in theirs
    visitor = Client().get(path).content.decode()
    assert "csrfmiddlewaretoken" not in visitor and "Camille</" not in visitor.split("<main", 1)[0]


def test_a_private_post_reaches_a_new_member_at_once_and_nobody_else(inhabitant, neighbour, spaces):
    club = spaces[Visibility.MEMBERS]
    client = signed_in_client(neighbour)
    warm(client, "/fil/")
    post_create(author=inhabitant, space=club, body="Code du portail : 4512")
    add_member(club, neighbour)  # a role changed: every kept page of every person is forgotten
    assert "4512" in client.get("/fil/").content.decode()


def test_a_write_through_the_site_shows_on_the_next_reload(inhabitant, neighbour, post):
    mine = signed_in_client(neighbour)
    path = post.space.get_absolute_url()
    assert "Vide-grenier" not in warm(mine, path).content.decode()
    author = signed_in_client(inhabitant)
    response = author.post(
        f"/espaces/{post.space.slug}/publier/", {"body": "Vide-grenier samedi place Jeanne-Hachette"}
    )
    assert response.status_code == 302
    assert "Vide-grenier" in mine.get(path).content.decode()


def test_the_forms_of_a_kept_page_still_post(inhabitant, post):
    client = signed_in_client(inhabitant, enforce_csrf_checks=True)
    kept = warm(client, "/fil/")
    assert kept.has_header("ETag")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', kept.content.decode()).group(1)
    response = client.post(
        f"/espaces/{post.space.slug}/publier/", {"body": "Qui a trouvé un vélo bleu ?", "csrfmiddlewaretoken": token}
    )
    assert response.status_code == 302


def test_a_message_is_shown_once_and_not_kept(inhabitant, post):
    client = signed_in_client(inhabitant)
    path = post.space.get_absolute_url()
    warm(client, path)
    client.post(f"/espaces/{post.space.slug}/publier/", {"body": "Atelier vélo samedi"})
    shown = client.get(path)
    with override(shown["Content-Language"]):
        confirmation = gettext("Published.")
    assert confirmation in shown.content.decode() and "Atelier vélo samedi" in shown.content.decode()
    again = client.get(path).content.decode()
    assert "Atelier vélo samedi" in again and confirmation not in again  # shown once, then the page without it
    assert confirmation not in client.get(path).content.decode()


def test_signing_out_and_in_again_is_a_new_page(inhabitant, post):
    client = signed_in_client(inhabitant)
    path = post.space.get_absolute_url()
    warm(client, path)
    assert not client.get(path).templates
    client.logout()
    assert "csrfmiddlewaretoken" not in client.get(path).content.decode()
    client.force_login(inhabitant)
    assert client.get(path).templates  # a new session: rendered afresh, not the copy kept for the old one


def test_an_answer_to_an_event_shows_at_once_to_its_author_and_forgets_nobody_elses_pages(
    inhabitant, neighbour, post, settings
):
    """An answer changes only the figures others see (parvis/core/pagecache.py): on a viral evening, forgetting every
    kept page at each answer rebuilt them for nearly every view. The others' copies show it when they expire."""
    settings.PARVIS_VISITOR_PAGE_SECONDS = 30
    event = make_event(inhabitant, post.space, "Concert au kiosque", start=soon())
    path = event.get_absolute_url()
    visitor = Client()
    for_the_visitor = warm(visitor, path)
    answering = signed_in_client(neighbour)
    before = warm(answering, path)
    with override(before["Content-Language"]):
        going = gettext("Your answer: %(answer)s.") % {"answer": gettext("going")}
    assert going not in before.content.decode()

    assert answering.post(f"/agenda/evenements/{event.pk}/participer/", {"status": "going"}).status_code == 302
    answering.get(path)  # the confirmation, shown once
    assert going in answering.get(path).content.decode()  # her own kept page was forgotten
    kept = visitor.get(path)
    assert not kept.templates and kept.content == for_the_visitor.content  # the visitor's was not
    assert event.rsvps.filter(user=neighbour, status="going").exists()

    # Any other write forgets every kept page, as before.
    poster = signed_in_client(inhabitant)
    poster.post(f"/espaces/{post.space.slug}/publier/", {"body": "Répétition générale à 18 h"})
    assert visitor.get(path).templates  # rendered afresh
