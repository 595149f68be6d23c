"""The web TV through the API: channels, their videos, one video with its files' addresses and captions, and the
state of an upload for its uploader. The same visibility rule as the pages: an unlisted video is never in a list and
is read by its key alone; what one may not read is a 404. Files are fetched from the addresses given, which check the
rule again. Sending a video goes through the page's JSON protocol (`/tv/chaines/<id>/envoyer/`, then pieces by PUT
with Content-Range), which a script can use with an API token's session too."""

from datetime import datetime

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Router, Schema

from parvis.core.api_auth import PUBLIC, SIGNED_IN
from parvis.core.permissions import can
from parvis.core.schemas import ErrorOut, column_text
from parvis.spaces.models import Space
from parvis.territories.models import Level, Territory

from . import services
from .models import Channel, Playlist, Programme, Video

router = Router(tags=["tv"])


class ChannelOut(Schema):
    id: int
    name: str
    description: str
    space_slug: str
    space_name: str
    space_nature: str
    url: str


class CaptionOut(Schema):
    language: str
    label: str
    url: str


class ChapterOut(Schema):
    start: int
    title: str
    point: str


class VideoOut(Schema):
    id: int
    channel_id: int
    title: str
    description: str
    visibility: str
    theme: str
    # The INSEE code of the commune the video shows, when it is not its space's.
    commune_code: str | None
    duration: float | None
    renditions: list[int]
    published_at: datetime | None
    url: str
    hls_url: str
    mp4_url: str
    poster_url: str
    captions: list[CaptionOut]
    chapters: list[ChapterOut]
    chapters_url: str


class CollectionOut(Schema):
    id: int
    channel_id: int
    title: str
    description: str
    url: str
    video_count: int


class CollectionDetailOut(CollectionOut):
    videos: list[VideoOut]


class VideoPatch(Schema):
    """Only the fields given change. `theme`: one of the TV's themes, or "" for none; `commune_code`: an INSEE code,
    or "" for the commune of the video's space."""

    title: column_text(Video, "title") | None = None
    description: column_text(Video, "description") | None = None
    theme: column_text(Video, "theme") | None = None
    commune_code: column_text(Territory, "code") | None = None


class UploadStateOut(Schema):
    id: int
    state: str
    progress: int
    failure: str
    received: int
    total: int


def _channel(channel: Channel) -> dict:
    return {
        "id": channel.pk,
        "name": channel.name,
        "description": channel.description,
        "space_slug": channel.space.slug,
        "space_name": channel.space.name,
        "space_nature": channel.space.nature,
        "url": channel.get_absolute_url(),
    }


def _video(video: Video) -> dict:
    return {
        "id": video.pk,
        "channel_id": video.channel_id,
        "title": video.title,
        "description": video.description,
        "visibility": video.visibility,
        "theme": video.theme,
        "commune_code": video.commune.code if video.commune_id else None,
        "duration": video.duration,
        "renditions": video.renditions,
        "published_at": video.published_at,
        "url": video.get_absolute_url(),
        "hls_url": video.master_url,
        "mp4_url": video.mp4_url,
        "poster_url": video.poster_url,
        "captions": [
            {"language": caption.language, "label": caption.label, "url": caption.url}
            for caption in video.captions.all()
        ],
        "chapters": [
            {"start": chapter.start, "title": chapter.title, "point": chapter.point} for chapter in video.chapters.all()
        ],
        "chapters_url": video.chapters_url,
    }


def _collection(collection, *, count: int) -> dict:
    return {
        "id": collection.pk,
        "channel_id": collection.channel_id,
        "title": collection.title,
        "description": collection.description,
        "url": collection.get_absolute_url(),
        "video_count": count,
    }


# A programme's episodes and a playlist's videos: those the reader may watch and that are listed, in their order.
COLLECTIONS = {"programmes": (Programme, "episodes", "in_programme"), "playlists": (Playlist, "entries", "in_playlist")}


def _collections(request, channel_id: int, kind: str):
    model, through, _order = COLLECTIONS[kind]
    channel = get_object_or_404(Channel.objects.visible_to(request.auth), pk=channel_id)
    rows = model.objects.visible_to(request.auth).filter(channel=channel).with_counts(request.auth, through=through)
    return [_collection(row, count=row.video_count) for row in rows.order_by("title", "pk")[:100]]


def _collection_detail(request, pk: int, kind: str):
    model, _through, order = COLLECTIONS[kind]
    collection = get_object_or_404(model.objects.visible_to(request.auth), pk=pk)
    videos = getattr(Video.objects.visible_to(request.auth).listed().for_page(), order)(collection)[:200]
    videos = [_video(video) for video in videos]
    return {**_collection(collection, count=len(videos)), "videos": videos}


@router.get(
    "/channels/{channel_id}/programmes",
    response={200: list[CollectionOut], 404: ErrorOut},
    auth=PUBLIC,
    summary="The programmes (series) of a channel",
)
def channel_programmes(request, channel_id: int):
    return _collections(request, channel_id, "programmes")


@router.get(
    "/channels/{channel_id}/playlists",
    response={200: list[CollectionOut], 404: ErrorOut},
    auth=PUBLIC,
    summary="The playlists of a channel",
)
def channel_playlists(request, channel_id: int):
    return _collections(request, channel_id, "playlists")


@router.get(
    "/programmes/{programme_id}",
    response={200: CollectionDetailOut, 404: ErrorOut},
    auth=PUBLIC,
    summary="A programme and its episodes in order",
)
def programme_detail(request, programme_id: int):
    return _collection_detail(request, programme_id, "programmes")


@router.get(
    "/playlists/{playlist_id}",
    response={200: CollectionDetailOut, 404: ErrorOut},
    auth=PUBLIC,
    summary="A playlist and its videos in order",
)
def playlist_detail(request, playlist_id: int):
    return _collection_detail(request, playlist_id, "playlists")


@router.get("/channels", response={200: list[ChannelOut], 404: ErrorOut}, auth=PUBLIC, summary="Channels")
def channel_list(request, space: column_text(Space, "slug") | None = None):
    channels = Channel.objects.visible_to(request.auth).for_list()
    if space:
        channels = channels.filter(space=get_object_or_404(Space.objects.readable_by(request.auth), slug=space))
    return [_channel(channel) for channel in channels[:100]]


@router.get(
    "/channels/{channel_id}/videos",
    response={200: list[VideoOut], 404: ErrorOut},
    auth=PUBLIC,
    summary="The videos of a channel, newest first",
)
def channel_videos(request, channel_id: int):
    channel = get_object_or_404(Channel.objects.visible_to(request.auth), pk=channel_id)
    videos = Video.objects.visible_to(request.auth).listed().filter(channel=channel).for_page()
    return [_video(video) for video in videos.order_by("-published_at", "-pk")[:50]]


@router.get("/videos/{video_id}", response={200: VideoOut, 404: ErrorOut}, auth=PUBLIC, summary="One video")
def video_detail(request, video_id: int, key: str = ""):
    """An unlisted video answers only with its `key` (the one of its link)."""
    video = get_object_or_404(Video.objects.visible_to(request.auth).for_page(), pk=video_id)
    if video.visibility == "unlisted" and key != video.key:
        return 404, {"detail": "Not Found"}
    return _video(video)


@router.get(
    "/videos/{video_id}/upload",
    response={200: UploadStateOut, 404: ErrorOut},
    auth=SIGNED_IN,
    summary="The state of a video being sent or prepared (its uploader and the space's moderators)",
)
def video_upload_state(request, video_id: int):
    video = get_object_or_404(Video.objects.in_readable_spaces(request.auth), pk=video_id)
    if not can(request.auth, "video.edit", video):
        return 404, {"detail": "Not Found"}
    return {
        "id": video.pk,
        "state": video.state,
        "progress": video.progress,
        "failure": video.failure,
        "received": video.upload_received,
        "total": video.upload_total,
    }


@router.patch(
    "/videos/{video_id}",
    response={200: VideoOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    auth=SIGNED_IN,
    summary="Correct a video's title, description, theme or commune (its uploader and the channel's managers)",
)
def video_update(request, video_id: int, payload: VideoPatch):
    video = get_object_or_404(Video.objects.in_readable_spaces(request.auth).select_related("commune"), pk=video_id)
    if not can(request.auth, "video.edit", video):
        return 404, {"detail": "Not Found"}
    commune = video.commune
    if payload.commune_code is not None:
        commune = None
        if payload.commune_code.strip():
            commune = Territory.objects.filter(level=Level.COMMUNE, code=payload.commune_code.strip()).first()
            if commune is None:
                raise ValidationError({"commune_code": _("No commune has this INSEE code.")})
    services.video_edit(
        actor=request.auth,
        video=video,
        title=video.title if payload.title is None else payload.title,
        description=video.description if payload.description is None else payload.description,
        theme=video.theme if payload.theme is None else payload.theme,
        commune=commune,
    )
    return _video(Video.objects.for_page().get(pk=video.pk))
