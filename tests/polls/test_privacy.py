"""A poll in a private space is invisible to outsiders on every path: page, API, search, notifications. Leaving the
group takes the poll away at once."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import Client
from django.urls import reverse

from parvis.notifications.models import Notification
from parvis.polls.services import poll_vote
from parvis.search import queries
from parvis.spaces.services.memberships import space_leave
from tests.factories import add_member, api_client, make_user


@pytest.fixture
def former(private_poll, beauvais):
    """A member who voted, then left the group."""
    person = make_user("ancien@example.org", display_name="Ancien", home_commune=beauvais)
    add_member(private_poll.space, person)
    poll_vote(voter=person, poll=private_poll, option_ids=[private_poll.options.first().pk])
    space_leave(space=private_poll.space, user=person)
    return person


def found_polls(user, text):
    sections = {section.kind.name: section.items for section in queries.search_content(user, text)}
    return [item.id for item in sections.get("poll", [])]


def test_a_member_reads_votes_and_finds_the_private_poll(client, private_poll, neighbour):
    client.force_login(neighbour)
    assert client.get(private_poll.get_absolute_url()).status_code == 200
    assert api_client(neighbour).get(reverse("api:poll_detail", args=[private_poll.pk])).status_code == 200
    assert found_polls(neighbour, "local velos") == [private_poll.pk]
    assert "vélos" in client.get(reverse("search:search") + "?q=velos").content.decode()


@pytest.mark.parametrize("who", ["anonymous", "outsider", "former member"])
def test_whoever_may_not_read_the_space_gets_404_everywhere(private_poll, outsider, former, who):
    viewer = {"anonymous": None, "outsider": outsider, "former member": former}[who]
    client = Client()
    api = Client()
    if viewer is not None:
        client.force_login(viewer)
        api = api_client(viewer)
    option = private_poll.options.first().pk
    assert client.get(private_poll.get_absolute_url()).status_code == 404
    assert api.get(reverse("api:poll_detail", args=[private_poll.pk])).status_code == 404
    assert api.get(reverse("api:poll_list", args=[private_poll.space.slug])).status_code == 404
    if viewer is not None:
        assert client.post(reverse("polls:vote", args=[private_poll.pk]), {"options": [option]}).status_code == 404
        assert client.post(reverse("polls:close", args=[private_poll.pk])).status_code == 404
        answer = api.put(
            reverse("api:poll_vote", args=[private_poll.pk]), {"options": [option]}, content_type="application/json"
        )
        assert answer.status_code == 404
    assert found_polls(viewer or AnonymousUser(), "local velos") == []
    search_page = client.get(reverse("search:search") + "?q=velos").content.decode()
    assert "Quand nettoyer" not in search_page
    search_api = api.get("/api/v1/search" + "?q=velos").content.decode()
    assert "Quand nettoyer" not in search_api


def test_members_are_told_of_a_new_poll_and_a_former_member_no_longer_sees_it(private_poll, inhabitant, neighbour):
    told = Notification.objects.get(recipient=neighbour, target_kind="poll")
    assert told.kind == "new_poll_in_my_group"
    assert Notification.objects.filter(target_kind="poll").count() == 1  # never its own author
    inbox = Notification.objects.inbox(neighbour).for_list()
    assert [n.target_url for n in inbox] == [private_poll.get_absolute_url()]
    assert private_poll.space.name in inbox[0].text
    space_leave(space=private_poll.space, user=neighbour)
    assert not Notification.objects.inbox(neighbour).exists()


def test_a_public_groups_poll_is_read_by_all_but_only_members_vote(client, public_poll, outsider):
    client.force_login(outsider)
    page = client.get(public_poll.get_absolute_url())
    assert page.status_code == 200
    option = public_poll.options.first().pk
    answer = client.post(reverse("polls:vote", args=[public_poll.pk]), {"options": [option]})
    assert answer.status_code == 302 and not public_poll.votes.exists()
    assert found_polls(AnonymousUser(), "fete voisins") == [public_poll.pk]
