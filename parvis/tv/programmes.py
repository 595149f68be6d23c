"""Programmes (series) and playlists of a channel: their making and the order of their videos, by the channel's
managers (`tv.manage`: the space's officers). A video joins only a programme or a playlist of its own channel, and
a programme at most once (it is an episode of one series); positions are renumbered 1, 2, 3… after each change, so
that "move up" and "move down" are always one step."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from parvis.accounts.models import User
from parvis.core.permissions import can
from parvis.core.text import clean_name

from .models import DESCRIPTION_LIMIT, TITLE_LIMIT, Channel, Episode, Playlist, PlaylistEntry, Programme, Video
from .services import _clean_text


def _check_manager(actor: User, channel: Channel) -> None:
    if not can(actor, "tv.manage", channel):
        raise PermissionDenied(
            _("Only the space's administrators can arrange this channel's programmes and playlists.")
        )


def _details(title: str, description: str) -> tuple[str, str]:
    title = _clean_text(
        clean_name(title or ""), field="title", limit=TITLE_LIMIT, required=True, missing=_("Give it a title.")
    )
    return title, _clean_text(description, field="description", limit=DESCRIPTION_LIMIT, required=False)


@transaction.atomic
def programme_create(*, actor: User, channel: Channel, title: str, description: str = "") -> Programme:
    _check_manager(actor, channel)
    title, description = _details(title, description)
    return Programme.objects.create(
        channel=channel, space_id=channel.space_id, title=title, description=description, created_by=actor
    )


@transaction.atomic
def playlist_create(*, actor: User, channel: Channel, title: str, description: str = "") -> Playlist:
    _check_manager(actor, channel)
    title, description = _details(title, description)
    return Playlist.objects.create(
        channel=channel, space_id=channel.space_id, title=title, description=description, created_by=actor
    )


def _entries(collection):
    if isinstance(collection, Programme):
        return Episode.objects.filter(programme=collection)
    return PlaylistEntry.objects.filter(playlist=collection)


def _lock(collection) -> None:
    # Two managers reordering at once: one after the other, so that positions stay 1, 2, 3…
    type(collection).objects.select_for_update().filter(pk=collection.pk).first()


def _renumber(collection) -> None:
    for position, entry in enumerate(_entries(collection).order_by("position", "pk"), start=1):
        if entry.position != position:
            type(entry).objects.filter(pk=entry.pk).update(position=position)


@transaction.atomic
def collection_add_video(*, actor: User, collection: Programme | Playlist, video: Video):
    """Add `video` at the end of a programme's episodes or of a playlist."""
    _check_manager(actor, collection.channel)
    if video.channel_id != collection.channel_id:
        raise ValidationError({"video": _("Choose a video of this channel.")})
    _lock(collection)
    entries = _entries(collection)
    position = (entries.order_by("-position").values_list("position", flat=True).first() or 0) + 1
    try:
        with transaction.atomic():
            if isinstance(collection, Programme):
                return Episode.objects.create(programme=collection, video=video, position=position)
            return PlaylistEntry.objects.create(playlist=collection, video=video, position=position)
    except IntegrityError:
        if isinstance(collection, Programme):
            raise ValidationError({"video": _("This video is already an episode of a programme.")}) from None
        raise ValidationError({"video": _("This video is already in the playlist.")}) from None


@transaction.atomic
def collection_move_video(*, actor: User, collection: Programme | Playlist, video: Video, offset: int) -> None:
    """Move `video` one place earlier (-1) or later (+1); at either end, nothing moves."""
    _check_manager(actor, collection.channel)
    if offset not in (-1, 1):
        raise ValidationError({"offset": _("Move a video one place up or down.")})
    _lock(collection)
    _renumber(collection)
    entries = list(_entries(collection).order_by("position", "pk"))
    index = next((i for i, entry in enumerate(entries) if entry.video_id == video.pk), None)
    if index is None:
        raise ValidationError({"video": _("This video is not in the list any more.")})
    other = index + offset
    if 0 <= other < len(entries):
        mine, theirs = entries[index], entries[other]
        type(mine).objects.filter(pk=mine.pk).update(position=theirs.position)
        type(theirs).objects.filter(pk=theirs.pk).update(position=mine.position)


@transaction.atomic
def collection_remove_video(*, actor: User, collection: Programme | Playlist, video: Video) -> None:
    """Take `video` out of the list (the video itself stays on the channel)."""
    _check_manager(actor, collection.channel)
    _lock(collection)
    _entries(collection).filter(video=video).delete()
    _renumber(collection)


@transaction.atomic
def collection_delete(*, actor: User, collection: Programme | Playlist) -> None:
    """Delete a programme or a playlist; its videos stay on the channel."""
    _check_manager(actor, collection.channel)
    type(collection).objects.filter(pk=collection.pk).delete()
