"""Private messages: conversations between two to twelve people, their messages, blocks and who may write to whom.

Messages are private to their participants. Every read goes through `Conversation.objects.for_participant(user)`
or `Message.objects.visible_to(user)`; staff get no exception (the admin lists conversations' metadata only, never
a subject or a body), and nothing here is indexed by search, feeds or federation. The one exception is a reported
message, shown to the operator's moderators who handle the report (see parvis/moderation).
"""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from parvis.core import media

# Twelve people at most in a conversation, the initiator included: beyond that it is a group, and groups are spaces.
MAX_PEOPLE = 12
BODY_LIMIT = 5000


def private_storage():
    """Attachments live outside MEDIA_ROOT, which a web server may publish as it is: the only way to an attachment
    is `messaging:attachment`, which checks that the reader takes part in the conversation. No `base_url`, so
    that nothing can build a public URL for these files by mistake. Kept by this name for the migrations."""
    return media.private_storage()


def attachment_path(instance, filename: str) -> str:
    # A random name, not the sender's file name (which may say who they are) nor a guessable sequence.
    return f"messages/{timezone.now():%Y/%m}/{secrets.token_urlsafe(24)}.jpg"


class WhoMayWrite(models.TextChoices):
    CONTACTS = "contacts", _("people who share a group with me")
    ANYONE = "anyone", _("anyone signed in")
    NOBODY_NEW = "nobody_new", _("nobody new: only people I already talk with")


class MessagingPreference(models.Model):
    """Who may start a conversation with this person. No row means the default (people who share a group)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="messaging_preference")
    who_may_write = models.CharField(
        _("who may write to me"), max_length=12, choices=WhoMayWrite.choices, default=WhoMayWrite.CONTACTS
    )

    class Meta:
        verbose_name = _("messaging preference")

    def __str__(self) -> str:
        return f"{self.user_id}: {self.who_may_write}"


class ConversationQuerySet(models.QuerySet):
    def for_participant(self, user):
        """The conversations this person takes part in: the only conversations anyone may open."""
        if user is None or not user.is_authenticated:
            return self.none()
        return self.filter(pk__in=Participant.objects.filter(user=user).values("conversation_id"))

    def for_list(self, user):
        """Everything the list page and the API show, in three queries whatever the number of conversations: the
        caller's own row (unread count) is annotated, the people are prefetched."""
        mine = Participant.objects.filter(conversation=OuterRef("pk"), user=user)
        return (
            self.for_participant(user)
            .annotate(
                unread=models.Subquery(mine.values("unread_count")[:1]),
                my_last_read_at=models.Subquery(mine.values("last_read_at")[:1]),
            )
            .prefetch_related(
                models.Prefetch("participants", queryset=Participant.objects.select_related("user").order_by("pk"))
            )
            .order_by("-last_message_at", "-pk")
        )


class Conversation(models.Model):
    subject = models.CharField(_("subject"), max_length=120, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # A neighbour answering a classified ad: the listing's id, validated by the neighbours app before it calls
    # `conversation_start`. A plain integer rather than a foreign key, so that messaging does not depend on it.
    context_listing_id = models.PositiveBigIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_message_at = models.DateTimeField(default=timezone.now, db_index=True)

    objects = ConversationQuerySet.as_manager()

    class Meta:
        verbose_name = _("conversation")
        verbose_name_plural = _("conversations")

    def __str__(self) -> str:
        # Never the subject: this string appears in admin pages and logs.
        return f"conversation {self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("messaging:detail", kwargs={"conversation_id": self.pk})

    def others(self, user) -> list:
        """The other people, from the prefetched participants when there are some."""
        return [p.user for p in self.participants.all() if p.user_id != user.pk]


class Participant(models.Model):
    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="participants")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="conversation_seats")
    joined_at = models.DateTimeField(auto_now_add=True)
    last_read_at = models.DateTimeField(null=True, blank=True)
    # Messages up to this id are read. The count below is kept by the services (one UPDATE per message sent), so
    # that the header badge is one indexed SUM per page, not a count over every conversation.
    last_read_message_id = models.PositiveBigIntegerField(default=0)
    unread_count = models.PositiveIntegerField(default=0)
    # The e-mail "X sent you a message" went out for messages up to this id: a retried task sends nothing twice.
    last_emailed_message_id = models.PositiveBigIntegerField(default=0)

    class Meta:
        verbose_name = _("participant")
        constraints = [
            models.UniqueConstraint(fields=["conversation", "user"], name="participant_once_per_conversation")
        ]
        indexes = [models.Index(fields=["user", "unread_count"])]

    def __str__(self) -> str:
        return f"{self.user_id} in conversation {self.conversation_id}"


class MessageStatus(models.TextChoices):
    # The same words as posts' statuses: moderation decisions write "hidden" or "removed" on either.
    PUBLISHED = "published", _("published")
    HIDDEN = "hidden", _("hidden by a moderator")
    REMOVED = "removed", _("removed by a moderator")


class MessageQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Messages this person may read: published ones in their conversations, minus what people they blocked
        wrote after the block (in a group, the blocked person still talks to the others)."""
        if user is None or not user.is_authenticated:
            return self.none()
        blocked_after = Block.objects.filter(
            blocker=user, blocked=OuterRef("sender"), created_at__lte=OuterRef("created_at")
        )
        return self.filter(
            conversation__in=Participant.objects.filter(user=user).values("conversation_id"),
            status=MessageStatus.PUBLISHED,
        ).exclude(Exists(blocked_after))

    def after(self, message_id: int | None):
        return self.filter(pk__gt=message_id) if message_id else self

    def for_thread(self):
        return self.select_related("sender").order_by("pk")


class Message(models.Model):
    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="messages")
    # SET_NULL: a person who deletes their account does not erase the other side of the conversations.
    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="messages_sent"
    )
    body = models.TextField(_("message"), max_length=BODY_LIMIT, blank=True)
    image = models.FileField(storage=private_storage, upload_to=attachment_path, blank=True)
    image_alt = models.CharField(_("description of the image"), max_length=300, blank=True)
    image_width = models.PositiveIntegerField(default=0)
    image_height = models.PositiveIntegerField(default=0)
    status = models.CharField(max_length=10, choices=MessageStatus.choices, default=MessageStatus.PUBLISHED)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = MessageQuerySet.as_manager()

    class Meta:
        verbose_name = _("private message")
        verbose_name_plural = _("private messages")
        indexes = [models.Index(fields=["conversation", "id"])]

    def __str__(self) -> str:
        # Never the body: this string appears in the moderation admin (a report's target) and in logs.
        return f"message {self.pk}"

    def get_absolute_url(self) -> str:
        return f"{reverse('messaging:detail', kwargs={'conversation_id': self.conversation_id})}#message-{self.pk}"

    @property
    def attachment_url(self) -> str:
        return reverse("messaging:attachment", kwargs={"message_id": self.pk}) if self.image else ""


class Block(models.Model):
    """The blocker no longer receives anything from the blocked person: no new conversation, no message in a
    one-to-one conversation, and in a group their messages written after the block are hidden from the blocker."""

    blocker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="blocks_made")
    blocked = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("block")
        constraints = [
            models.UniqueConstraint(fields=["blocker", "blocked"], name="block_once"),
            models.CheckConstraint(condition=~Q(blocker=models.F("blocked")), name="block_not_self"),
        ]

    def __str__(self) -> str:
        return f"{self.blocker_id} blocks {self.blocked_id}"
