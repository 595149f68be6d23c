"""Invitations by @handle, and declining one."""

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from parvis.core.permissions import can

from ..models import Membership, MembershipStatus, Role, Space, SpaceLogAction
from .acts import _administrator, _log
from .memberships import membership_approve, membership_set_role


def user_by_handle(handle: str):
    handle = (handle or "").strip().lstrip("@").strip()
    if not handle:
        raise ValidationError({"handle": _("Type the person's handle, for example @camille.")})
    user = get_user_model().objects.filter(handle__iexact=handle, is_active=True).first()
    if user is None:
        raise ValidationError({"handle": _("Nobody has the handle @%(handle)s.") % {"handle": handle}})
    return user


@transaction.atomic
def membership_invite(*, actor, space: Space, handle: str, role: str = Role.MEMBER) -> Membership:
    """Invite a person by their @handle. They see the invitation on the space's page and on their invitations page,
    and accept it by joining (`space_join`). Someone who had asked to join is simply let in. Only the owner invites
    someone as administrator (a class's teacher, named by the parent who opened it)."""
    _administrator(space=space, user=actor)
    if role not in (Role.ADMIN, Role.MEMBER):
        raise ValidationError({"role": _("Invite as administrator or member.")})
    if role == Role.ADMIN and not can(actor, "space.appoint_admin", space):
        raise PermissionDenied(_("Only the owner names administrators."))
    invitee = user_by_handle(handle)
    existing = Membership.objects.select_for_update().filter(space=space, user=invitee).first()
    if existing is not None:
        if existing.status == MembershipStatus.ACTIVE:
            raise ValidationError({"handle": _("@%(handle)s is already a member.") % {"handle": invitee.handle}})
        if existing.status == MembershipStatus.REQUESTED:
            existing = membership_approve(actor=actor, space=space, membership=existing)
            if role != Role.MEMBER:
                existing = membership_set_role(actor=actor, space=space, membership=existing, role=role)
            return existing
        if existing.role != role:  # already invited, now with another role
            existing.role = role
            existing.save(update_fields=["role"])
            _log(space=space, actor=actor, action=SpaceLogAction.ROLE_CHANGED, target_user=invitee, detail=role)
        return existing
    membership = Membership.objects.create(space=space, user=invitee, role=role, status=MembershipStatus.INVITED)
    _log(
        space=space,
        actor=actor,
        action=SpaceLogAction.INVITED,
        target_user=invitee,
        detail="" if role == Role.MEMBER else role,
    )
    return membership


@transaction.atomic
def invitation_decline(*, user, space: Space) -> None:
    membership = Membership.objects.select_for_update().filter(space=space, user=user).first()
    if membership is None or membership.status != MembershipStatus.INVITED:
        raise ValidationError(_("You have no invitation to this space."))
    _log(space=space, actor=user, action=SpaceLogAction.INVITATION_DECLINED, target_user=user)
    membership.delete()
