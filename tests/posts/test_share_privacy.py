"""A post shared while its group was public shows its original only to those who may read that group now: once the
group turns members-only or secret (and changes its name), the share's readers outside it see neither the original's
text nor the group's new name, on any page, feed, API, Atom feed or search result."""

import pytest

from parvis.messaging.services import block_create
from parvis.posts.services import post_create, post_share
from parvis.spaces.models import Follow, JoinPolicy, Nature, Visibility
from parvis.spaces.services.memberships import space_leave
from parvis.spaces.services.spaces import space_create, space_update
from tests.factories import add_member, make_user

SECRET_TEXT = "SECRET-4410 le digicode"
SECRET_NAME = "Cercle SECRET-NOM"


@pytest.fixture
def shared(inhabitant, neighbour, spaces, beauvais):
    """The inhabitant's public group holds a post that the neighbour shares into their own public group."""
    origin = spaces[Visibility.PUBLIC]
    original = post_create(author=inhabitant, space=origin, body=f"Rendez-vous au local, {SECRET_TEXT}")
    relay = space_create(
        creator=neighbour,
        name="Relais du quartier",
        nature=Nature.VOISINAGE,
        territory=beauvais,
        visibility=Visibility.PUBLIC,
        join_policy=JoinPolicy.OPEN,
    )
    share = post_share(user=neighbour, post=original, into=relay, body="Partagé pour les voisins tournesol")
    return origin, original, relay, share


def _readers(inhabitant, origin, beauvais, outsider):
    """Everyone who must not read the original once the group is private."""
    former = make_user("ancien@example.org", display_name="Ancien", home_commune=beauvais)
    add_member(origin, former)
    space_leave(space=origin, user=former)
    blocked = make_user("bloque@example.org", display_name="Bloqué", home_commune=beauvais)
    block_create(blocker=inhabitant, blocked=blocked)
    return {"anonymous": None, "outsider": outsider, "former member": former, "blocked": blocked}


def _everything_about_the_share(client, relay, share, beauvais) -> dict[str, str]:
    paths = [
        share.get_absolute_url(),
        relay.get_absolute_url(),
        beauvais.get_absolute_url(),
        f"/espaces/{relay.slug}/atom/",
        f"/territoires/commune/{beauvais.slug}/atom/",
        "/recherche/?q=tournesol",
        f"/api/v1/posts/{share.pk}",
        f"/api/v1/posts/feeds/space/{relay.slug}",
        f"/api/v1/posts/feeds/commune/{beauvais.code}",
        "/api/v1/search?q=tournesol",
    ]
    if client.session.get("_auth_user_id"):
        paths += ["/fil/", "/api/v1/posts/feeds/home"]
    seen = {}
    for path in paths:
        response = client.get(path)
        assert response.status_code == 200, path
        seen[path] = response.content.decode()
    return seen


@pytest.mark.parametrize("visibility", [Visibility.MEMBERS, Visibility.SECRET])
def test_a_share_hides_its_original_once_the_group_turns_private(
    client, inhabitant, outsider, beauvais, shared, visibility
):
    origin, original, relay, share = shared
    # While the group is public, everyone reads the original through the share (the control).
    assert SECRET_TEXT in client.get(share.get_absolute_url()).content.decode()

    space_update(
        actor=inhabitant,
        space=origin,
        name=SECRET_NAME,
        description="",
        visibility=visibility,
        join_policy=JoinPolicy.REQUEST,
    )
    for who, person in _readers(inhabitant, origin, beauvais, outsider).items():
        client.logout()
        if person is not None:
            client.force_login(person)
            Follow.objects.get_or_create(user=person, space=relay)  # the share is in their home feed too
        pages = _everything_about_the_share(client, relay, share, beauvais)
        assert "tournesol" in pages[share.get_absolute_url()], who  # the share itself is still there
        for path, content in pages.items():
            assert "SECRET-4410" not in content, (who, path)
            # A members-only group is still listed by name on its commune's page, by design; not a secret one.
            if visibility == Visibility.SECRET or path != beauvais.get_absolute_url():
                assert "SECRET-NOM" not in content, (who, path)
        api_share = client.get(f"/api/v1/posts/{share.pk}").json()
        assert api_share["shared_post_id"] is None, who
        found = client.get("/api/v1/search?q=digicode").json()["posts"]  # a word only the original holds
        assert found == [], who

    # A member of the group still reads the original through the share.
    client.force_login(inhabitant)
    page = client.get(share.get_absolute_url()).content.decode()
    assert "SECRET-4410" in page and "SECRET-NOM" in page
    assert client.get(f"/api/v1/posts/{share.pk}").json()["shared_post_id"] == original.pk
