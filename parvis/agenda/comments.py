"""The pages of the discussion under an event: its threads on the event page, writing, editing and deleting a
comment. Thin: the rules are in `services/comments.py`; the thread is drawn by the posts' templates."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from parvis.core.bounds import MAX_ID
from parvis.core.permissions import can
from parvis.core.submission import submit_once
from parvis.posts.models import Status

from .discussion import EventComment
from .models import Event
from .services.comments import COMMENT_LIMIT, event_comment_create, event_comment_delete, event_comment_edit

# Top-level comments per page of an event, each with all its replies (one level): a busy thread stays bounded.
THREADS_PER_PAGE = 50


class EventCommentForm(forms.Form):
    # The service says what is wrong with the text (empty, too long, by how much), as under a post.
    body = forms.CharField(label=gettext_lazy("Your comment"), required=False, strip=False)
    parent = forms.IntegerField(required=False, min_value=1, max_value=MAX_ID)


class EventCommentEditForm(forms.Form):
    # The service says what is wrong with the text (empty, too long), in the words the other comments use.
    body = forms.CharField(required=False, max_length=COMMENT_LIMIT, strip=False)


def comment_threads(request, event: Event) -> dict:
    """One page of the event's threads with their replies, in a fixed number of queries whatever they hold: the
    count, the threads with their authors, and the replies with theirs (none of the last two without comments)."""
    page = Paginator(EventComment.objects.threads_of(event).select_related("author"), THREADS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    threads = list(page.object_list)
    replies: dict[int, list] = {}
    if threads:
        for reply in (
            EventComment.objects.published()
            .filter(event=event, parent__in=threads)
            .select_related("author")
            .order_by("created_at", "id")
        ):
            replies.setdefault(reply.parent_id, []).append(reply)
    for thread in threads:
        thread.reply_list = replies.get(thread.pk, [])
    return {"threads": threads, "comments_page": page}


def comment_url(comment: EventComment) -> str:
    """The event page that shows this comment (a reply shows with its thread), at the comment."""
    thread = comment.parent or comment
    before = (
        EventComment.objects.threads_of(thread.event_id)
        .filter(Q(created_at__lt=thread.created_at) | Q(created_at=thread.created_at, id__lt=thread.pk))
        .count()
    )
    page = before // THREADS_PER_PAGE + 1
    query = f"?page={page}" if page > 1 else ""
    return f"{comment.event.get_absolute_url()}{query}#commentaire-{comment.pk}"


def _errors(error) -> str:
    return " ".join(getattr(error, "messages", [str(error)]))


@login_required
@require_POST
def comment(request, event_id: int):
    event = get_object_or_404(Event.objects.visible_to(request.user), pk=event_id)
    back = event.get_absolute_url() + "#commentaires"
    form = EventCommentForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
        return redirect(back)
    parent = None
    if form.cleaned_data.get("parent"):
        parent = EventComment.objects.filter(pk=form.cleaned_data["parent"], event=event).first()
        if parent is None:
            raise Http404
    try:
        created, _new = submit_once(
            request,
            kind="event_comment",
            create=lambda: event_comment_create(
                author=request.user, event=event, body=form.cleaned_data["body"], parent=parent
            ),
            find=lambda pk: EventComment.objects.filter(pk=pk, author=request.user).first(),
        )
    except (PermissionDenied, ValidationError) as error:
        messages.error(request, _errors(error))
        return redirect(back)
    messages.success(request, _("Your comment is published."))
    return redirect(comment_url(created))


def _own_comment(request, comment_id: int) -> EventComment:
    """A comment on an event the person may read (404 otherwise, as for any reader), then theirs to change (403)."""
    if comment_id > MAX_ID:
        raise Http404
    comment = get_object_or_404(
        EventComment.objects.on_visible_events(request.user).select_related("event__space", "author"), pk=comment_id
    )
    if not can(request.user, "comment.edit", comment):
        raise PermissionDenied
    return comment


@login_required
def comment_edit(request, comment_id: int):
    comment = _own_comment(request, comment_id)
    if comment.status != Status.PUBLISHED:
        raise Http404
    context = {
        "comment": comment,
        "space": comment.event.space,
        "body": comment.body,
        "cancel": comment_url(comment),
    }
    if request.method == "POST":
        form = EventCommentEditForm(request.POST)
        try:
            if not form.is_valid():
                raise ValidationError([message for errors in form.errors.values() for message in errors])
            event_comment_edit(editor=request.user, comment=comment, body=form.cleaned_data["body"])
        except ValidationError as error:
            context.update(body=request.POST.get("body", "")[:COMMENT_LIMIT], errors=error.messages)
            return render(request, "posts/comment_edit.html", context)
        messages.success(request, _("Your comment is updated."))
        return redirect(comment_url(comment))
    return render(request, "posts/comment_edit.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def comment_delete(request, comment_id: int):
    comment = _own_comment(request, comment_id)
    if request.method == "GET":
        published = comment.status == Status.PUBLISHED
        return render(
            request,
            "posts/confirm_delete.html",
            {
                "space": comment.event.space,
                "thing": comment,
                "is_comment": True,
                "action": comment.delete_url,
                "cancel": comment_url(comment) if published else comment.event.get_absolute_url(),
            },
        )
    event_comment_delete(user=request.user, comment=comment)
    messages.success(request, _("Your comment is deleted."))
    return redirect(comment.event.get_absolute_url() + "#commentaires")
