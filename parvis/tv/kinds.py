"""Videos in the registry of content kinds (`parvis.core.kinds`), registered in `TvConfig.ready`: moderation
reports, hides, removes and restores them, search finds them by title and description, notifications tells the
space's members of a new one. Unlisted videos are left out of the registry's reads: they are never listed, searched
nor announced (their page is reached by their link only)."""

from django.utils.translation import gettext_lazy as _

from parvis.accounts.models import User
from parvis.core import kinds
from parvis.spaces.models import Membership

from .models import Status, Video

NEW_VIDEO_IN_MY_GROUP = "new_video_in_my_group"


video_moderate, video_restore = kinds.status_moderation(
    Video, hidden=Status.HIDDEN, removed=Status.REMOVED, published=Status.PUBLISHED
)


def video_audience(video_id: int):
    """The space's members are told of a new video (notifications keeps those who may watch it)."""
    video = Video.objects.listed().select_related("space", "author").filter(pk=video_id, status=Status.PUBLISHED)
    video = video.first()
    if video is None:
        return None
    members = User.objects.filter(
        is_active=True, pk__in=Membership.objects.active().filter(space=video.space).values("user_id")
    ).order_by("pk")
    return video, video.author, [(members, NEW_VIDEO_IN_MY_GROUP)]


def register() -> None:
    kinds.register(
        kinds.ContentKind(
            name="video",
            label=_("video"),
            model=Video,
            url_word="video",
            visible_to=lambda user: Video.objects.visible_to(user).listed().select_related("space", "author"),
            space=lambda video: video.space,
            author=lambda video: video.author,
            text=lambda video: (video.title, video.description),
            moderate=video_moderate,
            restore=video_restore,
            related=("space", "author"),
            audience=video_audience,
            verbs={NEW_VIDEO_IN_MY_GROUP: _("%(actor)s published a video in %(space)s")},
            search=kinds.SearchDocument(
                title="title", body="description", date="published_at", space="space", heading=_("Videos")
            ),
        )
    )
