import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from parvis.spaces.models import JoinPolicy, MembershipStatus, Nature, Role
from parvis.spaces.services.memberships import space_join, space_leave
from parvis.spaces.services.spaces import space_create


def test_creator_owns_the_space(spaces, inhabitant):
    membership = spaces["public"].memberships.get(user=inhabitant)
    assert membership.role == Role.OWNER
    assert membership.status == MembershipStatus.ACTIVE


def test_joining_an_open_space_is_immediate_and_idempotent(spaces, outsider):
    first = space_join(space=spaces["public"], user=outsider)
    second = space_join(space=spaces["public"], user=outsider)
    assert first.pk == second.pk
    assert first.status == MembershipStatus.ACTIVE


def test_joining_a_space_on_request_waits_for_an_administrator(spaces, outsider):
    assert space_join(space=spaces["members"], user=outsider).status == MembershipStatus.REQUESTED


def test_an_invitation_only_space_refuses_a_direct_join(inhabitant, outsider, beauvais):
    space = space_create(
        creator=inhabitant,
        name="Sur invitation",
        nature=Nature.VOISINAGE,
        territory=beauvais,
        join_policy=JoinPolicy.INVITATION,
    )
    with pytest.raises(PermissionDenied):
        space_join(space=space, user=outsider)


def test_the_owner_cannot_leave_without_handing_over(spaces, inhabitant):
    with pytest.raises(ValidationError):
        space_leave(space=spaces["public"], user=inhabitant)
    assert spaces["public"].memberships.filter(user=inhabitant).exists()


def test_inhabitants_cannot_create_institutional_spaces(inhabitant, beauvais):
    with pytest.raises(PermissionDenied):
        space_create(creator=inhabitant, name="Fausse mairie", nature=Nature.INSTITUTIONNEL, territory=beauvais)


def test_join_and_leave_through_the_pages(client, spaces, outsider):
    client.force_login(outsider)
    space = spaces["public"]
    response = client.post(f"/espaces/{space.slug}/rejoindre/", follow=True)
    assert response.status_code == 200
    assert space.memberships.filter(user=outsider, status="active").exists()
    client.post(f"/espaces/{space.slug}/quitter/")
    assert not space.memberships.filter(user=outsider).exists()


def test_join_needs_a_signed_in_person_and_a_post(client, spaces):
    url = f"/espaces/{spaces['public'].slug}/rejoindre/"
    assert client.post(url).status_code == 302  # to the sign-in page
    assert client.get(url).status_code in (302, 405)
