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

from parvis.core.audit import register_verbs
from parvis.core.media import private_storage
from parvis.spaces.models import Membership, MembershipStatus, Space, SpaceContentQuerySet, VisibleContent
from parvis.territories.models import Territory

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
    # The officers may open the channel to the videos of the space's members (a neighbourhood's festival filmed by
    # its residents); closed, only the officers send (the channel speaks for the space).
    members_may_publish = models.BooleanField(_("members may send videos"), default=False)

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


class ChannelVerb(models.TextChoices):
    """The audit log's words for a channel's officers choosing who sends videos to it."""

    OPENED = "tv_channel_opened", _("opened a TV channel to the members' videos")
    CLOSED = "tv_channel_closed", _("closed a TV channel to the members' videos")


register_verbs(ChannelVerb.choices)


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


class Theme(models.TextChoices):
    """A small fixed list, so that the TV home can filter by it (a free word would scatter into spellings)."""

    COUNCIL = "conseil", _("council sessions")
    NEWS = "actualites", _("local news")
    CULTURE = "culture", _("culture")
    SPORT = "sport", _("sport")
    TUTORIALS = "tutoriels", _("explainers")
    HERITAGE = "patrimoine", _("heritage")


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
        return self.select_related("channel", "space__territory", "author", "commune").prefetch_related(
            "captions", "chapters"
        )

    def of_theme(self, theme: str):
        return self.filter(theme=theme) if theme in Theme.values else self

    def of_commune(self, commune):
        """The videos that show `commune` (or a place in it): those said to, and those of its spaces said of none."""
        return self.filter(
            Q(commune__path__startswith=commune.path) | Q(commune=None, space__territory__path__startswith=commune.path)
        )

    def page_after(self, cursor: tuple | None, size: int):
        """Keyset pages of a list newest first, on (published_at, id): a page costs the same however deep, and a
        video published meanwhile does not shift the next one. The transcoder sets `published_at` when a video is
        ready; a row without it (none should be) is left out rather than break the order of the pages."""
        queryset = self.exclude(published_at=None).order_by("-published_at", "-pk")
        if cursor:
            moment, pk = cursor
            queryset = queryset.filter(Q(published_at__lt=moment) | Q(published_at=moment, pk__lt=pk))
        return queryset[:size]

    def in_programme(self, programme):
        return self.filter(episode__programme=programme).order_by("episode__position", "pk")

    def in_playlist(self, playlist):
        return self.filter(playlist_entries__playlist=playlist).order_by("playlist_entries__position", "pk")


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
    theme = models.CharField(_("theme"), max_length=12, choices=Theme.choices, blank=True)
    # The commune the video shows, when it is not its space's (a département's channel filming a festival in a
    # commune): the TV home's commune filter finds it there. Empty: the space's.
    commune = models.ForeignKey(
        Territory, verbose_name=_("commune"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
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
    def chapters_url(self) -> str:
        return self.file_url("chapters.vtt")

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


class CollectionQuerySet(SpaceContentQuerySet):
    """Programmes and playlists: content of their channel's space. Their counts count only the videos the viewer
    may watch and that are listed, as their pages show."""

    def for_list(self):
        return self.select_related("channel", "space__territory").order_by("title", "pk")

    def with_counts(self, user, *, through: str):
        watchable = Video.objects.visible_to(user).listed().values("pk")
        return self.annotate(
            video_count=models.Count(through, filter=Q(**{f"{through}__video__in": watchable}), distinct=True)
        )


class Programme(VisibleContent, models.Model):
    """A series of a channel (the council's sessions, a weekly magazine): its episodes in their order. A video is an
    episode of one programme at most."""

    channel = models.ForeignKey(Channel, on_delete=models.CASCADE, related_name="programmes")
    space = models.ForeignKey(Space, on_delete=models.CASCADE, related_name="+")  # the channel's, for the rule
    title = models.CharField(_("title"), max_length=TITLE_LIMIT)
    description = models.TextField(_("description"), max_length=DESCRIPTION_LIMIT, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CollectionQuerySet.as_manager()

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")

    def __str__(self) -> str:
        return self.title[:60]

    def get_absolute_url(self) -> str:
        return reverse("tv:programme", kwargs={"programme_id": self.pk})


class Playlist(VisibleContent, models.Model):
    """Videos of a channel in the order its managers chose; a video may be in several playlists."""

    channel = models.ForeignKey(Channel, on_delete=models.CASCADE, related_name="playlists")
    space = models.ForeignKey(Space, on_delete=models.CASCADE, related_name="+")
    title = models.CharField(_("title"), max_length=TITLE_LIMIT)
    description = models.TextField(_("description"), max_length=DESCRIPTION_LIMIT, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CollectionQuerySet.as_manager()

    class Meta:
        verbose_name = _("playlist")
        verbose_name_plural = _("playlists")

    def __str__(self) -> str:
        return self.title[:60]

    def get_absolute_url(self) -> str:
        return reverse("tv:playlist", kwargs={"playlist_id": self.pk})


class Episode(models.Model):
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="episodes")
    # One programme per video: a series, not a tag.
    video = models.OneToOneField(Video, on_delete=models.CASCADE, related_name="episode")
    position = models.PositiveIntegerField()

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return f"{self.programme_id} #{self.position}: {self.video_id}"


class PlaylistEntry(models.Model):
    playlist = models.ForeignKey(Playlist, on_delete=models.CASCADE, related_name="entries")
    video = models.ForeignKey(Video, on_delete=models.CASCADE, related_name="playlist_entries")
    position = models.PositiveIntegerField()

    class Meta:
        ordering = ["position", "pk"]
        constraints = [models.UniqueConstraint(fields=["playlist", "video"], name="tv_playlist_video_once")]

    def __str__(self) -> str:
        return f"{self.playlist_id} #{self.position}: {self.video_id}"


CHAPTER_TITLE_LIMIT = 200
CHAPTER_POINT_LIMIT = 120


class Chapter(models.Model):
    """A moment of a video (seconds from its start), with a title and, for a session, the point of its agenda."""

    video = models.ForeignKey(Video, on_delete=models.CASCADE, related_name="chapters")
    start = models.PositiveIntegerField()
    title = models.CharField(max_length=CHAPTER_TITLE_LIMIT)
    point = models.CharField(max_length=CHAPTER_POINT_LIMIT, blank=True)

    class Meta:
        ordering = ["start"]
        constraints = [models.UniqueConstraint(fields=["video", "start"], name="tv_chapter_once_per_start")]

    def __str__(self) -> str:
        return f"{self.start_label} {self.label}"

    def get_absolute_url(self) -> str:
        """The player at this chapter's time (`?t=`, which the page reads with or without JavaScript)."""
        url = self.video.get_absolute_url()
        return f"{url}{'&' if '?' in url else '?'}t={self.start}#tv-player-video" if self.start else url

    @property
    def label(self) -> str:
        return f"{self.point} – {self.title}" if self.point else self.title

    @property
    def start_label(self) -> str:
        return clock(self.start)


def clock(seconds: int) -> str:
    hours, rest = divmod(int(seconds), 3600)
    return f"{hours:02d}:{rest // 60:02d}:{rest % 60:02d}"
