"""Members and roles: requests, invitations by handle, role changes, ownership transfer, each act logged."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from parvis.core.audit import AuditEntry
from parvis.posts.services import post_create
from parvis.spaces.models import Membership, MembershipStatus, Role, Space, SpaceLogAction
from parvis.spaces.services.invitations import membership_invite
from parvis.spaces.services.memberships import (
    membership_approve,
    membership_remove,
    membership_set_role,
    space_join,
    space_leave,
    space_transfer_ownership,
)
from tests.factories import add_member, make_user


def _membership(space, user) -> Membership:
    return Membership.objects.get(space=space, user=user)


def test_request_then_approval_lets_the_member_read_the_content(client, spaces, inhabitant, outsider):
    space = spaces["members"]
    post_create(author=inhabitant, space=space, body="Réunion jeudi à la salle des fêtes")
    client.force_login(outsider)
    client.post(f"/espaces/{space.slug}/rejoindre/")
    assert "Réunion jeudi" not in client.get(space.get_absolute_url()).content.decode()
    request = _membership(space, outsider)
    assert request.status == MembershipStatus.REQUESTED

    client.force_login(inhabitant)
    members_page = client.get(f"/espaces/{space.slug}/membres/").content.decode()
    assert "Sacha" in members_page and "Requests to join" in members_page
    client.post(f"/espaces/{space.slug}/membres/{request.pk}/approuver/")
    assert _membership(space, outsider).status == MembershipStatus.ACTIVE
    assert AuditEntry.objects.filter(
        space_id=space.pk, verb=SpaceLogAction.REQUEST_APPROVED, kind="accounts.user", object_id=outsider.pk
    ).exists()

    client.force_login(outsider)
    assert "Réunion jeudi" in client.get(space.get_absolute_url()).content.decode()


def test_a_refused_request_is_gone_and_logged(client, spaces, inhabitant, outsider):
    space = spaces["members"]
    request = space_join(space=space, user=outsider)
    client.force_login(inhabitant)
    client.post(f"/espaces/{space.slug}/membres/{request.pk}/refuser/")
    assert not Membership.objects.filter(space=space, user=outsider).exists()
    assert AuditEntry.objects.filter(
        space_id=space.pk, verb=SpaceLogAction.REQUEST_REFUSED, kind="accounts.user", object_id=outsider.pk
    ).exists()
    assert space not in Space.objects.readable_by(outsider)


def test_invite_by_handle_then_accept(client, spaces, inhabitant, outsider):
    outsider.handle = "sacha"
    outsider.save()
    space = spaces["secret"]
    client.force_login(inhabitant)
    response = client.post(f"/espaces/{space.slug}/membres/inviter/", {"handle": "@Sacha"}, follow=True)
    assert "is invited" in response.content.decode()
    assert _membership(space, outsider).status == MembershipStatus.INVITED

    client.force_login(outsider)
    assert space.name in client.get("/espaces/invitations/").content.decode()
    page = client.get(space.get_absolute_url())  # the invited person sees the secret space to answer
    assert page.status_code == 200 and "Accept the invitation" in page.content.decode()
    assert space not in Space.objects.readable_by(outsider)
    client.post(f"/espaces/{space.slug}/rejoindre/")
    assert _membership(space, outsider).status == MembershipStatus.ACTIVE


def test_invite_and_decline(client, spaces, inhabitant, outsider):
    outsider.handle = "sacha"
    outsider.save()
    space = spaces["members"]
    membership_invite(actor=inhabitant, space=space, handle="sacha")
    client.force_login(outsider)
    client.post(f"/espaces/{space.slug}/decliner/")
    assert not Membership.objects.filter(space=space, user=outsider).exists()
    assert AuditEntry.objects.filter(space_id=space.pk, verb=SpaceLogAction.INVITATION_DECLINED).exists()


def test_inviting_an_unknown_handle_says_so(client, spaces, inhabitant):
    client.force_login(inhabitant)
    response = client.post(f"/espaces/{spaces['public'].slug}/membres/inviter/", {"handle": "personne"}, follow=True)
    assert "Nobody has the handle @personne." in response.content.decode()


def test_transfer_of_ownership(client, spaces, inhabitant, neighbour):
    space = spaces["public"]
    space_join(space=space, user=neighbour)
    client.force_login(inhabitant)
    client.post(f"/espaces/{space.slug}/membres/{_membership(space, neighbour).pk}/transferer/")
    assert _membership(space, neighbour).role == Role.OWNER
    assert _membership(space, inhabitant).role == Role.ADMIN
    assert AuditEntry.objects.filter(
        space_id=space.pk, actor=inhabitant, verb=SpaceLogAction.OWNERSHIP_TRANSFERRED, object_id=neighbour.pk
    ).exists()
    space_leave(space=space, user=inhabitant)  # the former owner may now leave
    assert Membership.objects.filter(space=space, role=Role.OWNER).count() == 1


def test_only_the_owner_transfers_and_only_to_a_member(spaces, inhabitant, neighbour, outsider):
    space = spaces["members"]
    request = space_join(space=space, user=outsider)
    with pytest.raises(ValidationError):
        space_transfer_ownership(actor=inhabitant, space=space, new_owner=request)
    membership_approve(actor=inhabitant, space=space, membership=request)
    with pytest.raises(PermissionDenied):
        space_transfer_ownership(actor=outsider, space=space, new_owner=_membership(space, inhabitant))


def test_an_admin_cannot_demote_or_remove_the_owner(client, spaces, inhabitant, neighbour):
    space = spaces["public"]
    membership_set_role(actor=inhabitant, space=space, membership=space_join(space=space, user=neighbour), role="admin")
    owner = _membership(space, inhabitant)
    with pytest.raises(PermissionDenied):
        membership_set_role(actor=neighbour, space=space, membership=owner, role=Role.MEMBER)
    with pytest.raises(PermissionDenied):
        membership_remove(actor=neighbour, space=space, membership=owner)
    client.force_login(neighbour)
    response = client.post(f"/espaces/{space.slug}/membres/{owner.pk}/role/", {"role": "member"}, follow=True)
    assert response.status_code == 200 and "Nobody changes the owner" in response.content.decode()
    assert _membership(space, inhabitant).role == Role.OWNER


def test_role_changes_are_logged_and_checked(spaces, inhabitant, neighbour, outsider):
    space = spaces["public"]
    admin = membership_set_role(
        actor=inhabitant, space=space, membership=space_join(space=space, user=neighbour), role=Role.ADMIN
    )
    assert AuditEntry.objects.get(verb=SpaceLogAction.ROLE_CHANGED, object_id=neighbour.pk).details == {
        "detail": "member → admin"
    }
    member = space_join(space=space, user=outsider)
    membership_set_role(actor=neighbour, space=space, membership=member, role=Role.MODERATOR)
    with pytest.raises(PermissionDenied):  # only the owner names administrators
        membership_set_role(actor=neighbour, space=space, membership=member, role=Role.ADMIN)
    with pytest.raises(PermissionDenied):  # a moderator manages nobody
        membership_set_role(actor=outsider, space=space, membership=admin, role=Role.MEMBER)
    with pytest.raises(ValidationError):
        membership_set_role(actor=inhabitant, space=space, membership=member, role=Role.OWNER)
    membership_remove(actor=neighbour, space=space, membership=member)
    assert not Membership.objects.filter(space=space, user=outsider).exists()


def test_a_membership_of_another_space_cannot_be_touched_through_this_one(
    client, spaces, inhabitant, outsider, beauvais
):
    other_owner = make_user("autre@example.org", home_commune=beauvais)
    from parvis.spaces.services.spaces import space_create

    other = space_create(creator=other_owner, name="Autre", nature="voisinage", territory=beauvais)
    client.force_login(inhabitant)
    target = _membership(other, other_owner)
    assert client.post(f"/espaces/{spaces['public'].slug}/membres/{target.pk}/retirer/").status_code == 404


@pytest.mark.parametrize("page", ["membres", "parametres"])
def test_a_non_admin_gets_403_and_a_secret_space_is_404_to_outsiders(client, spaces, outsider, page):
    space_join(space=spaces["public"], user=outsider)
    client.force_login(outsider)
    assert client.get(f"/espaces/{spaces['public'].slug}/{page}/").status_code == 403
    assert client.get(f"/espaces/{spaces['members'].slug}/{page}/").status_code == 403
    assert client.get(f"/espaces/{spaces['secret'].slug}/{page}/").status_code == 404
    client.logout()
    assert client.get(f"/espaces/{spaces['secret'].slug}/{page}/").status_code == 302


def test_member_actions_need_an_admin(client, spaces, inhabitant, outsider, neighbour):
    space = spaces["public"]
    space_join(space=space, user=outsider)
    client.force_login(neighbour)
    response = client.post(f"/espaces/{space.slug}/membres/{_membership(space, outsider).pk}/retirer/")
    assert response.status_code == 403
    assert Membership.objects.filter(space=space, user=outsider).exists()


@pytest.mark.parametrize("count", [1, 30])
def test_members_page_costs_the_same_queries_with_1_or_30_members(
    client, spaces, inhabitant, beauvais, count, django_assert_num_queries
):
    space = spaces["members"]
    for number in range(count - 1):
        add_member(space, make_user(f"m{number}@example.org", display_name=f"M{number}"))
    space_join(space=space, user=make_user("demande@example.org"))  # a request, on the page for the administrators
    client.force_login(inhabitant)
    client.get("/")  # warm the session and the site's caches
    # The same exact count for 1 and 30 members holds only if nothing is read per member.
    # 12 = the page's own reads plus the header's two badges (notifications, private messages), one query each,
    # and the menu's queues (parvis/site/queues.py): one for the roles and counts, one for where the request waits.
    with django_assert_num_queries(10):
        response = client.get(f"/espaces/{space.slug}/membres/")
    assert response.status_code == 200
    assert response.content.decode().count("<tr>") == count + 1  # the header row and one per member


def test_admin_links_on_the_space_page(client, spaces, inhabitant, outsider):
    client.force_login(inhabitant)
    page = client.get(spaces["public"].get_absolute_url()).content.decode()
    assert "Manage members" in page and "/parametres/" in page
    client.force_login(outsider)
    assert "Manage members" not in client.get(spaces["public"].get_absolute_url()).content.decode()
