"""Every write of the web TV: opening a channel, receiving a video in pieces, checking it, handing it to the
transcoder, captions, moderation's hide and restore. Pages, the API, the demo and the tests call these.

Receiving: `video_start` records what is coming (title, visibility, announced size, checked against the channel's
limit), then `video_receive` appends each piece sent with `Content-Range: bytes start-end/total` to a file of the
local work folder. A piece must start where the received bytes end: after a lost connection the client asks
`received` and goes on from there (a piece sent twice, or out of order, is refused with that number). The last piece
completes the file, which is then checked by its content (ffmpeg reads it: a text file named .mp4 is not a video),
against the channel's duration limit, and queued for `tasks.video_transcode`. A file refused fails the video with
the reason said to the uploader, and deletes the received bytes: nothing else is touched.
"""

import shutil
import uuid
from pathlib import Path

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from parvis.accounts.models import User
from parvis.core import hooks
from parvis.core.audit import audit
from parvis.core.files import atomic_with_files, file_delete_on_commit, file_save
from parvis.core.permissions import can
from parvis.core.ratelimit import check_rate
from parvis.core.text import clean_name
from parvis.spaces.models import Space
from parvis.territories.models import Level, Territory

from . import captions as vtt
from . import ffmpeg
from .models import (
    DESCRIPTION_LIMIT,
    NAME_LIMIT,
    REASON_LIMIT,
    TITLE_LIMIT,
    Caption,
    Channel,
    ChannelVerb,
    State,
    Theme,
    Video,
    Visibility,
)
from .storage import delete_outputs


def work_folder(video: Video) -> Path:
    return Path(settings.PARVIS_TV_WORK_DIR) / str(video.pk)


def upload_path(video: Video) -> Path:
    return work_folder(video) / "source"


def _clean_text(value: str, *, field: str, limit: int, required: bool, missing: str = "") -> str:
    value = (value or "").replace("\x00", "").strip()
    if required and not value:
        raise ValidationError({field: missing})
    if len(value) > limit:
        raise ValidationError(
            {field: _("Too long (%(length)s characters; at most %(limit)s).") % {"length": len(value), "limit": limit}}
        )
    return value


def _megabytes(size: int) -> str:
    return f"{size / 1_000_000:.0f}" if size >= 10_000_000 else f"{size / 1_000_000:.1f}"


@transaction.atomic
def channel_create(
    *, actor: User, space: Space, name: str, description: str = "", members_may_publish: bool = False
) -> Channel:
    if not can(actor, "tv.channel_create", space):
        raise PermissionDenied(_("Only the space's administrators can open a channel."))
    name = _clean_text(
        clean_name(name or ""), field="name", limit=NAME_LIMIT, required=True, missing=_("Name the channel.")
    )
    description = _clean_text(description, field="description", limit=DESCRIPTION_LIMIT, required=False)
    return Channel.objects.create(
        space=space,
        name=name,
        description=description,
        created_by=actor,
        members_may_publish=bool(members_may_publish),
    )


@transaction.atomic
def channel_open_to_members(*, actor: User, channel: Channel, open_to_members: bool) -> Channel:
    """Let the space's members send videos to the channel, or stop it (the videos they sent stay, theirs to edit or
    delete; the moderators keep their say on them). Written in the space's audit log: who opened the channel."""
    if not can(actor, "tv.manage", channel):
        raise PermissionDenied(_("Only the space's administrators can choose who sends videos to this channel."))
    open_to_members = bool(open_to_members)
    if channel.members_may_publish != open_to_members:
        Channel.objects.filter(pk=channel.pk).update(members_may_publish=open_to_members)
        channel.members_may_publish = open_to_members
        audit(
            actor=actor,
            verb=ChannelVerb.OPENED if open_to_members else ChannelVerb.CLOSED,
            target=channel,
        )
    return channel


@transaction.atomic
def video_start(
    *, author: User, channel: Channel, title: str, description: str = "", visibility: str, size: int, theme: str = ""
) -> Video:
    """A video announced by its uploader, waiting for its `size` bytes."""
    if not can(author, "tv.publish", channel):
        raise PermissionDenied(
            _("Only the space's administrators, or its members if they allow it, can publish on this channel.")
        )
    check_rate(f"video:{author.pk}", 20, 60 * 60)
    title = _clean_text(
        clean_name(title or ""), field="title", limit=TITLE_LIMIT, required=True, missing=_("Give the video a title.")
    )
    description = _clean_text(description, field="description", limit=DESCRIPTION_LIMIT, required=False)
    if visibility not in Visibility.values:
        raise ValidationError({"visibility": _("Choose who may watch the video.")})
    if theme and theme not in Theme.values:
        raise ValidationError({"theme": _("Choose one of the themes of the list, or none.")})
    _check_size(channel, size)
    return Video.objects.create(
        channel=channel,
        space_id=channel.space_id,
        author=author,
        title=title,
        description=description,
        visibility=visibility,
        theme=theme,
        upload_total=size,
    )


def _check_size(channel: Channel, size: int) -> None:
    if size <= 0:
        raise ValidationError({"file": _("The file is empty: choose the video file again.")})
    if size > channel.byte_limit:
        raise ValidationError(
            {
                "file": _("The file is too large (%(size)s MB); this channel takes at most %(limit)s MB.")
                % {"size": _megabytes(size), "limit": _megabytes(channel.byte_limit)}
            }
        )


class OutOfStep(ValidationError):
    """A piece that does not start where the received bytes end: the client goes on from `received`."""

    def __init__(self, message: str, received: int):
        super().__init__({"file": message})
        self.received = received


def video_receive(*, actor: User, video: Video, start: int, total: int, chunk) -> Video:
    """Append one piece (`chunk`: a file-like object or bytes) starting at byte `start` of a file of `total` bytes.
    Held under the video's row lock, so that two pieces sent at once cannot both be appended."""
    data = chunk if isinstance(chunk, bytes) else chunk.read()
    with transaction.atomic():
        video = Video.objects.select_for_update().get(pk=video.pk)
        if video.author_id != actor.pk:
            raise PermissionDenied(_("Only the person who started this upload can continue it."))
        if video.state != State.UPLOADING:
            raise ValidationError({"file": _("This video is already received: there is nothing more to send.")})
        if total != video.upload_total:
            raise ValidationError(
                {
                    "file": _("This piece belongs to another file (%(total)s bytes, not %(expected)s).")
                    % {"total": total, "expected": video.upload_total}
                }
            )
        if start != video.upload_received:
            raise OutOfStep(
                _("The upload goes on from byte %(received)s.") % {"received": video.upload_received},
                video.upload_received,
            )
        if not data or start + len(data) > total:
            raise OutOfStep(_("This piece does not fit in the file."), video.upload_received)
        path = upload_path(video)
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "ab") as handle:
            # A file longer than what was counted (a crash between a write and the commit) is cut back first.
            handle.truncate(video.upload_received)
            handle.write(data)
        video.upload_received = start + len(data)
        Video.objects.filter(pk=video.pk).update(upload_received=video.upload_received)
    if video.upload_received == video.upload_total:
        video = video_upload_complete(video=video)
    return video


def video_receive_whole(*, actor: User, video: Video, upload) -> Video:
    """The page without JavaScript: the file came whole in the form."""
    if upload.size != video.upload_total:
        raise ValidationError({"file": _("The file was not received whole: send it again.")})
    path = upload_path(video)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "wb") as handle:
        for piece in upload.chunks():
            handle.write(piece)
    Video.objects.filter(pk=video.pk, state=State.UPLOADING).update(upload_received=video.upload_total)
    video.upload_received = video.upload_total
    return video_upload_complete(video=video)


def video_upload_complete(*, video: Video) -> Video:
    """Check the received file by its content and its duration, then queue the transcoding (after commit)."""
    path = upload_path(video)
    size = path.stat().st_size if path.exists() else 0
    if size != video.upload_total:
        return _fail(
            video,
            _("The file was not received whole (%(size)s of %(total)s bytes): send it again.")
            % {"size": size, "total": video.upload_total},
        )
    try:
        probe = ffmpeg.probe(path)
    except ffmpeg.ProbeError:
        return _fail(
            video,
            _("This file is not a video we can read (or it is incomplete). Send an MP4, MOV, WebM, MKV or AVI file."),
        )
    if probe.duration > video.channel.second_limit:
        return _fail(
            video,
            _("The video lasts %(duration)s seconds; this channel takes videos of at most %(limit)s seconds.")
            % {"duration": round(probe.duration), "limit": video.channel.second_limit},
        )
    with transaction.atomic():
        updated = Video.objects.filter(pk=video.pk, state=State.UPLOADING).update(
            state=State.QUEUED, duration=probe.duration, width=probe.width, height=probe.height, progress=0
        )
        if updated:
            transaction.on_commit(lambda: _enqueue(video.pk))
    video.refresh_from_db()
    return video


def _enqueue(video_id: int) -> None:
    from .tasks import video_transcode  # the task calls these services: imported when first needed

    video_transcode.enqueue(video_id=video_id)


class Refused(ValidationError):
    """The received file was refused; the video failed with this reason, which the uploader reads."""


def _fail(video: Video, reason: str) -> Video:
    Video.objects.filter(pk=video.pk).update(state=State.FAILED, failure=reason[:REASON_LIMIT], progress=0)
    shutil.rmtree(work_folder(video), ignore_errors=True)
    raise Refused({"file": reason})


def video_requeue(*, actor: User, video: Video) -> Video:
    """Try the transcoding again (after a crash or a failure of the transcoder, the received file still there)."""
    if not can(actor, "video.edit", video):
        raise PermissionDenied(_("Only its uploader or a moderator can do this."))
    if video.state not in (State.FAILED, State.PROCESSING) or not upload_path(video).exists():
        raise ValidationError({"file": _("There is nothing to prepare again: send the video again.")})
    with transaction.atomic():
        Video.objects.filter(pk=video.pk).update(state=State.QUEUED, failure="", progress=0)
        transaction.on_commit(lambda: _enqueue(video.pk))
    video.refresh_from_db()
    return video


def new_claim() -> str:
    return uuid.uuid4().hex


def video_published(*, video_id: int) -> None:
    """Called by the task once a video is ready: followers are told through the kind's audience."""
    hooks.activity.send(kind="video", target_id=video_id)


def _caption_language(language: str) -> str:
    if language not in dict(settings.PARVIS_TV_CAPTION_LANGUAGES):
        raise ValidationError({"language": _("Choose the language of the captions.")})
    return language


def _caption_store(video: Video, language: str, text: str) -> Caption:
    """One track per language: the text replaces the language's file (the old one goes after commit)."""
    caption = Caption.objects.select_for_update().filter(video=video, language=language).first()
    if caption is None:
        caption = Caption(video=video, language=language)
    else:
        file_delete_on_commit(caption.file)
    file_save(caption.file, f"{video.storage_prefix}/captions/{language}.vtt", ContentFile(text.encode("utf-8")))
    caption.save()
    return caption


@atomic_with_files()
def caption_set(*, actor: User, video: Video, language: str, upload) -> Caption:
    """Add the captions of one language from a file, or replace them."""
    if not can(actor, "video.edit", video):
        raise PermissionDenied(_("Only its uploader or a moderator can add captions to this video."))
    language = _caption_language(language)
    text = vtt.check(upload, duration=video.duration)
    return _caption_store(video, language, text)


@atomic_with_files()
def caption_edit(*, actor: User, video: Video, language: str, text: str) -> Caption:
    """Write or correct the captions of one language in the page: the text is checked line by line against the
    video's duration, then stored rebuilt from its cues (the transcript below the player reads the new file)."""
    if not can(actor, "video.edit", video):
        raise PermissionDenied(_("Only its uploader or a moderator can edit the captions of this video."))
    language = _caption_language(language)
    text = vtt.check_text(text, duration=video.duration)
    return _caption_store(video, language, text)


@atomic_with_files()
def caption_delete(*, actor: User, video: Video, language: str) -> None:
    if not can(actor, "video.edit", video):
        raise PermissionDenied(_("Only its uploader or a moderator can remove the captions of this video."))
    caption = Caption.objects.select_for_update().filter(video=video, language=language).first()
    if caption is None:
        return  # removed already (a second click): nothing to do
    file_delete_on_commit(caption.file)
    caption.delete()


@transaction.atomic
def video_edit(
    *, actor: User, video: Video, title: str, description: str = "", theme: str = "", commune: Territory | None = None
) -> Video:
    """Correct what a video says of itself, in whatever state it is (being prepared or ready). Its file, who may
    watch it and its channel stay: those are chosen when sending it. Its uploader and the space's moderators and
    officers (who manage its channel) may."""
    if not can(actor, "video.edit", video):
        raise PermissionDenied(_("Only its uploader or the channel's managers can change this video."))
    title = _clean_text(
        clean_name(title or ""), field="title", limit=TITLE_LIMIT, required=True, missing=_("Give the video a title.")
    )
    description = _clean_text(description, field="description", limit=DESCRIPTION_LIMIT, required=False)
    if theme and theme not in Theme.values:
        raise ValidationError({"theme": _("Choose one of the themes of the list, or none.")})
    if commune is not None and commune.level != Level.COMMUNE:
        raise ValidationError({"commune": _("Choose a commune (by its name or its postal code), or leave it empty.")})
    Video.objects.filter(pk=video.pk).update(title=title, description=description, theme=theme, commune=commune)
    video.title, video.description, video.theme, video.commune = title, description, theme, commune
    return video


def video_delete(*, actor: User, video: Video) -> None:
    if not can(actor, "video.edit", video):
        raise PermissionDenied(_("Only its uploader or a moderator can delete this video."))
    with transaction.atomic():
        for caption in video.captions.all():
            file_delete_on_commit(caption.file)
        Video.objects.filter(pk=video.pk).delete()
        transaction.on_commit(lambda: delete_outputs(video, captions=True))
    shutil.rmtree(work_folder(video), ignore_errors=True)
