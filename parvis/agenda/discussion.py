"""The discussion under each event: comments with one level of replies, as under a post.

Imported at the end of `models.py` (Django finds models there). The writes are in `services/comments.py`, the
pages in `comments.py`. A comment is read by exactly those who may read its event (`visible_to`): a group turning
private, a moderator hiding the event, a person leaving the group take its discussion with it.

The statuses are the posts' own (`posts.models.Status`): moderation hides and removes a comment of an event as it
does a comment of a post, and the thread's template (`posts/partials/_comment_page.html`) draws both.
"""

from django.conf import settings
from django.db import models
from django.utils import formats, timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from parvis.core.paths import object_path
from parvis.posts.models import Status

from .models import Event


class EventCommentQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Status.PUBLISHED)

    def on_visible_events(self, user):
        """Comments of events the user may read, whatever the comment's status: for an author acting on their own
        comment. Never for showing comments."""
        return self.filter(event__in=Event.objects.visible_to(user).values("pk"))

    def visible_to(self, user):
        return self.on_visible_events(user).published()

    def threads_of(self, event):
        """The published top-level comments of an event, oldest first (a conversation reads from the top)."""
        return self.published().filter(event=event, parent=None).order_by("created_at", "id")


class EventComment(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="event_comments")
    # One level of replies: a reply's parent is always a top-level comment.
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE, related_name="replies")
    body = models.TextField(_("comment"), max_length=5000)
    body_html = models.TextField(editable=False, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PUBLISHED)
    created_at = models.DateTimeField(auto_now_add=True)
    edited_at = models.DateTimeField(null=True, blank=True)
    mentioned_users = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="mentioned_in_event_comments"
    )

    objects = EventCommentQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["event", "status", "parent", "created_at"])]

    def __str__(self) -> str:
        return self.body[:60]

    def get_absolute_url(self) -> str:
        return f"{self.event.get_absolute_url()}#commentaire-{self.pk}"

    # What the thread shows for each comment, computed once in Python (the posts' `Comment` does the same).
    @cached_property
    def reply_url(self) -> str:
        return object_path("agenda:comment", self.event_id)

    @cached_property
    def edit_url(self) -> str:
        return object_path("agenda:comment_edit", self.pk)

    @cached_property
    def delete_url(self) -> str:
        return object_path("agenda:comment_delete", self.pk)

    @cached_property
    def report_url(self) -> str:
        return object_path("moderation:report", "commentaire-evenement", self.pk)

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


def _iso(moment) -> str:
    return formats.date_format(timezone.localtime(moment), "Y-m-d\\TH:i:sO")


def _label(moment) -> str:
    return formats.date_format(timezone.localtime(moment), "j F Y, H:i")
