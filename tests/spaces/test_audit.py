"""Each act of authority on a space or its members writes one audit entry: who, what, on what, in which space, why."""

import pytest
from django.core.exceptions import ValidationError

from parvis.core.audit import AuditEntry
from parvis.spaces.models import Membership, MembershipStatus, OrganisationKind, Role, SpaceLogAction
from parvis.spaces.services.invitations import invitation_decline, membership_invite
from parvis.spaces.services.memberships import (
    membership_approve,
    membership_refuse,
    membership_remove,
    membership_set_role,
    space_join,
    space_transfer_ownership,
)
from parvis.spaces.services.organisations import organisation_request, organisation_unverify, organisation_verify
from parvis.spaces.services.spaces import space_update
from tests.factories import only_entry

PERSON = "accounts.user"
SPACE = "spaces.space"


def assert_entry(entry, *, actor, verb, kind, object_id, space, reason=""):
    assert (entry.actor, entry.verb, entry.kind, entry.object_id, entry.space_id, entry.reason) == (
        actor,
        verb,
        kind,
        object_id,
        space.pk,
        reason,
    )


@pytest.fixture
def member(spaces, outsider):
    space = spaces["public"]
    return space_join(space=space, user=outsider)


def test_creating_a_group_is_audited(spaces, inhabitant):
    entry = AuditEntry.objects.get(verb=SpaceLogAction.CREATED, space_id=spaces["secret"].pk)
    assert_entry(
        entry, actor=inhabitant, verb="created", kind=SPACE, object_id=spaces["secret"].pk, space=spaces["secret"]
    )


def test_approving_a_request_is_audited(spaces, inhabitant, outsider):
    space = spaces["members"]
    membership_approve(actor=inhabitant, space=space, membership=space_join(space=space, user=outsider))
    entry = only_entry(SpaceLogAction.REQUEST_APPROVED)
    assert_entry(entry, actor=inhabitant, verb="request_approved", kind=PERSON, object_id=outsider.pk, space=space)
    assert entry.target_label == "Sacha"


def test_refusing_a_request_is_audited_with_its_reason(spaces, inhabitant, outsider):
    space = spaces["members"]
    request = space_join(space=space, user=outsider)
    membership_refuse(actor=inhabitant, space=space, membership=request, reason="Groupe réservé au quartier")
    assert_entry(
        only_entry(SpaceLogAction.REQUEST_REFUSED),
        actor=inhabitant,
        verb="request_refused",
        kind=PERSON,
        object_id=outsider.pk,
        space=space,
        reason="Groupe réservé au quartier",
    )


def test_inviting_and_declining_are_audited(spaces, inhabitant, outsider):
    outsider.handle = "sacha"
    outsider.save()
    space = spaces["secret"]
    membership_invite(actor=inhabitant, space=space, handle="@sacha")
    assert_entry(
        only_entry(SpaceLogAction.INVITED),
        actor=inhabitant,
        verb="invited",
        kind=PERSON,
        object_id=outsider.pk,
        space=space,
    )
    invitation_decline(user=outsider, space=space)
    assert_entry(
        only_entry(SpaceLogAction.INVITATION_DECLINED),
        actor=outsider,
        verb="invitation_declined",
        kind=PERSON,
        object_id=outsider.pk,
        space=space,
    )


def test_changing_a_role_is_audited_with_before_and_after(spaces, inhabitant, outsider, member):
    membership_set_role(
        actor=inhabitant, space=spaces["public"], membership=member, role=Role.MODERATOR, reason="Aide à l'animation"
    )
    entry = only_entry(SpaceLogAction.ROLE_CHANGED)
    assert_entry(
        entry,
        actor=inhabitant,
        verb="role_changed",
        kind=PERSON,
        object_id=outsider.pk,
        space=spaces["public"],
        reason="Aide à l'animation",
    )
    assert entry.details == {"detail": "member → moderator"}


def test_removing_a_member_is_audited_with_its_reason(spaces, inhabitant, outsider, member):
    membership_remove(actor=inhabitant, space=spaces["public"], membership=member, reason="Insultes répétées")
    assert_entry(
        only_entry(SpaceLogAction.MEMBER_REMOVED),
        actor=inhabitant,
        verb="member_removed",
        kind=PERSON,
        object_id=outsider.pk,
        space=spaces["public"],
        reason="Insultes répétées",
    )


def test_handing_the_space_over_is_audited(spaces, inhabitant, outsider, member):
    space_transfer_ownership(actor=inhabitant, space=spaces["public"], new_owner=member)
    assert_entry(
        only_entry(SpaceLogAction.OWNERSHIP_TRANSFERRED),
        actor=inhabitant,
        verb="ownership_transferred",
        kind=PERSON,
        object_id=outsider.pk,
        space=spaces["public"],
    )
    assert Membership.objects.get(space=spaces["public"], user=outsider).role == Role.OWNER


def test_changing_the_settings_is_audited_with_the_fields(spaces, inhabitant):
    space = spaces["public"]
    space_update(
        actor=inhabitant,
        space=space,
        name="Jardins partagés",
        description=space.description,
        visibility=space.visibility,
        join_policy=space.join_policy,
    )
    entry = only_entry(SpaceLogAction.SETTINGS_CHANGED)
    assert_entry(entry, actor=inhabitant, verb="settings_changed", kind=SPACE, object_id=space.pk, space=space)
    assert entry.details == {"detail": "name"}


def test_verifying_and_unverifying_an_organisation_are_audited(inhabitant, operator, beauvais):
    page = organisation_request(
        requester=inhabitant,
        name="Amis du Lavoir",
        kind=OrganisationKind.ASSOCIATION,
        commune=beauvais,
        rna="W601234567",
    )
    assert_entry(
        only_entry(SpaceLogAction.ORGANISATION_REQUESTED),
        actor=inhabitant,
        verb="organisation_requested",
        kind=SPACE,
        object_id=page.pk,
        space=page,
    )
    organisation_verify(operator=operator, space=page, reason="Statuts reçus")
    assert_entry(
        only_entry(SpaceLogAction.VERIFIED),
        actor=operator,
        verb="verified",
        kind=SPACE,
        object_id=page.pk,
        space=page,
        reason="Statuts reçus",
    )
    organisation_unverify(operator=operator, space=page, reason="Association dissoute")
    assert_entry(
        only_entry(SpaceLogAction.UNVERIFIED),
        actor=operator,
        verb="unverified",
        kind=SPACE,
        object_id=page.pk,
        space=page,
        reason="Association dissoute",
    )


def test_an_act_that_fails_leaves_no_entry(spaces, inhabitant, outsider, member):
    # The owner cannot change their own role: refused, and nothing is written.
    mine = Membership.objects.get(space=spaces["public"], user=inhabitant)
    with pytest.raises(ValidationError):
        membership_set_role(actor=inhabitant, space=spaces["public"], membership=mine, role=Role.MEMBER)
    assert not AuditEntry.objects.filter(verb=SpaceLogAction.ROLE_CHANGED).exists()
    assert member.status == MembershipStatus.ACTIVE
