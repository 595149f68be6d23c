"""The one rule: a members-only or secret space's content is read by its members and nobody else."""

import pytest
from django.contrib.auth.models import AnonymousUser

from parvis.spaces.models import Space, Visibility
from parvis.spaces.services.memberships import space_join, space_leave

ANONYMOUS = AnonymousUser()


@pytest.mark.parametrize(
    ("visibility", "listed_for_outsider", "readable_by_outsider"),
    [(Visibility.PUBLIC, True, True), (Visibility.MEMBERS, True, False), (Visibility.SECRET, False, False)],
)
def test_visibility_rule_for_anonymous_outsider_and_member(
    spaces, inhabitant, outsider, visibility, listed_for_outsider, readable_by_outsider
):
    space = spaces[visibility]
    for viewer in (ANONYMOUS, outsider):
        assert (space in Space.objects.listed_for(viewer)) is listed_for_outsider
        assert (space in Space.objects.readable_by(viewer)) is readable_by_outsider
    assert space in Space.objects.listed_for(inhabitant)
    assert space in Space.objects.readable_by(inhabitant)


def test_staff_is_no_exception_to_the_rule(spaces, outsider):
    outsider.is_staff = True
    outsider.is_superuser = True
    outsider.save()
    assert spaces[Visibility.SECRET] not in Space.objects.listed_for(outsider)
    assert spaces[Visibility.MEMBERS] not in Space.objects.readable_by(outsider)


def test_a_pending_request_does_not_open_the_content(spaces, outsider):
    membership = space_join(space=spaces[Visibility.MEMBERS], user=outsider)
    assert membership.status == "requested"
    assert spaces[Visibility.MEMBERS] not in Space.objects.readable_by(outsider)


def test_a_former_member_reads_nothing_more(spaces, outsider):
    space = spaces[Visibility.MEMBERS]
    membership = space_join(space=space, user=outsider)
    membership.status = "active"
    membership.save()
    assert space in Space.objects.readable_by(outsider)
    space_leave(space=space, user=outsider)
    assert space not in Space.objects.readable_by(outsider)


def test_secret_space_page_is_a_404_for_outsiders_and_shown_to_members(client, spaces, outsider, inhabitant):
    url = spaces[Visibility.SECRET].get_absolute_url()
    assert client.get(url).status_code == 404
    client.force_login(outsider)
    assert client.get(url).status_code == 404
    client.force_login(inhabitant)
    response = client.get(url)
    assert response.status_code == 200
    assert "Groupe secret" in response.content.decode()


def test_members_only_space_page_shows_its_frame_but_not_its_members_to_outsiders(client, spaces, outsider):
    client.force_login(outsider)
    response = client.get(spaces[Visibility.MEMBERS].get_absolute_url())
    page = response.content.decode()
    assert response.status_code == 200
    assert "Groupe members" in page
    assert "Camille" not in page  # the owner's name is part of the members list


def test_spaces_list_never_shows_a_secret_space_to_outsiders(client, spaces, outsider, django_assert_max_num_queries):
    client.force_login(outsider)
    with django_assert_max_num_queries(8):
        page = client.get("/espaces/").content.decode()
    assert "Groupe public" in page
    assert "Groupe secret" not in page


def test_api_lists_follow_the_same_rule(client, spaces, outsider):
    names = {s["name"] for s in client.get("/api/v1/spaces/?limit=1000").json()["items"]}
    assert "Groupe public" in names and "Groupe members" in names and "Groupe secret" not in names
    assert client.get(f"/api/v1/spaces/{spaces[Visibility.SECRET].slug}").status_code == 404
