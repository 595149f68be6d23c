"""Who belongs to a space is for its members: visitors and outsiders read how many they are, never who, on the page,
its htmx partials and the API."""

import pytest

from parvis.posts.services import post_create
from parvis.spaces.models import Membership
from tests.factories import add_member, api_client

pytestmark = pytest.mark.usefixtures("english")


@pytest.fixture
def group(spaces, neighbour):
    space = spaces["public"]
    add_member(space, neighbour)
    for number in range(25):  # a full page of posts, so that the feed has a next page (its htmx partial)
        post_create(author=neighbour, space=space, body=f"Nouvelle {number}")
    return space


def test_a_visitor_sees_the_count_not_the_names(client, group):
    page = client.get(group.get_absolute_url()).content.decode()
    assert "2 members" in page
    assert "Dominique" not in page.split('id="members-title"')[1]
    assert 'class="member-list"' not in page


def test_a_signed_in_outsider_sees_the_count_not_the_names(client, outsider, group):
    client.force_login(outsider)
    page = client.get(group.get_absolute_url()).content.decode()
    assert "2 members" in page and 'class="member-list"' not in page
    assert "Only the members of this space see who they are." in page


def test_a_member_sees_the_names(client, neighbour, group):
    client.force_login(neighbour)
    page = client.get(group.get_absolute_url()).content.decode()
    members = page[page.index('class="member-list"') :]
    assert "Camille" in members and "Dominique" in members


def test_the_feed_partial_names_no_member(client, outsider, group):
    client.force_login(outsider)
    page = client.get(group.get_absolute_url()).content.decode()
    cursor = page.split('data-hx-get="?apres=')[1].split('"')[0]
    partial = client.get(f"{group.get_absolute_url()}?apres={cursor}", headers={"HX-Request": "true"})
    assert partial.status_code == 200 and "member-list" not in partial.content.decode()


def test_the_api_gives_names_to_members_only(outsider, neighbour, group):
    url = f"/api/v1/spaces/{group.slug}/members"
    refused = api_client(outsider).get(url)
    assert refused.status_code == 403 and "Dominique" not in refused.content.decode()
    assert {m["name"] for m in api_client(neighbour).get(url).json()["items"]} == {"Camille", "Dominique"}
    # Everyone who may know the space reads the count.
    assert api_client(outsider).get(f"/api/v1/spaces/{group.slug}").json()["member_count"] == 2


def test_a_former_member_no_longer_sees_the_names(client, neighbour, group):
    Membership.objects.filter(space=group, user=neighbour).delete()
    client.force_login(neighbour)
    assert 'class="member-list"' not in client.get(group.get_absolute_url()).content.decode()


def test_leaving_is_confirmed_on_its_own_page(client, neighbour, group):
    client.force_login(neighbour)
    page = client.get(group.get_absolute_url()).content.decode()
    assert f'<form method="post" action="/espaces/{group.slug}/quitter/"' not in page
    confirm = client.get(f"/espaces/{group.slug}/quitter/")
    assert confirm.status_code == 200 and Membership.objects.filter(space=group, user=neighbour).exists()
    client.post(f"/espaces/{group.slug}/quitter/")
    assert not Membership.objects.filter(space=group, user=neighbour).exists()
