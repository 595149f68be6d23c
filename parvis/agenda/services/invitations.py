"""Invitations to an event: a person invites the members of one of their groups, or people they share a group with;
each invited person is told in the app and by e-mail and accepts (an answer "going", which an event asking
approval turns into a participation request) or declines.

Nobody is told of an event they may not read: a person outside a private group is left out silently (the inviter
learns only how many were invited), and the notification and the e-mail check again when they leave."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from parvis.accounts.models import User
from parvis.core import hooks
from parvis.core.ratelimit import rate_take
from parvis.spaces.models import Membership, Space

from ..models import Event, EventStatus, RsvpStatus
from ..participation import Invitation, InvitationStatus
from ..tasks import send_invitation
from .rsvps import rsvp_set

# At most this many people invited in one go (a large association invites its members group by group), and this
# many invitation rounds per person and hour: invitations are personal, not a mailing list.
MAX_INVITEES = 500
ROUNDS_PER_HOUR = 20


def _groups_shared(user):
    return Membership.objects.active().filter(user=user).values("space_id")


def invitable_people(*, inviter, event: Event):
    """The people `inviter` may invite to `event`: those sharing an active group with them, who may read the event,
    not invited yet, other than themselves. A QuerySet for the form's choices."""
    shared = Membership.objects.active().filter(space_id__in=_groups_shared(inviter)).values("user_id")
    already = Invitation.objects.filter(event=event).values("invitee_id")
    people = User.objects.filter(is_active=True, pk__in=shared).exclude(pk=inviter.pk).exclude(pk__in=already)
    return people.order_by("display_name", "pk")


def invitable_groups(*, inviter):
    """The groups whose members `inviter` may invite: those they are an active member of."""
    return Space.objects.filter(pk__in=_groups_shared(inviter)).order_by("name")


def _may_read_event(person, event: Event) -> bool:
    return Event.objects.visible_to(person).filter(pk=event.pk).exists()


@transaction.atomic
def event_invite(*, inviter, event: Event, group: Space | None = None, people=()) -> int:
    """Invite the members of `group` (one of the inviter's groups) and/or `people` (sharing a group with the
    inviter). Returns how many were newly invited; people who may not read the event, already invited or
    already going are skipped without a word (the count says it)."""
    if not _may_read_event(inviter, event):
        raise PermissionDenied(_("You cannot invite anyone to this event."))
    if event.status != EventStatus.PUBLISHED or (not event.rrule and event.end < timezone.now()):
        raise ValidationError(_("Only an event to come takes invitations."))
    candidates: dict[int, User] = {}
    if group is not None:
        if not Membership.objects.active().filter(space=group, user=inviter).exists():
            raise PermissionDenied(_("You can only invite the members of a group you belong to."))
        members = Membership.objects.active().filter(space=group).values("user_id")
        for person in User.objects.filter(is_active=True, pk__in=members)[: MAX_INVITEES + 1]:
            candidates[person.pk] = person
    chosen_ids = {getattr(person, "pk", person) for person in people} - {inviter.pk}
    if chosen_ids:
        shared = Membership.objects.active().filter(space_id__in=_groups_shared(inviter)).values("user_id")
        allowed = list(User.objects.filter(is_active=True, pk__in=chosen_ids).filter(pk__in=shared))
        if len(allowed) != len(chosen_ids):
            raise PermissionDenied(_("You can only invite people who share a group with you."))
        for person in allowed:
            candidates[person.pk] = person
    candidates.pop(inviter.pk, None)
    if not candidates:
        raise ValidationError(_("Choose a group or people to invite."))
    if len(candidates) > MAX_INVITEES:
        raise ValidationError(
            _("At most %(count)s people can be invited at once: invite a smaller group.") % {"count": MAX_INVITEES}
        )
    rate_take([(f"agenda_invite:{inviter.pk}", ROUNDS_PER_HOUR)], 60 * 60)
    answered = set(
        event.rsvps.filter(user_id__in=candidates, status__in=[RsvpStatus.GOING, RsvpStatus.WAITING]).values_list(
            "user_id", flat=True
        )
    )
    invited = Invitation.objects.filter(event=event, invitee_id__in=candidates)
    already = set(invited.values_list("invitee_id", flat=True))
    public = Event.objects.visible_to(None).filter(pk=event.pk).exists()
    new = [
        Invitation(event=event, invitee=person, invited_by=inviter)
        for pk, person in candidates.items()
        if pk not in answered and pk not in already and (public or _may_read_event(person, event))
    ]
    created = Invitation.objects.bulk_create(new, ignore_conflicts=True)
    ids = list(
        Invitation.objects.filter(event=event, invitee_id__in=[i.invitee_id for i in created], invited_by=inviter)
        .filter(status=InvitationStatus.PENDING)
        .values_list("pk", flat=True)
    )
    for invitation_id in ids:
        hooks.activity.send(kind="event_invitation", target_id=invitation_id)
        transaction.on_commit(lambda invitation_id=invitation_id: send_invitation.enqueue(invitation_id=invitation_id))
    return len(ids)


@transaction.atomic
def invitation_answer(*, user, invitation_id: int, accept: bool, answer: str = ""):
    """Accept (an answer "going", or a participation request when the event asks approval) or decline. Only the
    invited person, while they may read the event; answering again changes the answer."""
    invitation = Invitation.objects.visible_to(user).select_for_update().filter(pk=invitation_id).first()
    if invitation is None:
        raise Invitation.DoesNotExist
    event = Event.objects.get(pk=invitation.event_id)
    rsvp = None
    if accept:
        rsvp = rsvp_set(user=user, event=event, status=RsvpStatus.GOING, answer=answer)
    elif event.rsvps.filter(user=user, status__in=[RsvpStatus.GOING, RsvpStatus.WAITING, RsvpStatus.PENDING]).exists():
        rsvp = rsvp_set(user=user, event=event, status=RsvpStatus.NOT_GOING)
    invitation.status = InvitationStatus.ACCEPTED if accept else InvitationStatus.DECLINED
    invitation.answered_at = timezone.now()
    invitation.save(update_fields=["status", "answered_at"])
    return invitation, rsvp
