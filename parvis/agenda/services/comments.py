"""The discussion under an event: writing, editing and deleting comments, and moderation's hide and restore.

The text is checked, rendered and its mentions resolved by the posts' own functions, so that a comment reads and
behaves the same under a post and under an event."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from parvis.accounts.models import User
from parvis.core import hooks, kinds
from parvis.core.markdown import render_markdown
from parvis.core.permissions import can, is_person
from parvis.core.ratelimit import check_rate
from parvis.posts.models import Status
from parvis.posts.services import check_text, resolve_mentions

from ..discussion import EventComment
from ..models import Event

COMMENT_LIMIT = 5000


@transaction.atomic
def event_comment_create(*, author: User, event: Event, body: str, parent: EventComment | None = None) -> EventComment:
    # Whoever may read an event may talk under it: members for a group's event, any signed-in person for a public
    # one. Read again through the rule: the caller's event may have been read before a change.
    event = Event.objects.visible_to(author).select_related("space").filter(pk=event.pk).first()
    if event is None or not is_person(author):
        raise PermissionDenied(_("You cannot comment on this event."))
    # The same allowance as comments under posts, shared: a flood is a flood wherever it lands.
    check_rate(f"comment:{author.pk}", 60, 10 * 60)
    body = check_text(body, required=True, limit=COMMENT_LIMIT)
    if parent is not None:
        if parent.event_id != event.pk or parent.status != Status.PUBLISHED:
            raise ValidationError({"parent": _("This reply does not belong to this event.")})
        parent = parent.parent or parent  # one level of replies: answer the thread, not the reply
    people, _spaces, urls = resolve_mentions(body, readers_of=event.space)
    comment = EventComment.objects.create(
        event=event, author=author, parent=parent, body=body, body_html=render_markdown(body, urls)
    )
    comment.mentioned_users.set(people)
    hooks.activity.send(kind="event_comment", target_id=comment.pk)
    return comment


@transaction.atomic
def event_comment_edit(*, editor: User, comment: EventComment, body: str) -> EventComment:
    """Its author rewrites a published comment on an event they may still read; the comment then says it was
    edited, and when. A comment a moderator hid or removed stays as the moderator left it."""
    comment = EventComment.objects.select_for_update().select_related("event__space").get(pk=comment.pk)
    if (
        not can(editor, "comment.edit", comment)
        or comment.status != Status.PUBLISHED
        or not Event.objects.visible_to(editor).filter(pk=comment.event_id).exists()
    ):
        raise PermissionDenied(_("Only its author can edit this comment."))
    body = check_text(body, required=True, limit=COMMENT_LIMIT)
    if body == comment.body:
        return comment
    people, _spaces, urls = resolve_mentions(body, readers_of=comment.event.space)
    comment.body = body
    comment.body_html = render_markdown(body, urls)
    comment.edited_at = timezone.now()
    comment.save(update_fields=["body", "body_html", "edited_at"])
    comment.mentioned_users.set(people)
    # People newly mentioned are told; those already notified of this comment are not told twice.
    hooks.activity.send(kind="event_comment", target_id=comment.pk)
    return comment


@transaction.atomic
def event_comment_delete(*, user: User, comment: EventComment) -> None:
    """Authors delete their comments; the space's moderators hide or remove others' through moderation."""
    if not can(user, "comment.edit", comment):
        raise PermissionDenied(_("Only its author can delete this comment."))
    # A save, not an update(): the hosting log records the deletion from the model's signal.
    comment.status, comment.body, comment.body_html = Status.DELETED, "", ""
    comment.save(update_fields=["status", "body", "body_html"])


MODERATED_STATUS = {kinds.HIDE: Status.HIDDEN, kinds.REMOVE: Status.REMOVED}


def event_comment_moderate(comment: EventComment, action: str) -> str:
    """Hide or remove a comment (moderation's decision, in its transaction); returns its status before."""
    previous = EventComment.objects.select_for_update().get(pk=comment.pk).status
    EventComment.objects.filter(pk=comment.pk).update(status=MODERATED_STATUS[action])
    return previous


def event_comment_restore(comment_id: int, action: str, previous_state: str) -> None:
    # Only a comment still in the state the decision put it in is restored: an author's later deletion stands.
    EventComment.objects.filter(pk=comment_id, status=MODERATED_STATUS[action]).update(
        status=previous_state if previous_state in Status.values else Status.PUBLISHED
    )
