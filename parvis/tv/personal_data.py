"""The register's lines for the web TV (see `core/personal_data.py`)."""

from django.utils.translation import gettext_lazy as _

from parvis.core import personal_data
from parvis.core.personal_data import SERVICE, WHILE_CONTENT, WHILE_SPACE, Entry, NotPersonal

from .models import Caption, Channel, Chapter, Episode, Playlist, PlaylistEntry, Programme, Video


def register() -> None:
    personal_data.register(
        key="tv",
        heading=_("Web TV"),
        entries=[
            Entry(
                Channel,
                ("space", "name", "description", "created_by", "created_at"),
                data=_("the TV channels you open for a space"),
                purpose=_("publishing a space's videos"),
                basis=SERVICE,
                retention=WHILE_SPACE,
                seen_by=_("the people who may read the space"),
            ),
            Entry(
                Video,
                ("channel", "space", "author", "title", "description", "poster", "thumbnail", "created_at"),
                data=_("the videos you publish (faces and voices may be in them), their title and pictures"),
                purpose=_("showing a space's videos to those who may watch them"),
                basis=SERVICE,
                retention=WHILE_CONTENT,
                seen_by=_("the people who may read the space; an unlisted video, those given its link"),
            ),
            Entry(
                Caption,
                ("video", "language", "file", "created_at"),
                data=_("the captions of your videos"),
                purpose=_("making videos accessible to deaf and hard-of-hearing viewers"),
                basis=SERVICE,
                retention=WHILE_CONTENT,
                seen_by=_("those who may watch the video"),
            ),
            Entry(
                Programme,
                ("channel", "space", "title", "description", "created_by", "created_at"),
                data=_("the programmes (series) you create on a channel"),
                purpose=_("gathering a channel's episodes in their order"),
                basis=SERVICE,
                retention=WHILE_SPACE,
                seen_by=_("the people who may read the space"),
            ),
            Entry(
                Playlist,
                ("channel", "space", "title", "description", "created_by", "created_at"),
                data=_("the playlists you create on a channel"),
                purpose=_("offering a channel's videos in an order"),
                basis=SERVICE,
                retention=WHILE_SPACE,
                seen_by=_("the people who may read the space"),
            ),
            Entry(
                Chapter,
                ("video", "title", "point"),
                data=_("the chapters of your videos"),
                purpose=_("letting viewers go straight to a moment of a video"),
                basis=SERVICE,
                retention=WHILE_CONTENT,
                seen_by=_("those who may watch the video"),
            ),
        ],
        not_personal=[
            NotPersonal(Channel, ("max_bytes", "max_seconds"), "a channel's limits set by the operator"),
            NotPersonal(Channel, ("members_may_publish",), "whether a channel takes the videos of its space's members"),
            NotPersonal(
                Video,
                (
                    "visibility",
                    "theme",
                    "commune",
                    "key",
                    "state",
                    "status",
                    "progress",
                    "failure",
                    "upload_total",
                    "upload_received",
                    "duration",
                    "width",
                    "height",
                    "renditions",
                    "claim",
                    "published_at",
                ),
                "a video's settings, processing state and technical description",
            ),
            NotPersonal(Episode, ("programme", "video", "position"), "the order of a programme's episodes"),
            NotPersonal(PlaylistEntry, ("playlist", "video", "position"), "the order of a playlist's videos"),
            NotPersonal(Chapter, ("start",), "where a chapter starts in its video"),
        ],
    )
