from datetime import timedelta

import pytest
from django.utils import timezone

from parvis.posts.models import Post
from parvis.posts.services import comment_create, post_create, reaction_set
from parvis.spaces.models import Follow, Space
from parvis.spaces.services.spaces import space_create
from tests.factories import add_member, jpeg, make_user


def fill(space, count, author_prefix="auteur"):
    """`count` posts by as many different authors, each with a photo, two comments and a reaction."""
    for index in range(count):
        author = make_user(f"{author_prefix}{index}@example.org", display_name=f"Auteur {index}")
        add_member(space, author)
        post = post_create(author=author, space=space, body=f"Message {index}", photos=[(jpeg(size=(64, 48)), "photo")])
        comment_create(author=author, post=post, body="premier")
        comment_create(author=author, post=post, body="second")
        reaction_set(user=author, post=post, kind="like")


@pytest.mark.parametrize("count", [1, 20])
def test_a_feed_page_costs_the_same_number_of_queries_with_1_or_20_items(
    client, inhabitant, spaces, beauvais, count, django_assert_max_num_queries
):
    space = spaces["public"]
    fill(space, count)
    client.force_login(inhabitant)
    Follow.objects.create(user=inhabitant, space=space)
    # The bound is the same for both sizes: it holds only if nothing is fetched per item (the most given reaction
    # of every post on the page is one query; whether the viewer sees the members' names, one more; the space's
    # TV channels, one).
    with django_assert_max_num_queries(13):
        home = client.get("/fil/")
    with django_assert_max_num_queries(21):
        space_page = client.get(space.get_absolute_url())
    with django_assert_max_num_queries(17):
        commune = client.get(beauvais.get_absolute_url())
    with django_assert_max_num_queries(6):
        api = client.get(f"/api/v1/posts/feeds/space/{space.slug}")
    for response in (home, space_page, commune):
        assert response.content.decode().count('class="post"') == count
    assert len(api.json()["items"]) == count


def test_keyset_pages_cover_every_post_once(client, inhabitant, spaces):
    space = spaces["public"]
    for index in range(45):
        post_create(author=inhabitant, space=space, body=f"numéro {index}")
    # Posts created in the same instant still come out once: the id breaks the tie.
    Post.objects.filter(space=space).update(created_at=timezone.now() - timedelta(hours=1))
    seen, cursor = [], None
    while True:
        params = {"cursor": cursor} if cursor else {}
        page = client.get(f"/api/v1/posts/feeds/space/{space.slug}", params).json()
        seen += [item["id"] for item in page["items"]]
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert len(seen) == 45 == len(set(seen))


def test_load_more_returns_the_next_items_as_a_fragment(client, inhabitant, spaces):
    space = spaces["public"]
    for index in range(25):
        post_create(author=inhabitant, space=space, body=f"numéro {index}")
    page = client.get(space.get_absolute_url()).content.decode()
    assert page.count('class="post"') == 20 and "apres=" in page
    cursor = page.split("?apres=")[1].split('"')[0]
    fragment = client.get(space.get_absolute_url(), {"apres": cursor}, HTTP_HX_REQUEST="true").content.decode()
    assert fragment.count('class="post"') == 5 and "<html" not in fragment
    assert client.get(space.get_absolute_url(), {"apres": "n'importe quoi"}).status_code == 200


def test_home_feed_has_my_spaces_my_communes_official_news_and_followed_pages(
    client, inhabitant, outsider, beauvais, compiegne
):
    from parvis.spaces.models import Role

    official_beauvais = Space.objects.official().get(territory=beauvais)
    official_oise = Space.objects.official().get(territory__level="departement", territory__code="60")
    official_compiegne = Space.objects.official().get(territory=compiegne)
    # The intercommunality's official space, which its operator opens by hand (not every instance has one).
    official_epci = Space.objects.create(
        name=beauvais.epci.name, slug="epci-beauvaisis", nature="institutionnel", territory=beauvais.epci,
        visibility="public", join_policy="open", is_official=True, is_verified=True,
    )  # fmt: skip
    agent = make_user("agent@example.org")
    for official in (official_beauvais, official_oise, official_compiegne, official_epci):
        add_member(official, agent, Role.ADMIN)
        post_create(author=agent, space=official, body=f"Nouvelles de {official.name}")
    page_space = space_create(creator=outsider, name="Librairie", nature="associatif", territory=compiegne)
    post_create(author=outsider, space=page_space, body="Nouveautés de la librairie")
    Follow.objects.create(user=inhabitant, space=page_space)

    client.force_login(inhabitant)
    page = client.get("/fil/").content.decode()
    assert "Nouvelles de Beauvais" in page and "Nouvelles de Oise" in page
    assert f"Nouvelles de {official_epci.name}" in page
    assert "Nouvelles de Compiègne" not in page  # another commune's news
    assert "Nouveautés de la librairie" in page


def test_commune_feed_shows_public_posts_of_the_commune_and_news_from_above(client, beauvais, compiegne, public_post):
    page = client.get(beauvais.get_absolute_url()).content.decode()
    assert "Fête des voisins" in page
    assert "Fête des voisins" not in client.get(compiegne.get_absolute_url()).content.decode()
