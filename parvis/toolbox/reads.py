"""What the toolbox's pages and API read: the pinned posts of a group, its members by quartier, its events. Each
read goes through the visibility rule of what it shows."""

from django.db.models import Count

from parvis.agenda.models import Event
from parvis.posts.models import Post
from parvis.spaces.models import Membership, Space

from .models import GroupFile

# A quartier with fewer members than this is not named: its count joins "elsewhere", so that nobody learns that the
# one member of a small street belongs to the group.
MAP_THRESHOLD = 5


def pinned_posts(space: Space, user):
    """The group's pinned posts the viewer may read, the latest pinned first (at most three)."""
    return (
        Post.objects.visible_to(user)
        .filter(space=space, pin__space=space)
        .for_feed(user)
        .order_by("-pin__created_at", "-pk")
    )


def group_events(space: Space, user):
    """The group's events to come that the viewer may read, soonest first."""
    return Event.objects.visible_to(user).filter(space=space).upcoming().for_list().order_by("start", "pk")[:100]


def group_files(space: Space, user):
    return GroupFile.objects.visible_to(user).filter(space=space).for_list()


def members_by_quartier(space: Space) -> dict:
    """The group's active members counted by the quartier they gave, for quartiers of MAP_THRESHOLD members or more;
    the rest (smaller quartiers, no quartier given) in one count. Counts only: never a name."""
    rows = (
        Membership.objects.active()
        .filter(space=space)
        .values("user__quartier_id", "user__quartier__name")
        .annotate(count=Count("pk"))
        .order_by("-count", "user__quartier__name")
    )
    shown, elsewhere, total = [], 0, 0
    for row in rows:
        total += row["count"]
        if row["user__quartier_id"] is not None and row["count"] >= MAP_THRESHOLD:
            shown.append({"quartier": row["user__quartier__name"], "count": row["count"]})
        else:
            elsewhere += row["count"]
    return {"quartiers": shown, "elsewhere": elsewhere, "total": total, "threshold": MAP_THRESHOLD}
