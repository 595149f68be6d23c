"""Replays: videos of the web TV linked to the event they show (a council session). The link is made by someone who
both organises the event (`event.edit`) and manages the video (`video.edit`: its uploader, the moderators and
officers of its space), so that nobody puts their video on another's event. An unlisted video is never linked: the
event's page would list what only its link should open."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from parvis.accounts.models import User
from parvis.core.permissions import can, is_person
from parvis.spaces.models import active_memberships
from parvis.tv.models import Video, Visibility

from ..models import Event, Replay

CANDIDATES = 200


@transaction.atomic
def replay_link(*, actor: User, event: Event, video: Video) -> Replay:
    if not can(actor, "event.edit", event):
        raise PermissionDenied(_("Only the event's organisers can link a replay to it."))
    # A video still being prepared may be linked already: the event's page shows it once it is ready.
    if not can(actor, "video.edit", video):
        raise PermissionDenied(_("Only the video's uploader or its channel's managers can link it to an event."))
    if video.visibility == Visibility.UNLISTED:
        raise ValidationError(
            {"video": _("An unlisted video cannot be shown on an event's page: make it public or members-only first.")}
        )
    try:
        with transaction.atomic():
            return Replay.objects.create(event=event, video=video, created_by=actor)
    except IntegrityError:
        raise ValidationError({"video": _("This video is already a replay of the event.")}) from None


@transaction.atomic
def replay_unlink(*, actor: User, event: Event, video_id: int) -> None:
    if not can(actor, "event.edit", event):
        raise PermissionDenied(_("Only the event's organisers can remove a replay from it."))
    Replay.objects.filter(event=event, video_id=video_id).delete()


def replays_for(user, event: Event) -> list[Video]:
    """The event's replays that `user` may watch (a members-only one for the space's members only), with their
    chapters: the points of the session's agenda, each a link to its moment in the video."""
    return list(
        Video.objects.visible_to(user)
        .listed()
        .filter(replay_of__event=event)
        .select_related("channel", "space__territory")
        .prefetch_related("chapters")
        .order_by("replay_of__created_at", "pk")[:20]
    )


def public_replays(event_ids) -> dict[int, list[Video]]:
    """The replays of these events that anybody may watch (a public, listed video of a public space), by event, in
    one query: what a calendar file may carry, since it leaves the site (subscribed, synced, forwarded)."""
    found: dict[int, list[Video]] = {}
    replays = (
        Replay.objects.filter(event_id__in=list(event_ids), video__in=Video.objects.public().listed().values("pk"))
        .select_related("video")
        .order_by("created_at", "pk")
    )
    for replay in replays:
        found.setdefault(replay.event_id, []).append(replay.video)
    return found


def replay_candidates(user, event: Event) -> list[Video]:
    """The listed videos `user` manages, in the spaces they belong to, newest first (those already linked left out)."""
    if not is_person(user):
        return []
    spaces = [membership.space_id for membership in active_memberships(user)]
    videos = (
        Video.objects.visible_to(user)
        .listed()
        .filter(space_id__in=spaces)
        .exclude(replay_of__event=event)
        .select_related("channel", "space")
        .order_by("-published_at", "-pk")[:CANDIDATES]
    )
    return [video for video in videos if can(user, "video.edit", video)]


def events_of_replay(user, video: Video) -> list[Event]:
    """The events `video` is a replay of that `user` may read (for the player page's link back)."""
    return list(Event.objects.visible_to(user).filter(replays__video=video).order_by("start", "pk")[:10])
