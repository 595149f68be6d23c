"""A newcomer signs up with a name and a commune, confirms the address, and is welcomed with one-tap offers."""

import re

import pytest
from django.core import mail

from parvis.accounts.models import User
from parvis.spaces.models import JoinPolicy, Membership, MembershipStatus, Nature, Space, Visibility
from parvis.spaces.services.spaces import space_create

SIGNUP = "/accounts/signup/"
PASSWORD = "Un mot de passe bien long 42"


def _signup(client, capture, **fields):
    data = {
        "display_name": "Nour Haddad",
        "home_commune": "Beauvais (60057)",
        "email": "nour@example.org",
        "password1": PASSWORD,
        "password2": PASSWORD,
        "accept_charter": "on",
        **fields,
    }
    with capture(execute=True):
        return client.post(SIGNUP, data)


def _confirm(client, capture):
    link = re.search(r"https?://[^/\s]+(/accounts/confirm-email/[^\s]+/)", mail.outbox[-1].body).group(1)
    with capture(execute=True):
        return client.post(link)


@pytest.fixture
def near_beauvais(beauvais, neighbour):
    """Groups of Beauvais: an open one, one on request, one by invitation only (never offered: no tap could join)."""
    return {
        policy: space_create(
            creator=neighbour,
            name=f"Voisins {policy}",
            nature=Nature.VOISINAGE,
            territory=beauvais,
            visibility=Visibility.PUBLIC,
            join_policy=policy,
        )
        for policy in JoinPolicy.values
    }


def test_the_signup_form_asks_for_the_name_and_the_commune_with_suggestions(client, db):
    page = client.get(SIGNUP).content.decode()
    assert 'name="display_name"' in page and 'autocomplete="name"' in page
    assert 'name="home_commune"' in page and 'list="commune-suggestions"' in page
    assert '<datalist id="commune-suggestions">' in page
    assert 'data-hx-get="/territoires/communes/suggestions/"' in page


def test_a_newcomer_confirms_and_lands_on_the_welcome_page_then_joins_in_one_tap(
    client, beauvais, near_beauvais, django_capture_on_commit_callbacks
):
    response = _signup(client, django_capture_on_commit_callbacks)
    assert response.status_code == 302
    person = User.objects.get(email="nour@example.org")
    assert person.display_name == "Nour Haddad" and person.home_commune == beauvais
    assert person.handle.startswith("nour")  # made from the name, not "habitant"
    assert person.charter_accepted_at is not None

    response = _confirm(client, django_capture_on_commit_callbacks)
    assert response.status_code == 302 and response["Location"] == "/bienvenue/"

    page = client.get("/bienvenue/").content.decode()
    official = Space.objects.official().get(territory=beauvais)
    assert official.name in page
    assert f'action="/bienvenue/rejoindre/{official.slug}/"' in page
    assert f'action="/bienvenue/rejoindre/{near_beauvais[JoinPolicy.OPEN].slug}/"' in page
    assert f'action="/bienvenue/rejoindre/{near_beauvais[JoinPolicy.REQUEST].slug}/"' in page
    assert near_beauvais[JoinPolicy.INVITATION].slug not in page
    assert 'href="/"' in page  # on to the home page: no dead end

    response = client.post(f"/bienvenue/rejoindre/{official.slug}/")
    assert response.status_code == 302 and response["Location"] == "/bienvenue/"
    assert Membership.objects.get(user=person, space=official).status == MembershipStatus.ACTIVE
    page = client.get("/bienvenue/").content.decode()
    assert f'action="/bienvenue/rejoindre/{official.slug}/"' not in page  # joined: said, not offered again

    client.post(f"/bienvenue/rejoindre/{near_beauvais[JoinPolicy.REQUEST].slug}/")
    membership = Membership.objects.get(user=person, space=near_beauvais[JoinPolicy.REQUEST])
    assert membership.status == MembershipStatus.REQUESTED


def test_an_unknown_commune_is_refused_with_a_sentence_and_nothing_is_created(
    client, db, django_capture_on_commit_callbacks
):
    response = _signup(client, django_capture_on_commit_callbacks, home_commune="Nullepartville-sur-Rien")
    assert response.status_code == 200
    assert 'class="error"' in response.content.decode()
    assert "nour@example.org" in response.content.decode()  # what was typed is kept
    assert not User.objects.filter(email="nour@example.org").exists()


def test_a_signup_with_an_existing_address_changes_nothing_of_that_account(
    client, inhabitant, compiegne, django_capture_on_commit_callbacks
):
    response = _signup(
        client,
        django_capture_on_commit_callbacks,
        email=inhabitant.email,
        display_name="Usurpateur",
        home_commune="Compiègne (60159)",
    )
    assert response.status_code == 302
    inhabitant.refresh_from_db()
    assert inhabitant.display_name == "Camille" and inhabitant.home_commune != compiegne


@pytest.mark.parametrize("visibility", [Visibility.SECRET, Visibility.MEMBERS])
def test_only_public_spaces_are_joined_from_the_welcome_page(client, inhabitant, neighbour, beauvais, visibility):
    """A members-only group is joined from its own page, which says what it is; a secret one is never named."""
    hidden = space_create(
        creator=neighbour,
        name="Cercle discret",
        nature=Nature.VOISINAGE,
        territory=beauvais,
        visibility=visibility,
        join_policy=JoinPolicy.OPEN,
    )
    client.force_login(inhabitant)
    assert "Cercle discret" not in client.get("/bienvenue/").content.decode()
    assert client.post(f"/bienvenue/rejoindre/{hidden.slug}/").status_code == 404
    assert not Membership.objects.filter(user=inhabitant, space=hidden).exists()


def test_the_welcome_page_asks_for_the_commune_when_none_was_given(client, db):
    from tests.conftest import make_user

    person = make_user("sans-commune@example.org")
    client.force_login(person)
    page = client.get("/bienvenue/").content.decode()
    assert 'href="/profil/"' in page and 'href="/"' in page


def test_the_welcome_page_needs_a_signed_in_person(client, db):
    response = client.get("/bienvenue/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
