"""The web TV: channels of spaces, their videos, and the videos' captions. Every read goes through `visible_to(user)`.

A channel is content of its space (whoever may read the space sees the channel). A video adds its own visibility:
public (the space's readers), members only (the space's active members, even in a public space) or unlisted
(the space's readers who hold its link: never in a list, a search or a feed). A video is read once it is ready
(transcoded) and not hidden by moderation; its uploader follows its progress on the channel's management page.
"""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from parvis.core.media import private_storage
from parvis.spaces.models import Membership, MembershipStatus, Space, SpaceContentQuerySet, VisibleContent

NAME_LIMIT = 120
TITLE_LIMIT = 200
DESCRIPTION_LIMIT = 5000
REASON_LIMIT = 300


def new_key() -> str:
    return secrets.token_urlsafe(16)


class ChannelQuerySet(SpaceContentQuerySet):
    def for_list(self):
        return self.select_related("space__territory").order_by("name", "pk")


class Channel(VisibleContent, models.Model):
    space = models.ForeignKey(Space, verbose_name=_("space"), on_delete=models.CASCADE, related_name="channels")
    name = models.CharField(_("name"), max_length=NAME_LIMIT)
    description = models.TextField(_("description"), max_length=DESCRIPTION_LIMIT, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    # Empty: the instance's defaults (PARVIS_TV_MAX_BYTES, PARVIS_TV_MAX_SECONDS), set per channel by the operator.
    max_bytes = models.PositiveBigIntegerField(_("largest file (bytes)"), null=True, blank=True)
    max_seconds = models.PositiveIntegerField(_("longest video (seconds)"), null=True, blank=True)

    objects = ChannelQuerySet.as_manager()

    class Meta:
        verbose_name = _("channel")
        verbose_name_plural = _("channels")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("tv:channel", kwargs={"channel_id": self.pk})

    @property
    def byte_limit(self) -> int:
        return self.max_bytes or settings.PARVIS_TV_MAX_BYTES

    @property
    def second_limit(self) -> int:
        return self.max_seconds or settings.PARVIS_TV_MAX_SECONDS


class Visibility(models.TextChoices):
    PUBLIC = "public", _("everyone who may read the space")
    MEMBERS = "members", _("the space's members only")
    UNLISTED = "unlisted", _("people who have the link (never listed)")


class State(models.TextChoices):
    """The file's life: received in pieces, waiting for the transcoder, being transcoded, ready, or failed (with
    the reason, told to the uploader)."""

    UPLOADING = "uploading", _("being sent")
    QUEUED = "queued", _("waiting to be prepared")
    PROCESSING = "processing", _("being prepared")
    READY = "ready", _("ready")
    FAILED = "failed", _("failed")


class Status(models.TextChoices):
    PUBLISHED = "published", _("published")
    HIDDEN = "hidden", _("hidden by a moderator")
    REMOVED = "removed", _("removed by a moderator")


def _members_condition(user) -> Q:
    """Members-only videos: the space's active members (the space half of the rule is applied beside it)."""
    others = ~Q(visibility=Visibility.MEMBERS)
    if user is None or not user.is_authenticated:
        return others
    member_of = Membership.objects.filter(user=user, status=MembershipStatus.ACTIVE).values("space_id")
    return others | Q(space_id__in=member_of)


class VideoQuerySet(SpaceContentQuerySet):
    def with_readable_status(self, user):
        """Ready, not hidden by moderation, and within the video's own visibility. Unlisted videos are included:
        the page and the files of one are reached by its key (`by_link`); lists start from `listed()`."""
        return self.filter(_members_condition(user), state=State.READY, status=Status.PUBLISHED)

    def listed(self):
        return self.exclude(visibility=Visibility.UNLISTED)

    def for_list(self):
        return self.select_related("channel", "space__territory").order_by("-published_at", "-pk")

    def for_page(self):
        return self.select_related("channel", "space__territory", "author").prefetch_related("captions")


class Video(VisibleContent, models.Model):
    channel = models.ForeignKey(Channel, verbose_name=_("channel"), on_delete=models.CASCADE, related_name="videos")
    # The channel's space, kept on the row so that the one visibility rule applies as to any content.
    space = models.ForeignKey(Space, on_delete=models.CASCADE, related_name="videos")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="videos")
    title = models.CharField(_("title"), max_length=TITLE_LIMIT)
    description = models.TextField(_("description"), max_length=DESCRIPTION_LIMIT, blank=True)
    visibility = models.CharField(
        _("who may watch"), max_length=10, choices=Visibility.choices, default=Visibility.PUBLIC
    )
    # Unguessable: the address of an unlisted video, and of every video's files.
    key = models.CharField(max_length=32, unique=True, default=new_key, editable=False)
    state = models.CharField(max_length=12, choices=State.choices, default=State.UPLOADING)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PUBLISHED)
    progress = models.PositiveSmallIntegerField(default=0)  # percent of the transcoding done
    failure = models.CharField(max_length=REASON_LIMIT, blank=True)
    upload_total = models.PositiveBigIntegerField(default=0)
    upload_received = models.PositiveBigIntegerField(default=0)
    duration = models.FloatField(null=True, blank=True)  # seconds
    width = models.PositiveIntegerField(null=True, blank=True)
    height = models.PositiveIntegerField(null=True, blank=True)
    # Heights of the HLS renditions made (e.g. [360, 720]), lowest first.
    renditions = models.JSONField(default=list, blank=True)
    # A claim on the transcoding, so that a second run of the task (a retry, a worker back from a crash) does not
    # finish over a newer one.
    claim = models.CharField(max_length=32, blank=True)
    poster = models.FileField(storage=private_storage, max_length=200, blank=True)
    thumbnail = models.FileField(storage=private_storage, max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    published_at = models.DateTimeField(null=True, blank=True, db_index=True)

    objects = VideoQuerySet.as_manager()

    class Meta:
        verbose_name = _("video")
        verbose_name_plural = _("videos")
        indexes = [models.Index(fields=["space", "state", "status", "-published_at"])]

    def __str__(self) -> str:
        return self.title[:60]

    def get_absolute_url(self) -> str:
        url = reverse("tv:video", kwargs={"video_id": self.pk})
        return f"{url}?cle={self.key}" if self.visibility == Visibility.UNLISTED else url

    def file_url(self, name: str) -> str:
        return reverse("tv:file", kwargs={"key": self.key, "name": name})

    @property
    def thumbnail_url(self) -> str:
        return self.file_url("thumbnail.jpg")

    @property
    def poster_url(self) -> str:
        return self.file_url("poster.jpg")

    @property
    def master_url(self) -> str:
        return self.file_url("master.m3u8")

    @property
    def mp4_url(self) -> str:
        return self.file_url("video.mp4")

    @property
    def storage_prefix(self) -> str:
        # By key, not by id: an id may come back (a database restored, another instance's files), a key does not.
        return f"tv/{self.key}"

    @property
    def duration_label(self) -> str:
        if self.duration is None:
            return ""
        seconds = round(self.duration)
        hours, rest = divmod(seconds, 3600)
        return f"{hours}:{rest // 60:02d}:{rest % 60:02d}" if hours else f"{rest // 60}:{rest % 60:02d}"


class Caption(models.Model):
    """Captions of a video in one language (WebVTT, checked when uploaded); a new file replaces the language's."""

    video = models.ForeignKey(Video, on_delete=models.CASCADE, related_name="captions")
    language = models.CharField(_("language"), max_length=8)
    file = models.FileField(storage=private_storage, max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["language"]
        constraints = [models.UniqueConstraint(fields=["video", "language"], name="tv_caption_once_per_language")]

    def __str__(self) -> str:
        return f"{self.video_id} {self.language}"

    @property
    def label(self) -> str:
        return str(dict(settings.PARVIS_TV_CAPTION_LANGUAGES).get(self.language, self.language))

    @property
    def url(self) -> str:
        return self.video.file_url(f"captions/{self.language}.vtt")
