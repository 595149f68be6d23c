"""Notifications: who was told what, and how each person wants to hear about it by e-mail.

A notification points at content (a post, a comment, a join request in a space). It was created only for someone
who could read that content, but people leave spaces and moderators hide posts: every read goes through
`still_visible_to(user)`, which applies the same visibility rule as the pages again (`Space.objects.readable_by`,
and the content's published status).
"""

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from parvis.core import kinds
from parvis.posts.models import Comment, Post, Status
from parvis.spaces.models import Space


class Kind(models.TextChoices):
    MENTION = "mention", _("mention")
    REPLY = "reply", _("reply to my comment")
    COMMENT_ON_MY_POST = "comment_on_my_post", _("comment on my post")
    JOIN_REQUEST = "join_request", _("request to join a space I administer")
    NEW_POST_IN_FOLLOWED_SPACE = "new_post_in_followed_space", _("new post in a space I follow")


class EmailFrequency(models.TextChoices):
    IMMEDIATE = "immediate", _("at once, one e-mail per notification")
    DAILY = "daily", _("once a day, in a digest")
    NEVER = "never", _("never")


def still_readable_target(user) -> Q:
    """The target, by its kind's own rule (`visible_to`), asked of the registry: one EXISTS per kind, on the
    target's primary key, so that the database looks up each notification's target rather than gathering every
    readable object of the instance."""
    condition = Q(target_kind="")
    for kind in kinds.all_kinds():
        condition |= Q(target_kind=kind.name) & Q(
            Exists(kind.visible_to(user).order_by().filter(pk=OuterRef("target_id")))
        )
    return condition


class NotificationQuerySet(models.QuerySet):
    def for_recipient(self, user):
        if user is None or not user.is_authenticated:
            return self.none()
        return self.filter(recipient=user)

    def still_visible_to(self, user):
        """Notifications whose target the user may read *now*: the post and comment are still published and in a
        space the user may read, and a join request is still for a space the user administers. Checked at display
        and at e-mail time, because a person may have left the space (or a moderator hidden the post) since.

        This is `Post.objects.visible_to(user)` (and the same for comments) written as joins on the
        notification's own rows: the header runs it on every page, and `post__in=<every readable post>` would make
        the database gather all public posts of the instance for one badge."""
        readable = Space.objects.readable_by(user)
        return self.filter(
            Q(post__isnull=True) | Q(post__status=Status.PUBLISHED, post__space__in=readable),
            # A comment's post is the notification's post, checked on the line above.
            Q(comment__isnull=True) | Q(comment__status=Status.PUBLISHED),
            Q(kind=Kind.JOIN_REQUEST, space__in=Space.objects.where_can(user, "space.administer").not_suspended())
            | (~Q(kind=Kind.JOIN_REQUEST) & Q(space__in=readable)),
            still_readable_target(user),
        )

    def inbox(self, user):
        """What the person's notification page, header badge and API show."""
        return self.for_recipient(user).still_visible_to(user)

    def unread(self):
        return self.filter(read_at__isnull=True)

    def unsent(self):
        return self.filter(emailed_at__isnull=True)

    def for_list(self):
        """Everything a list item shows, in a fixed number of queries whatever the page holds: the rows, then one
        query per kind of target on the page (a link is its kind's URL)."""
        queryset = self.select_related("actor", "space").order_by("-created_at", "-pk")
        queryset.attach_targets = True
        return queryset

    def _clone(self):
        clone = super()._clone()
        clone.attach_targets = getattr(self, "attach_targets", False)
        return clone

    def _fetch_all(self):
        fetched = self._result_cache is not None
        super()._fetch_all()
        rows = self._result_cache
        if not fetched and getattr(self, "attach_targets", False) and rows and isinstance(rows[0], Notification):
            kinds.attach(rows, kind_attr="target_kind", id_attr="target_id", to="target_object")


class Notification(models.Model):
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices)
    # SET_NULL: a person who deletes their account does not take others' notifications with them.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The space is always set (the post's space, or the space asked to join): the visibility check needs it, and
    # "where am I" is said on every item.
    space = models.ForeignKey(Space, on_delete=models.CASCADE, related_name="+")
    # What it speaks of: a kind of the registry of content kinds (`parvis.core.kinds`) and its id. Written by
    # `notify`; the display and the e-mails ask the kind again whether the recipient may still read it.
    target_kind = models.CharField(max_length=32, blank=True)
    target_id = models.PositiveBigIntegerField(null=True, blank=True)
    # Filled by `notify` when the target (or what it belongs to) is a post or a comment: kept for the API's
    # `post_id`/`comment_id`, and so that deleting a post deletes its notifications.
    post = models.ForeignKey(Post, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    comment = models.ForeignKey(Comment, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    # The event that caused it ("post:12", "comment:34", "membership:5"): one notification per person per event,
    # whatever the number of reasons (a mentioned post author gets one) or of times the task runs.
    event_key = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        constraints = [
            # A unique key rather than (recipient, kind, post, comment): NULLs are distinct in unique constraints on
            # both SQLite and PostgreSQL, so that tuple would not stop duplicates of post-only notifications.
            models.UniqueConstraint(fields=["recipient", "event_key"], name="notification_once_per_event")
        ]
        indexes = [
            models.Index(fields=["recipient", "-created_at"]),
            models.Index(fields=["recipient", "read_at"]),
            models.Index(fields=["emailed_at", "created_at"]),
            models.Index(fields=["event_key"]),
        ]

    def __str__(self) -> str:
        return f"{self.kind} → {self.recipient_id} ({self.event_key})"

    @property
    def text(self) -> str:
        """One sentence saying who did what where (built here, not in the template: pages and e-mails share it)."""
        values = {
            "actor": self.actor.public_name if self.actor_id else gettext("Someone"),
            "space": self.space.name,
        }
        if self.kind == Kind.MENTION:
            return gettext("%(actor)s mentioned you in %(space)s") % values
        if self.kind == Kind.REPLY:
            return gettext("%(actor)s replied to your comment in %(space)s") % values
        if self.kind == Kind.COMMENT_ON_MY_POST:
            return gettext("%(actor)s commented on your post in %(space)s") % values
        if self.kind == Kind.JOIN_REQUEST:
            return gettext("%(actor)s asks to join %(space)s") % values
        # No author here: a followed page often speaks for an organisation, not for the person who typed.
        return gettext("New post in %(space)s") % values

    @property
    def target(self):
        """What the notification speaks of (its kind's object), or None."""
        if not hasattr(self, "target_object"):
            kind = kinds.get(self.target_kind)
            self.target_object = kind.objects().filter(pk=self.target_id).first() if kind else None
        return self.target_object

    @property
    def target_url(self) -> str:
        kind = kinds.get(self.target_kind)
        if kind is not None and self.target is not None:
            return kind.url(self.target)
        if self.kind == Kind.JOIN_REQUEST:
            return reverse("spaces:members", kwargs={"slug": self.space.slug})
        url = reverse("posts:detail", kwargs={"post_id": self.post_id})
        return f"{url}#commentaire-{self.comment_id}" if self.comment_id else url


class NotificationPreference(models.Model):
    """How a person hears about notifications by e-mail. No row means the default (a daily digest)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preference"
    )
    email_frequency = models.CharField(
        _("e-mail me"), max_length=10, choices=EmailFrequency.choices, default=EmailFrequency.DAILY
    )
    last_digest_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("notification preference")

    def __str__(self) -> str:
        return f"{self.user_id}: {self.email_frequency}"
