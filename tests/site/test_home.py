"""The home page: the territory alive for a visitor, the person's own home once signed in."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone

from parvis.accounts.services import user_handle_assign
from parvis.agenda.services.events import event_create
from parvis.messaging.services import conversation_start, message_send
from parvis.neighbours.services.listings import listing_create
from parvis.posts.models import Post
from parvis.posts.services import post_create
from parvis.spaces.models import JoinPolicy, Membership, Nature, Visibility
from parvis.spaces.services.invitations import membership_invite
from parvis.spaces.services.memberships import space_join
from parvis.spaces.services.spaces import space_create
from tests.conftest import make_user


@pytest.fixture(autouse=True)
def _empty_cache(db):
    # The visitor's home is a cached fragment: each test starts from an empty cache.
    cache.clear()
    yield
    cache.clear()


def _event(space, author, title, *, days=3, commune=None):
    start = timezone.now() + timedelta(days=days)
    return event_create(
        creator=author, space=space, title=title, start=start, end=start + timedelta(hours=2), commune=commune
    )


@pytest.fixture
def territory_life(spaces, inhabitant, beauvais):
    """Public news, a public event and a private post and event, all in Beauvais."""
    post_create(author=inhabitant, space=spaces[Visibility.PUBLIC], body="Marché de Noël place Jeanne-Hachette")
    post_create(author=inhabitant, space=spaces[Visibility.MEMBERS], body="Code du portail : secret-membres")
    post_create(author=inhabitant, space=spaces[Visibility.SECRET], body="Réunion secret-secrète")
    _event(spaces[Visibility.PUBLIC], inhabitant, "Concert au kiosque", commune=beauvais)
    _event(spaces[Visibility.MEMBERS], inhabitant, "Apéro réservé aux membres", commune=beauvais)
    return spaces


def test_a_visitor_sees_the_territory_alive_and_nothing_private(client, territory_life, django_assert_max_num_queries):
    with django_assert_max_num_queries(12):
        response = client.get("/")
    page = response.content.decode()
    assert response.status_code == 200
    assert "Marché de Noël" in page
    assert "Concert au kiosque" in page
    assert "Groupe public" in page  # the most active public groups
    assert 'action="/communes/"' in page  # a commune search, not the list of 680 communes
    for private in ("secret-membres", "secret-secrète", "Apéro réservé", "Groupe members", "Groupe secret"):
        assert private not in page


def test_the_visitor_home_is_cached_and_costs_few_queries_once_warm(
    client, territory_life, django_assert_max_num_queries
):
    client.get("/")
    with django_assert_max_num_queries(6):
        page = client.get("/").content.decode()
    assert "Marché de Noël" in page


def test_the_visitor_home_stays_bounded_with_many_posts_and_events(
    client, spaces, inhabitant, beauvais, django_assert_max_num_queries
):
    for number in range(20):
        post_create(author=inhabitant, space=spaces[Visibility.PUBLIC], body=f"Nouvelle {number}")
        _event(spaces[Visibility.PUBLIC], inhabitant, f"Fête {number}", days=number + 1, commune=beauvais)
    with django_assert_max_num_queries(12):
        page = client.get("/").content.decode()
    assert "Nouvelle 19" in page and "Nouvelle 0" not in page  # the latest only


def test_the_list_of_communes_moved_to_its_own_page_with_search(client, db, django_assert_max_num_queries):
    with django_assert_max_num_queries(8):
        page = client.get("/communes/").content.decode()
    assert "Beauvais" in page and "Rennes" not in page
    found = client.get("/communes/", {"q": "compiegne"}).content.decode()
    assert "Compiègne" in found and "Beauvais" not in found
    assert client.get("/communes/", {"q": "a\x00b"}).status_code == 400
    home = client.get("/").content.decode()
    assert "Rochy-Condé" not in home  # the home no longer lists every commune


def test_a_signed_in_person_gets_a_composer_feed_events_and_what_needs_attention(
    signed_in, territory_life, inhabitant, neighbour, outsider, beauvais, django_assert_max_num_queries
):
    club = space_create(
        creator=neighbour,
        name="Club de lecture",
        nature=Nature.ASSOCIATIF,
        territory=beauvais,
        visibility=Visibility.MEMBERS,
        join_policy=JoinPolicy.REQUEST,
    )
    membership_invite(space=club, actor=neighbour, handle=user_handle_assign(user=inhabitant))
    space_join(space=territory_life[Visibility.PUBLIC], user=neighbour)
    space_join(space=territory_life[Visibility.MEMBERS], user=outsider)  # a request for the inhabitant to answer
    # Every block at once (composer, invitation, a request to answer, events, feed): 15, the person's memberships
    # read once for all of them.
    with django_assert_max_num_queries(15):
        response = signed_in.get("/")
    page = response.content.decode()
    assert response.status_code == 200
    assert 'action="/publier/"' in page and "Groupe public" in page  # the composer, to the spaces I may post in
    assert "Code du portail" in page  # my members-only group's post in my feed
    assert "Apéro réservé aux membres" in page and "Concert au kiosque" in page  # next events of my groups
    assert "Club de lecture" in page  # my invitation
    assert "/espaces/groupe-members/membres/" in page or "Groupe members" in page  # a request to answer


def test_the_signed_in_home_never_shows_what_the_person_may_not_read(client, territory_life, outsider):
    client.force_login(outsider)
    page = client.get("/").content.decode()
    for private in ("secret-membres", "secret-secrète", "Apéro réservé"):
        assert private not in page


def test_the_signed_in_home_stays_bounded_with_many_spaces_and_posts(
    signed_in, inhabitant, neighbour, beauvais, django_assert_max_num_queries
):
    for number in range(16):
        # Two creators: a person opens ten spaces a day at most.
        creator = inhabitant if number % 2 else neighbour
        space = space_create(
            creator=creator,
            name=f"Groupe {number}",
            nature=Nature.VOISINAGE,
            territory=beauvais,
            visibility=Visibility.PUBLIC,
            join_policy=JoinPolicy.OPEN,
        )
        if creator != inhabitant:
            space_join(space=space, user=inhabitant)
        post_create(author=inhabitant, space=space, body=f"Message {number}")
        _event(space, creator, f"Rencontre {number}", days=number + 1, commune=beauvais)
    with django_assert_max_num_queries(14):
        page = signed_in.get("/").content.decode()
    assert "Message 15" in page


def test_unread_answers_to_my_listing_need_my_attention(signed_in, inhabitant, neighbour, beauvais):
    listing = listing_create(
        author=inhabitant, direction="offer", kind="loan", scope="commune", title="Prête une perceuse"
    )
    conversation = conversation_start(
        initiator=neighbour,
        participants=[inhabitant],
        first_message="Bonjour, je suis intéressée",
        context_listing_id=listing.pk,
    )
    message_send(sender=neighbour, conversation=conversation, body="Demain ?")
    page = signed_in.get("/").content.decode()
    assert "Prête une perceuse" in page
    assert "unread" in page or "non lu" in page


def test_signing_in_lands_on_the_home_page(client, inhabitant):
    response = client.post("/accounts/login/", {"login": inhabitant.email, "password": "un-mot-de-passe-solide"})
    assert response.status_code == 302
    assert response["Location"] == "/"


def test_the_home_composer_publishes_in_the_chosen_space(signed_in, spaces):
    space = spaces[Visibility.PUBLIC]
    response = signed_in.post("/publier/", {"space": space.pk, "body": "Bonjour depuis l'accueil"})
    post = Post.objects.get(body="Bonjour depuis l'accueil")
    assert post.space == space
    assert response.status_code == 302 and response["Location"] == post.get_absolute_url()


def test_the_home_composer_refuses_a_space_one_may_not_post_in_and_keeps_the_text(
    signed_in, spaces, neighbour, beauvais
):
    theirs = space_create(
        creator=neighbour,
        name="Chez Dominique",
        nature=Nature.VOISINAGE,
        territory=beauvais,
        visibility=Visibility.PUBLIC,
        join_policy=JoinPolicy.OPEN,
    )
    for value in (theirs.pk, "abc", "", "1\x00"):
        response = signed_in.post("/publier/", {"space": value, "body": "Mon texte à garder"}, follow=True)
        assert response.status_code == 200
        assert not Post.objects.filter(body="Mon texte à garder").exists()
        assert "Mon texte à garder" in response.content.decode()


def test_the_home_composer_needs_a_signed_in_person(client, spaces):
    response = client.post("/publier/", {"space": spaces[Visibility.PUBLIC].pk, "body": "Anonyme"})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert not Post.objects.filter(body="Anonyme").exists()


def test_a_newcomer_without_groups_is_sent_to_the_welcome_page(client, beauvais):
    person = make_user("nouvelle@example.org", display_name="Nour", home_commune=beauvais)
    client.force_login(person)
    page = client.get("/").content.decode()
    assert 'href="/bienvenue/"' in page
    assert not Membership.objects.filter(user=person).exists()
