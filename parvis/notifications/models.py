"""Notifications: who was told what, and how each person wants to hear about it by e-mail.

A notification speaks of something of a kind of the registry of content kinds (`parvis.core.kinds`): a post, a
comment, an event, a listing, a request to join a space, stored as (kind, id). It was created only for someone who
could read it, but people leave spaces and moderators hide posts: every read goes through `still_visible_to(user)`,
which asks the kind's own rule (`visible_to`) again. This module names no kind of content.
"""

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from parvis.core import kinds
from parvis.spaces.models import Space


class Kind(models.TextChoices):
    MENTION = "mention", _("mention")
    REPLY = "reply", _("reply to my comment")
    COMMENT_ON_MY_POST = "comment_on_my_post", _("comment on my post")
    JOIN_REQUEST = "join_request", _("request to join a space I administer")
    NEW_POST_IN_FOLLOWED_SPACE = "new_post_in_followed_space", _("new post in a space I follow")
    # Reasons of their own for the apps that notify without a kind of content's verb of their own.
    REACTIONS = "reactions", _("reactions to my post")
    APPROVED = "approved", _("my request to join was accepted")
    ALERT = "alert", _("alert")
    PARTICIPATION_DECIDED = "participation_decided", _("decision on my request to take part")
    MESSAGE = "message", _("private message")


class EmailFrequency(models.TextChoices):
    IMMEDIATE = "immediate", _("at once, one e-mail per notification")
    DAILY = "daily", _("once a day, in a digest")
    NEVER = "never", _("never")


def still_readable_target(user, names) -> Q:
    """The target, by its kind's own rule (`visible_to`), asked of the registry: one EXISTS per kind named, on the
    target's primary key, so that the database looks up each notification's target rather than gathering every
    readable object of the instance. A row whose kind is not registered (its app removed) is never shown."""
    condition = Q(pk__in=[])
    for name in sorted(names):
        kind = kinds.get(name)
        if kind is not None:
            condition |= Q(target_kind=name) & Q(
                Exists(kind.visible_to(user).order_by().filter(pk=OuterRef("target_id")))
            )
    return condition


def unread_kinds_probe(recipient) -> dict[str, Exists]:
    """Annotations for a query on people (`recipient`: an OuterRef to the person): per kind of the registry,
    whether they have unread notifications of it. The header asks them inside its one query, then counts only
    those kinds (`inbox(..., kinds_present=...)`): no query of its own to learn which kinds are there."""
    return {
        f"unread_{kind.name}": Exists(
            Notification.objects.filter(recipient=recipient, read_at__isnull=True, target_kind=kind.name)
        )
        for kind in kinds.all_kinds()
    }


class NotificationQuerySet(models.QuerySet):
    def for_recipient(self, user):
        if user is None or not user.is_authenticated:
            return self.none()
        return self.filter(recipient=user)

    def still_visible_to(self, user, *, kinds_present=None):
        """Notifications whose target the user may read *now*, by its kind's rule: the post is still published and in
        a space the user may read, the request to join is still pending in a space the user administers… Checked at
        display and at e-mail time, because a person may have left the space (or a moderator hidden the post) since.

        Call it after the filters that narrow the rows (recipient, unread): it first asks which kinds those rows
        speak of (one small query on the recipient's index), then checks only those kinds. Building every kind's
        rule into the SQL costs tens of milliseconds of Python on each page with the header badge, whereas a
        person's unread notifications usually speak of one or two kinds, or none (then nothing more is asked).
        The space is checked on the notification's own column, so that most unreadable rows are dropped before the
        per-kind `EXISTS`."""
        names = (
            set(kinds_present)
            if kinds_present is not None
            else set(self.order_by().values_list("target_kind", flat=True).distinct())
        )
        if not names:
            return self.none()
        return self.filter(
            Q(space__isnull=True) | Q(space__in=Space.objects.readable_by(user)), still_readable_target(user, names)
        )

    def inbox(self, user, *, unread: bool = False, kinds_present=None):
        """What the person's notification page, header badge and API show (`unread`: only those not yet read, the
        badge's count). `kinds_present`: the kinds the rows speak of, when already known (`unread_kinds_probe`)."""
        mine = self.for_recipient(user).filter(on_site=True)
        return (mine.unread() if unread else mine).still_visible_to(user, kinds_present=kinds_present)

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
    # The space of the target, when it has one (a listing is scoped to a territory, not a space): "where am I" is
    # said on every item, and the inbox drops in bulk what lies in spaces the person may no longer read.
    space = models.ForeignKey(Space, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    # What it speaks of: a kind of the registry of content kinds (`parvis.core.kinds`) and its id. Written by
    # `notify`; the display and the e-mails ask the kind again whether the recipient may still read it. No foreign
    # key: a deleted target leaves a row that no inbox shows (its kind finds nothing).
    target_kind = models.CharField(max_length=32, blank=True)
    target_id = models.PositiveBigIntegerField(null=True, blank=True)
    # The event that caused it, "<kind>:<id>" ("post:12", "event:34", "membership:5"): one notification per person
    # per event, whatever the number of reasons (a mentioned post author gets one) or of times the task runs.
    event_key = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)
    # Grouped notifications (reactions): how many other people did the same since the person last read it; the
    # actor is the latest. One row, updated, rather than one per reaction.
    others = models.PositiveIntegerField(default=0)
    pushed_at = models.DateTimeField(null=True, blank=True)
    # False when the person chose not to see this kind on the site (only by e-mail or on their devices): the row is
    # what the e-mail and the push speak of, never listed, and born read so that no badge counts it.
    on_site = models.BooleanField(default=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        constraints = [
            # One per person per event, whatever the number of reasons (a mentioned post author is told once).
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
    def content_kind(self) -> kinds.ContentKind | None:
        return kinds.get(self.target_kind)

    @property
    def target_label(self) -> str:
        """What it speaks of, in words ("event", "listing between neighbours"): the kind's label."""
        kind = self.content_kind
        return str(kind.label) if kind is not None else ""

    @property
    def text(self) -> str:
        """One sentence saying who did what where (built here, not in the template: pages and e-mails share it)."""
        values = {
            "others": self.others,
            "actor": self.actor.public_name if self.actor_id else gettext("Someone"),
            "space": self.space.name if self.space_id else "",
            "label": self.target_label,
        }
        own = self.content_kind.verbs.get(self.kind) if self.content_kind is not None else None
        if own is not None:
            return str(own) % values  # the kind's own reason ("New poll in %(space)s"), its sentence in its app
        if self.kind == Kind.REACTIONS:
            if self.others:
                return (
                    ngettext(
                        "%(actor)s and %(others)s other person reacted to your post",
                        "%(actor)s and %(others)s other people reacted to your post",
                        self.others,
                    )
                    % values
                )
            return gettext("%(actor)s reacted to your post") % values
        if self.kind == Kind.APPROVED:
            # Its target is the space itself, which has no space of its own.
            values["space"] = values["space"] or (str(self.target) if self.target is not None else "")
            return gettext("You are now a member of %(space)s") % values
        if self.kind == Kind.PARTICIPATION_DECIDED:
            return gettext("The organisers answered your request to take part (%(space)s)") % values
        if self.kind == Kind.MESSAGE:
            return gettext("%(actor)s sent you a message") % values
        if self.kind == Kind.ALERT:
            return gettext("Alert: %(label)s") % values
        if not self.space_id:
            # Content outside any space (a listing): say what it is instead of where.
            if self.kind == Kind.MENTION:
                return gettext("%(actor)s mentioned you (%(label)s)") % values
            if self.kind == Kind.REPLY:
                return gettext("%(actor)s replied to your comment (%(label)s)") % values
            return gettext("%(actor)s: new activity (%(label)s)") % values
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
        """What the notification speaks of (its kind's object), or None. Lists attach it in bulk (`for_list`)."""
        if not hasattr(self, "target_object"):
            kind = self.content_kind
            self.target_object = kind.objects().filter(pk=self.target_id).first() if kind else None
        return self.target_object

    @property
    def target_url(self) -> str:
        """The target's address by its kind (`url`), or "" when it is gone (the inbox never shows such a row)."""
        kind = self.content_kind
        return kind.url(self.target) if kind is not None and self.target is not None else ""

    def target_ids(self) -> dict[str, int]:
        """{kind name: id} of the target and of what it belongs to (a comment's post): the API's `post_id` and
        `comment_id`, kept for the clients written before `target_kind` and `target_id`."""
        ids = {}
        obj = self.target
        while obj is not None and len(ids) < 4:
            kind = kinds.of(obj)
            if kind is None:
                break
            ids.setdefault(kind.name, obj.pk)
            obj = kind.parent(obj)
        return ids


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


class ChannelChoice(models.Model):
    """A person's channels for one kind of notification (`channels.KINDS`), saved only when they changed the
    kind's default. Every channel off means "none": nothing at all, not even on the site."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=32)
    in_app = models.BooleanField(default=True)
    email = models.BooleanField(default=True)
    push = models.BooleanField(default=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="channel_choice_once_per_kind")]

    def __str__(self) -> str:
        return f"{self.user_id} {self.kind}: {self.in_app}/{self.email}/{self.push}"


class PushSubscription(models.Model):
    """One device of a person that receives Web Push (RFC 8030): the push service's address and the keys the
    browser gave to encrypt for it (RFC 8291). Removed when the push service says it is gone (404, 410)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="push_subscriptions")
    endpoint = models.URLField(max_length=1000, unique=True)
    p256dh = models.CharField(max_length=100)  # the browser's public key, base64url
    auth = models.CharField(max_length=40)  # the shared authentication secret, base64url
    label = models.CharField(_("device"), max_length=80, blank=True)  # "Firefox, Android": from the user agent
    created_at = models.DateTimeField(auto_now_add=True)
    last_success_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("device receiving notifications")
        indexes = [models.Index(fields=["user"])]

    def __str__(self) -> str:
        return f"{self.user_id}: {self.label or self.pk}"


class PushKey(models.Model):
    """The instance's VAPID key pair (RFC 8292), created once (`manage.py push_keys`, run by `make migrate`, or at
    first use): push services know the instance by its public key; the private key signs each request."""

    private_pem = models.TextField()
    public_key = models.CharField(
        max_length=100
    )  # uncompressed P-256 point, base64url: the browser's applicationServerKey
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.public_key[:12]
