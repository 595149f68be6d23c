"""The web TV through the API: channels, their videos, one video with its files' addresses and captions, and the
state of an upload for its uploader. The same visibility rule as the pages: an unlisted video is never in a list and
is read by its key alone; what one may not read is a 404. Files are fetched from the addresses given, which check the
rule again. Sending a video goes through the page's JSON protocol (`/tv/chaines/<id>/envoyer/`, then pieces by PUT
with Content-Range), which a script can use with an API token's session too."""

from datetime import datetime

from django.shortcuts import get_object_or_404
from ninja import Router, Schema

from parvis.core.api_auth import PUBLIC, SIGNED_IN
from parvis.core.permissions import can
from parvis.core.schemas import ErrorOut, column_text
from parvis.spaces.models import Space

from .models import Channel, Video

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


class VideoOut(Schema):
    id: int
    channel_id: int
    title: str
    description: str
    visibility: str
    duration: float | None
    renditions: list[int]
    published_at: datetime | None
    url: str
    hls_url: str
    mp4_url: str
    poster_url: str
    captions: list[CaptionOut]


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
    }


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
