"""Whom a person may write to, as a QuerySet: the new-message form proposes them by name, and a profile shows
"Write a message" only for them. The same rule as `services.may_start_with` and the blocks (the module docstring of
services.py), read for many people at once; `conversation_start` still checks each recipient when sending."""

from django.db.models import Q, QuerySet

from parvis.accounts.models import User
from parvis.spaces.models import Membership

from .models import Block, MessagingPreference, Participant, WhoMayWrite

# Suggestions shown for one search: enough to find a namesake, few enough to read on a phone.
SUGGESTIONS = 8
QUERY_LIMIT = 80


def writable_by(initiator) -> QuerySet:
    """People the initiator may start a conversation with *and* whose profile the initiator may open: someone who
    would accept the message but hides their profile is not proposed (the list would reveal that they exist)."""
    if initiator is None or not initiator.is_authenticated:
        return User.objects.none()
    talk_with = Participant.objects.filter(
        conversation__in=Participant.objects.filter(user=initiator).values("conversation_id")
    ).values("user_id")
    my_groups = Membership.objects.active().filter(user=initiator, space__is_official=False).values("space_id")
    group_mates = Membership.objects.active().filter(space_id__in=my_groups).values("user_id")
    # No preference row means the default, "people who share a group with me".
    not_default = MessagingPreference.objects.exclude(who_may_write=WhoMayWrite.CONTACTS).values("user_id")
    anyone = MessagingPreference.objects.filter(who_may_write=WhoMayWrite.ANYONE).values("user_id")
    accepting = Q(pk__in=talk_with) | Q(pk__in=anyone) | (Q(pk__in=group_mates) & ~Q(pk__in=not_default))
    visible = User.objects.profile_visible_to(initiator).values("pk")
    return (
        User.objects.filter(accepting, is_active=True, pk__in=visible)
        .exclude(pk=initiator.pk)
        .exclude(pk__in=Block.objects.filter(blocker=initiator).values("blocked_id"))
        .exclude(pk__in=Block.objects.filter(blocked=initiator).values("blocker_id"))
    )


def search(initiator, query: str) -> list[User]:
    """Those people whose name contains the words typed (or whose handle starts with them), by name."""
    query = " ".join((query or "").split())[:QUERY_LIMIT]
    handle = query.lstrip("@")
    if len(handle) < 2:
        return []
    matching = Q(display_name__icontains=query) | Q(handle__istartswith=handle)
    return list(
        writable_by(initiator)
        .filter(matching)
        .order_by("display_name", "pk")
        .only("pk", "display_name", "handle", "avatar")[:SUGGESTIONS]
    )


def may_write_to(initiator, person) -> bool:
    return writable_by(initiator).filter(pk=person.pk).exists()
