"""Content of a members-only or secret space is seen by its members and nobody else, by every read path."""

import pytest

from parvis.posts.services import post_create
from parvis.spaces.models import Follow
from parvis.spaces.services.memberships import space_leave
from tests.conftest import staff_client
from tests.factories import add_member, bearer

SECRET_WORD = "Réunion secrète"


def test_member_of_private_group_sees_the_post_everywhere(client, inhabitant, private_post, spaces):
    client.force_login(inhabitant)
    assert SECRET_WORD in client.get("/fil/").content.decode()
    assert SECRET_WORD in client.get(spaces["members"].get_absolute_url()).content.decode()
    assert client.get(private_post.get_absolute_url()).status_code == 200
    assert SECRET_WORD in client.get("/recherche/", {"q": "secrete reunion"}).content.decode()


@pytest.mark.parametrize("who", ["anonymous", "outsider", "staff"])
def test_non_members_never_see_a_private_post(client, who, outsider, private_post, spaces, beauvais):
    headers = {}
    if who != "anonymous":
        if who == "staff":
            outsider.is_staff = outsider.is_superuser = True
            outsider.save()
            from allauth.mfa.models import Authenticator
            from allauth.mfa.utils import encrypt

            Authenticator.objects.create(user=outsider, type="totp", data={"secret": encrypt("JBSWY3DPEHPK3PXP")})
            staff_client(client, outsider)
        else:
            client.force_login(outsider)
        headers = bearer(outsider)
        # Following the space does not open it either.
        Follow.objects.create(user=outsider, space=spaces["members"])
        assert SECRET_WORD not in client.get("/fil/").content.decode()

    pages = [
        spaces["members"].get_absolute_url(),
        beauvais.get_absolute_url(),
        f"/territoires/commune/{beauvais.slug}/atom/",
        "/recherche/?q=secrete",
        "/api/v1/search?q=secrete",
        f"/api/v1/posts/feeds/commune/{beauvais.code}",
    ]
    for url in pages:
        response = client.get(url, **headers)
        assert SECRET_WORD not in response.content.decode(), url
    # Guessing the id or the address of the feed gives nothing.
    assert client.get(private_post.get_absolute_url()).status_code == 404
    assert client.get(f"/api/v1/posts/{private_post.pk}", **headers).status_code == 404
    assert client.get(f"/api/v1/posts/{private_post.pk}/comments", **headers).status_code == 404
    assert client.get(f"/api/v1/posts/feeds/space/{spaces['members'].slug}", **headers).status_code == 404
    assert client.get(f"/espaces/{spaces['members'].slug}/atom/").status_code == 404
    if who != "anonymous":
        assert client.post(f"/publications/{private_post.pk}/commenter/", {"body": "coucou"}).status_code == 404
        assert client.post(f"/publications/{private_post.pk}/reagir/", {"kind": "like"}).status_code == 404
        assert (
            client.put(
                f"/api/v1/posts/{private_post.pk}/reaction",
                {"kind": "like"},
                content_type="application/json",
                **headers,
            ).status_code
            == 404
        )


def test_a_member_who_leaves_no_longer_sees_the_content(client, neighbour, private_post, spaces):
    add_member(spaces["members"], neighbour)
    client.force_login(neighbour)
    assert client.get(private_post.get_absolute_url()).status_code == 200
    space_leave(space=spaces["members"], user=neighbour)
    assert client.get(private_post.get_absolute_url()).status_code == 404
    assert SECRET_WORD not in client.get("/fil/").content.decode()
    assert client.get(f"/api/v1/posts/{private_post.pk}", **bearer(neighbour)).status_code == 404


def test_a_secret_space_post_cannot_be_shared_out(client, inhabitant, spaces):
    from django.core.exceptions import PermissionDenied

    from parvis.posts.services import post_share

    secret = post_create(author=inhabitant, space=spaces["secret"], body="Entre nous")
    with pytest.raises(PermissionDenied):
        post_share(user=inhabitant, post=secret, into=spaces["public"])


def test_mentioning_a_non_member_in_a_private_space_does_not_link_them(inhabitant, outsider, spaces):
    from parvis.accounts.services import user_handle_assign

    handle = user_handle_assign(user=outsider)
    post = post_create(author=inhabitant, space=spaces["members"], body=f"Bonjour @{handle}")
    assert list(post.mentioned_users.all()) == []
    public = post_create(author=inhabitant, space=spaces["public"], body=f"Bonjour @{handle}")
    assert list(public.mentioned_users.all()) == [outsider]
    assert f"/@{handle}/" in public.body_html  # their mention page, which leads to the profile for those who may see it
    assert f"/@{handle}/" not in post.body_html
