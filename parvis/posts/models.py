"""Posts, their photos, comments, reactions and link previews. Every read goes through `visible_to(user)`."""

from django.conf import settings
from django.db import models
from django.db.models import Count, Exists, OuterRef, Prefetch, Q
from django.utils import formats, timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from parvis.core.fragments import version
from parvis.core.media import private_storage
from parvis.core.paths import object_path
from parvis.spaces.models import Space, SpaceContentQuerySet, VisibleContent
from parvis.tv.models import Video


class Status(models.TextChoices):
    PUBLISHED = "published", _("published")
    HIDDEN = "hidden", _("hidden by a moderator")
    REMOVED = "removed", _("removed by a moderator")
    DELETED = "deleted", _("deleted by its author")


class LinkPreview(models.Model):
    """The card shown under a post that carries a link, filled by a background task."""

    class State(models.TextChoices):
        PENDING = "pending", _("pending")
        READY = "ready", _("ready")
        FAILED = "failed", _("failed")

    url = models.URLField(max_length=2000)
    url_hash = models.CharField(max_length=64, unique=True)
    state = models.CharField(max_length=8, choices=State.choices, default=State.PENDING)
    title = models.CharField(max_length=300, blank=True)
    description = models.CharField(max_length=600, blank=True)
    site_name = models.CharField(max_length=200, blank=True)
    image_url = models.URLField(max_length=2000, blank=True)
    # Why a preview failed, for the operator's logs (never shown to readers).
    error = models.CharField(max_length=300, blank=True)
    fetched_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return self.title or self.url


class PostQuerySet(SpaceContentQuerySet):
    def published(self):
        return self.filter(status=Status.PUBLISHED)

    def with_readable_status(self, user):
        """Hidden, removed and deleted posts are read by nobody, their author included."""
        return self.published()

    def for_feed(self, viewer=None):
        """Everything a feed item shows, in a fixed number of queries whatever the page holds.

        `shared_readable` says whether the viewer may read the original of a share *now*: a post shared while
        public stays shared after its space became members-only or secret, and its text, author and space name
        then show only to those who may read that space. Without a viewer, the answer is the anonymous one."""
        return (
            self.select_related(
                "space__territory",
                "author",
                "as_organisation",
                "link_preview",
                "shared_post__space",
                "shared_post__author",
                "video__channel",
            )
            .prefetch_related(
                # Feed items show the comment count, not the comments: a busy post must not load hundreds of rows.
                Prefetch("attachments", queryset=Attachment.objects.order_by("position")),
            )
            .annotate(
                shared_readable=Exists(
                    Space.objects.readable_by(viewer).filter(pk=OuterRef("shared_post__space_id")),
                ),
                # Whether the viewer may watch the video the post carries: its poster and link show only then.
                video_watchable=Exists(Video.objects.visible_to(viewer).listed().filter(pk=OuterRef("video_id"))),
            )
        )

    def page_after(self, cursor: tuple | None, size: int = 20):
        """Keyset pagination on (created_at, id), newest first: a page costs the same at item 20 or 20,000."""
        queryset = self.order_by("-created_at", "-id")
        if cursor:
            created_at, pk = cursor
            queryset = queryset.filter(Q(created_at__lt=created_at) | Q(created_at=created_at, id__lt=pk))
        return queryset[:size]


class Post(VisibleContent, models.Model):
    space = models.ForeignKey(Space, verbose_name=_("space"), on_delete=models.CASCADE, related_name="posts")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="posts")
    # Set when the author writes on behalf of an organisation whose page they administer.
    as_organisation = models.ForeignKey(
        Space, null=True, blank=True, on_delete=models.SET_NULL, related_name="posts_signed"
    )
    body = models.TextField(_("text"), max_length=10_000, blank=True)
    body_html = models.TextField(editable=False, blank=True)
    link_preview = models.ForeignKey(LinkPreview, null=True, blank=True, on_delete=models.SET_NULL)
    # A share of another public post into this space.
    shared_post = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="shares")
    # A video of the web TV the post carries; each reader sees it only if they may watch it (`for_feed`).
    video = models.ForeignKey(Video, null=True, blank=True, on_delete=models.SET_NULL, related_name="posts")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PUBLISHED)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    edited_at = models.DateTimeField(null=True, blank=True)
    # Counters kept by the services, so that a feed never counts rows per item.
    comment_count = models.PositiveIntegerField(default=0)
    reaction_count = models.PositiveIntegerField(default=0)
    mentioned_users = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="mentioned_in_posts")
    mentioned_spaces = models.ManyToManyField(Space, blank=True, related_name="mentioned_in_posts")

    objects = PostQuerySet.as_manager()

    class Meta:
        verbose_name = _("post")
        verbose_name_plural = _("posts")
        indexes = [
            models.Index(fields=["space", "status", "-created_at", "-id"]),
            models.Index(fields=["status", "-created_at", "-id"]),
        ]

    def __str__(self) -> str:
        return (self.body or "")[:60] or f"post {self.pk}"

    def get_absolute_url(self) -> str:
        return object_path("posts:detail", self.pk)

    # What a feed item shows, computed once per post in Python rather than by {% url %}, `date` and
    # {% blocktranslate count %} in the template (twenty items a page: the rendering is the cost).
    @cached_property
    def url(self) -> str:
        return self.get_absolute_url()

    @cached_property
    def react_url(self) -> str:
        return object_path("posts:react", self.pk)

    @cached_property
    def report_url(self) -> str:
        return object_path("moderation:report", "publication", self.pk)

    @cached_property
    def edit_url(self) -> str:
        return object_path("posts:edit", self.pk)

    @cached_property
    def delete_url(self) -> str:
        return object_path("posts:delete", self.pk)

    @cached_property
    def created_local(self):
        return timezone.localtime(self.created_at) if timezone.is_aware(self.created_at) else self.created_at

    @cached_property
    def created_iso(self) -> str:
        return formats.date_format(self.created_local, "Y-m-d\\TH:i:sO")

    @cached_property
    def created_label(self) -> str:
        return formats.date_format(self.created_local, "j F Y, H:i")

    @property
    def comment_label(self) -> str:
        count = self.comment_count
        return ngettext("%(counter)s comment", "%(counter)s comments", count) % {"counter": formats.localize(count)}

    @property
    def reaction_label(self) -> str:
        count = self.reaction_count
        return ngettext("%(counter)s reaction", "%(counter)s reactions", count) % {"counter": formats.localize(count)}

    @property
    def card_version(self) -> str:
        """The version of the card's shared part (posts/_post_card.html): a digest of every value it shows, read
        from what `for_feed` loaded (no query). Whether the reader may read a shared original is one of them."""
        author, organisation, space, preview, shared = (
            self.author,
            self.as_organisation,
            self.space,
            self.link_preview,
            self.shared_post,
        )
        return version(
            self.pk,
            self.status,
            self.created_at,
            self.edited_at,
            self.body_html,
            (author.pk, author.public_name, author.avatar.name),
            organisation and (organisation.pk, organisation.name, organisation.slug),
            (space.pk, space.name, space.slug, space.nature, space.territory.name),
            [(a.pk, a.kind, a.alt_text, a.image.name, a.image_medium.name) for a in self.attachments.all()],
            preview and (preview.pk, preview.state, preview.url, preview.title, preview.description, preview.site_name),
            shared and (shared.pk, shared.status, shared.edited_at, getattr(self, "shared_readable", None)),
            shared
            and getattr(self, "shared_readable", None)
            and (
                shared.body_html,
                shared.author.public_name,
                shared.space.name,
            ),
        )

    @property
    def signature(self):
        """Who the post speaks for: the organisation when written on its behalf, otherwise the author."""
        return self.as_organisation or self.author


class PostRevision(models.Model):
    """The text a post had before each edit: edits are visible, never silent."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="revisions")
    body = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"revision of post {self.post_id}"


class Attachment(models.Model):
    """A photo now; a video when the web TV arrives (same row, another kind and its own files)."""

    class Kind(models.TextChoices):
        IMAGE = "image", _("photo")
        VIDEO = "video", _("video")

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="attachments")
    kind = models.CharField(max_length=8, choices=Kind.choices, default=Kind.IMAGE)
    position = models.PositiveSmallIntegerField(default=0)
    alt_text = models.CharField(_("description of the image"), max_length=500)
    # Private storage, served after the post's visibility rule (parvis/core/media.py says why, public spaces too).
    image = models.ImageField(upload_to="posts/%Y/%m/", storage=private_storage, blank=True)
    image_small = models.ImageField(upload_to="posts/%Y/%m/", storage=private_storage, blank=True)
    image_medium = models.ImageField(upload_to="posts/%Y/%m/", storage=private_storage, blank=True)
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position"]

    def __str__(self) -> str:
        return self.alt_text


class CommentQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Status.PUBLISHED)

    def on_visible_posts(self, user):
        """Comments of posts the user may read, whatever the comment's status: for an author acting on their own
        comment. Never for showing comments."""
        return self.filter(post__in=Post.objects.visible_to(user))

    def visible_to(self, user):
        return self.on_visible_posts(user).published()


class Comment(VisibleContent, models.Model):
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="comments")
    # One level of replies: a reply's parent is always a top-level comment.
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE, related_name="replies")
    body = models.TextField(_("comment"), max_length=5000)
    body_html = models.TextField(editable=False, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PUBLISHED)
    created_at = models.DateTimeField(auto_now_add=True)
    edited_at = models.DateTimeField(null=True, blank=True)
    mentioned_users = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="mentioned_in_comments")

    objects = CommentQuerySet.as_manager()

    class Meta:
        ordering = ["created_at"]
        indexes = [models.Index(fields=["post", "status", "created_at"])]

    def __str__(self) -> str:
        return self.body[:60]

    # What the thread shows for each comment, computed once in Python (fifty threads a page: see Post). The thread's
    # template (`partials/_comment.html`) draws an event's comments too (`agenda.EventComment`), by these names.
    @cached_property
    def reply_url(self) -> str:
        return object_path("posts:comment", self.post_id)

    @cached_property
    def edit_url(self) -> str:
        return object_path("posts:comment_edit", self.pk)

    @cached_property
    def delete_url(self) -> str:
        return object_path("posts:comment_delete", self.pk)

    @cached_property
    def report_url(self) -> str:
        return object_path("moderation:report", "commentaire", self.pk)

    @cached_property
    def created_iso(self) -> str:
        return _iso(self.created_at)

    @cached_property
    def created_label(self) -> str:
        return _label(self.created_at)

    @cached_property
    def edited_iso(self) -> str:
        return _iso(self.edited_at) if self.edited_at else ""

    @cached_property
    def edited_label(self) -> str:
        return _label(self.edited_at) if self.edited_at else ""


def _local(moment):
    return timezone.localtime(moment) if timezone.is_aware(moment) else moment


def _iso(moment) -> str:
    return formats.date_format(_local(moment), "Y-m-d\\TH:i:sO")


def _label(moment) -> str:
    return formats.date_format(_local(moment), "j F Y, H:i")


class ReactionKind(models.TextChoices):
    LIKE = "like", _("I like")
    THANKS = "thanks", _("Thank you")
    SUPPORT = "support", _("I support")
    FUNNY = "funny", _("Funny")
    SAD = "sad", _("Sad")


REACTION_SYMBOLS = {"like": "👍", "thanks": "🙏", "support": "💪", "funny": "😄", "sad": "😢"}


def reaction_buttons():
    """(value, label, symbol) for each reaction, in order: the templates loop once, not once per symbol."""
    return [(value, label, REACTION_SYMBOLS[value]) for value, label in ReactionKind.choices]


def reactions_summarise(posts, viewer) -> None:
    """Set on each post what its one "React" control shows: `my_reaction` (the viewer's kind, or None) with its
    `my_reaction_symbol` and `my_reaction_label`, and `top_reaction_symbol` (the most given kind, ties broken by the
    order of the buttons). Two queries for the whole page, whatever it holds; none for a post nobody reacted to."""
    posts = list(posts)
    mine = {}
    if viewer is not None and viewer.is_authenticated and posts:
        mine = dict(Reaction.objects.filter(user=viewer, post__in=posts).values_list("post_id", "kind"))
    counts: dict[int, dict[str, int]] = {}
    reacted = [post for post in posts if post.reaction_count]
    if reacted:
        rows = Reaction.objects.filter(post__in=reacted).values_list("post_id", "kind").annotate(n=Count("id"))
        for post_id, kind, number in rows:
            counts.setdefault(post_id, {})[kind] = number
    order = {value: index for index, value in enumerate(ReactionKind.values)}
    labels = dict(ReactionKind.choices)
    for post in posts:
        post.my_reaction = mine.get(post.pk)
        post.my_reaction_symbol = REACTION_SYMBOLS.get(post.my_reaction, "")
        post.my_reaction_label = labels.get(post.my_reaction, "")
        given = counts.get(post.pk)
        top = min(given, key=lambda kind: (-given[kind], order.get(kind, 99))) if given else None
        post.top_reaction_symbol = REACTION_SYMBOLS.get(top, "")


class Reaction(models.Model):
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="reactions")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reactions")
    kind = models.CharField(max_length=10, choices=ReactionKind.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["post", "user"], name="reaction_one_per_person")]

    def __str__(self) -> str:
        return f"{self.kind} on {self.post_id}"
