"""Pages visitors see are kept whole for a few seconds and answer 304 to a conditional reload
(parvis/core/pagecache.py); a signed-in person, a visitor with a session, or a page after any write never get a kept
page."""

import pytest
from django.test import Client

from parvis.agenda.models import Rsvp
from parvis.posts.services import post_create
from parvis.spaces.models import Visibility
from tests.factories import make_event, soon


@pytest.fixture(autouse=True)
def _pages_kept(settings):
    settings.PARVIS_VISITOR_PAGE_SECONDS = 30


@pytest.fixture
def post(inhabitant, spaces):
    return post_create(author=inhabitant, space=spaces[Visibility.PUBLIC], body="Brocante dimanche rue Carnot")


@pytest.fixture
def event(inhabitant, spaces):
    return make_event(inhabitant, spaces[Visibility.PUBLIC], "Concert au kiosque", start=soon())


def _pages(post, event, beauvais):
    return ["/", post.space.get_absolute_url(), beauvais.get_absolute_url(), post.get_absolute_url(), "/agenda/",
            event.get_absolute_url()]  # fmt: skip


def test_a_visitor_page_is_kept_and_answers_304_to_a_reload(client, post, event, beauvais, django_assert_num_queries):
    for path in _pages(post, event, beauvais):
        first = client.get(path)
        assert first.status_code == 200, path
        assert first.has_header("ETag") and first.has_header("Last-Modified"), path
        # Nothing that makes the page personal: no cookie set, no CSRF token in a form or for htmx.
        assert not first.cookies, path
        assert "csrfmiddlewaretoken" not in first.content.decode() and "X-CSRFToken" not in first.content.decode()
        with django_assert_num_queries(1):  # the generation of the kept pages, in the shared cache
            again = client.get(path)
        assert again.content == first.content and again["ETag"] == first["ETag"], path
        assert client.get(path, headers={"if-none-match": first["ETag"]}).status_code == 304, path
        since = client.get(path, headers={"if-modified-since": first["Last-Modified"]})
        assert since.status_code == 304, path


def test_each_language_gets_its_own_page(client, post):
    path = post.space.get_absolute_url()
    french = client.get(path, headers={"accept-language": "fr"}).content.decode()
    english = client.get(path, headers={"accept-language": "en"}).content.decode()
    assert 'lang="fr"' in french and 'lang="en"' in english
    assert client.get(path, headers={"accept-language": "fr"}).content.decode() == french


def test_a_signed_in_person_never_gets_the_visitors_page(client, signed_in, inhabitant, post):
    path = post.space.get_absolute_url()
    assert 'class="more__who"' not in Client().get(path).content.decode()
    mine = signed_in.get(path)
    # The person's own menu (their name), their forms' tokens: their page, not the one kept for visitors.
    assert 'class="more__who"' in mine.content.decode() and "csrfmiddlewaretoken" in mine.content.decode()
    assert not mine.has_header("ETag")


def test_a_visitor_with_a_session_is_not_served_a_kept_page(client, post):
    path = post.space.get_absolute_url()
    client.get(path)
    client.cookies["sessionid"] = "whatever"
    response = client.get(path)
    assert not response.has_header("ETag")
    assert any(template.name == "spaces/detail.html" for template in response.templates)


def test_a_post_deleted_through_the_site_leaves_the_kept_pages_at_once(client, signed_in, inhabitant, post, beauvais):
    visitor = Client()
    paths = [post.space.get_absolute_url(), beauvais.get_absolute_url(), post.get_absolute_url()]
    assert all("Brocante dimanche" in visitor.get(path).content.decode() for path in paths)
    assert signed_in.post(post.delete_url).status_code == 302
    for path in paths:
        assert "Brocante dimanche" not in visitor.get(path).content.decode(), path


def test_a_space_turned_private_through_the_site_leaves_the_kept_pages_at_once(signed_in, post, spaces):
    visitor = Client()
    space = spaces[Visibility.PUBLIC]
    assert "Brocante dimanche" in visitor.get(space.get_absolute_url()).content.decode()
    response = signed_in.post(
        f"/espaces/{space.slug}/parametres/",
        {"name": space.name, "description": "", "visibility": Visibility.MEMBERS, "join_policy": "request"},
    )
    assert response.status_code == 302
    assert "Brocante dimanche" not in visitor.get(space.get_absolute_url()).content.decode()
    assert visitor.get(post.get_absolute_url()).status_code == 404


def test_a_visitor_changes_language_and_answers_an_event_without_a_csrf_token(event):
    visitor = Client(enforce_csrf_checks=True)
    response = visitor.post("/i18n/setlang/", {"language": "en", "next": "/agenda/"})
    assert response.status_code == 302 and visitor.cookies["django_language"].value == "en"
    answer = visitor.post(
        f"/agenda/evenements/{event.pk}/participer-sans-compte/", {"name": "Invitée", "email": "invitee@example.org"}
    )
    assert answer.status_code == 302
    assert Rsvp.objects.filter(event=event, email="invitee@example.org").exists()


def test_a_signed_in_language_change_still_needs_its_csrf_token(inhabitant):
    person = Client(enforce_csrf_checks=True)
    person.force_login(inhabitant)
    assert person.post("/i18n/setlang/", {"language": "en", "next": "/"}).status_code == 403


def test_a_groups_news_files_agenda_and_map_and_the_communes_procedures_are_kept_for_visitors(
    client, post, beauvais, django_assert_num_queries
):
    space = post.space.get_absolute_url()
    paths = [f"{space}actualites/", f"{space}fichiers/", f"{space}agenda/", f"{space}carte-des-membres/",
             f"/guichet/communes/{beauvais.slug}/demarches/"]  # fmt: skip
    for path in paths:
        first = client.get(path)
        assert first.status_code == 200, path
        assert not first.cookies and "csrfmiddlewaretoken" not in first.content.decode(), path
        with django_assert_num_queries(1):
            again = client.get(path)
        assert again.content == first.content, path
