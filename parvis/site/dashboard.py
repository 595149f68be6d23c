"""Each inhabitant's dashboard (`/mon-espace/`): what waits for them first, then their commune's official news, their
events, their groups' news, their listings, their messages, and the blocks that content kinds add through the
registry (`core.kinds.DashboardBlock`: the news they received; the town hall counter's "my reports and requests" in
the `counter` slot). Every list starts from its kind's `visible_to(user)` and is cut short: a glance, with a link to
the whole list."""

from datetime import timedelta

from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.shortcuts import render
from django.utils import timezone

from parvis.agenda.models import Event, RsvpStatus
from parvis.core import kinds
from parvis.core.permissions import can
from parvis.messaging.models import Conversation
from parvis.neighbours.models import Listing
from parvis.posts.models import Post
from parvis.spaces.models import Membership, MembershipStatus, active_memberships, memberships_of

# How many items each block shows.
BLOCK_COUNT = 5
# "Events I attend in the next days": what needs attention soon.
SOON = timedelta(days=7)


def _blocks(user, slot: str) -> list[dict]:
    return [{"block": block, "items": block.items(user, BLOCK_COUNT)} for block in kinds.dashboard_blocks(slot)]


def _posts(user, **filters):
    return list(
        Post.objects.visible_to(user)
        .filter(**filters)
        .select_related("space__territory", "author", "as_organisation")
        .order_by("-created_at", "-pk")[:BLOCK_COUNT]
    )


@login_required
def dashboard(request):
    user = request.user
    now = timezone.now()
    memberships = memberships_of(user)
    active = active_memberships(user)
    administered = [m.space_id for m in active if can(user, "space.administer", m.space)]
    groups = [m.space_id for m in active if not m.space.is_official]
    going = Event.objects.visible_to(user).filter(rsvps__user=user, rsvps__status=RsvpStatus.GOING).for_list()
    events = list(going.upcoming().order_by("start", "pk")[: BLOCK_COUNT * 2])
    conversations = list(Conversation.objects.for_list(user)[:BLOCK_COUNT])
    for conversation in conversations:
        conversation.other_people = conversation.others(user)
    context = {
        "invitations": [m for m in memberships if m.status == MembershipStatus.INVITED][:BLOCK_COUNT],
        "requests_to_decide": list(
            Membership.objects.requested()
            .filter(space_id__in=administered)
            .values("space__slug", "space__name")
            .annotate(count=Count("pk"))
            .order_by("space__name")
        )
        if administered
        else [],
        "unread_conversations": [c for c in conversations if c.unread],
        "soon": [event for event in events if event.start < now + SOON],
        "attention_blocks": _blocks(user, "attention"),
        "counter_blocks": _blocks(user, "counter"),
        "official_posts": _posts(user, space__is_official=True, space__territory_id=user.home_commune_id)
        if user.home_commune_id
        else [],
        "events": events[:BLOCK_COUNT],
        "group_posts": _posts(user, space_id__in=groups) if groups else [],
        "listings": list(
            Listing.objects.visible_to(user).filter(author=user).order_by("-created_at", "-pk")[:BLOCK_COUNT]
        ),
        "conversations": conversations,
        "mine_blocks": _blocks(user, "mine"),
    }
    return render(request, "site/dashboard.html", context)
