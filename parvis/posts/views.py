from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from parvis.core.pagecache import cache_for_visitors
from parvis.core.permissions import can
from parvis.core.redirects import safe_next
from parvis.core.submission import submit_once
from parvis.spaces.models import Space

from . import feeds, services
from .forms import CommentEditForm, CommentForm, EditForm, PostForm, ReactionForm, ShareForm
from .models import Comment, Post, Reaction, Status, reactions_summarise
from .pages import organisations_of, render_feed

# Top-level comments per page of a post, each with all its replies (one level): a busy thread stays bounded.
COMMENT_PAGE_SIZE = 50


@login_required
@cache_for_visitors  # the person's own reload (a visitor is sent to sign in first)
def home_feed(request):
    writable = services.writable_spaces(request.user)
    return render_feed(request, "posts/home_feed.html", {"writable_spaces": writable}, feeds.home_feed(request.user))


def comment_threads(post):
    """The published top-level comments of a post, oldest first (a conversation reads from the top)."""
    return Comment.objects.published().filter(post=post, parent=None).order_by("created_at", "id")


def comment_page_number(comment: Comment) -> int:
    """The page of the post that shows this comment (a reply shows with its thread)."""
    thread = comment.parent or comment
    before = (
        comment_threads(thread.post_id)
        .filter(Q(created_at__lt=thread.created_at) | Q(created_at=thread.created_at, id__lt=thread.pk))
        .count()
    )
    return before // COMMENT_PAGE_SIZE + 1


def comment_url(comment: Comment) -> str:
    page = comment_page_number(comment)
    query = f"?page={page}" if page > 1 else ""
    return f"{comment.post.get_absolute_url()}{query}#commentaire-{comment.pk}"


def comment_page(request, post):
    """One page of threads with their replies, in a fixed number of queries whatever the thread holds."""
    page = Paginator(comment_threads(post).select_related("author"), COMMENT_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    threads = list(page.object_list)
    replies = {}
    if threads:
        for reply in (
            Comment.objects.published()
            .filter(post=post, parent__in=threads)
            .select_related("author")
            .order_by("created_at", "id")
        ):
            replies.setdefault(reply.parent_id, []).append(reply)
    for thread in threads:
        thread.reply_list = replies.get(thread.pk, [])
    return page, threads


@cache_for_visitors
def detail(request, post_id: int):
    post = get_object_or_404(Post.objects.visible_to(request.user).published().for_feed(request.user), pk=post_id)
    comments_page, threads = comment_page(request, post)
    if request.headers.get("HX-Request") and request.GET.get("page"):
        return render(
            request,
            "posts/partials/_comment_page.html",
            {"post": post, "threads": threads, "comments_page": comments_page},
        )
    reactions_summarise([post], request.user)
    share_spaces = []
    if request.user.is_authenticated and post.is_visible_to(None):
        share_spaces = [s for s in services.writable_spaces(request.user) if s.pk != post.space_id]
    return render(
        request,
        "posts/detail.html",
        {
            "post": post,
            "space": post.space,
            "threads": threads,
            "comments_page": comments_page,
            "comment_form": CommentForm(),
            "share_form": ShareForm(spaces=share_spaces) if share_spaces else None,
            "revisions": post.revisions.all() if post.edited_at else [],
        },
    )


@login_required
@require_POST
def create(request, slug: str):
    space = get_object_or_404(Space.objects.listed_for(request.user), slug=slug)
    organisations = list(organisations_of(request.user))
    videos = services.postable_videos(author=request.user, space=space)
    form = PostForm(request.POST, request.FILES, organisations=organisations, videos=videos)
    if form.is_valid():
        photos = request.FILES.getlist("photos")
        alt_texts = [line.strip() for line in form.cleaned_data["alt_texts"].splitlines() if line.strip()]
        as_org = next((o for o in organisations if o.pk == form.cleaned_data.get("as_organisation")), None)
        video = next((v for v in videos if v.pk == form.cleaned_data["video"]), None)
        try:
            if video is None and form.cleaned_data["video_link"].strip():
                video = services.video_from_link(viewer=request.user, link=form.cleaned_data["video_link"])
            post, _created = submit_once(
                request,
                kind="post",
                create=lambda: services.post_create(
                    author=request.user,
                    space=space,
                    body=form.cleaned_data["body"],
                    photos=[(photo, alt_texts[i] if i < len(alt_texts) else "") for i, photo in enumerate(photos)],
                    as_organisation=as_org,
                    video=video,
                ),
                find=lambda pk: Post.objects.filter(pk=pk, author=request.user).first(),
            )
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
            request.session["parvis_draft"] = form.cleaned_data["body"]  # keep what was typed
        else:
            messages.success(request, _("Published."))
            return redirect(post)
    else:
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
        request.session["parvis_draft"] = request.POST.get("body", "")[:10_000]
    return redirect(space)


@login_required
def edit(request, post_id: int):
    post = get_object_or_404(Post.objects.visible_to(request.user).published(), pk=post_id, author=request.user)
    if request.method == "POST":
        form = EditForm(request.POST)
        try:
            if not form.is_valid():
                raise ValidationError([message for errors in form.errors.values() for message in errors])
            services.post_edit(editor=request.user, post=post, body=form.cleaned_data["body"])
        except ValidationError as error:
            return render(
                request,
                "posts/edit.html",
                {"post": post, "space": post.space, "body": request.POST.get("body", ""), "errors": error.messages},
            )
        messages.success(request, _("Your post is updated."))
        return redirect(post)
    return render(request, "posts/edit.html", {"post": post, "space": post.space, "body": post.body})


@login_required
@require_http_methods(["GET", "POST"])
def delete(request, post_id: int):
    # Its author may delete a post a moderator hid: the space's rule alone, not the status.
    post = get_object_or_404(Post.objects.in_readable_spaces(request.user), pk=post_id)
    if request.method == "GET":
        # The "⋯" menu leads here: a deletion is confirmed on its own page, which works without JavaScript.
        if not can(request.user, "post.edit", post):
            raise PermissionDenied
        return render(
            request,
            "posts/confirm_delete.html",
            {"space": post.space, "thing": post, "action": post.delete_url, "cancel": post.get_absolute_url()},
        )
    try:
        services.post_delete(user=request.user, post=post)
    except PermissionDenied as error:
        messages.error(request, str(error))
        return redirect(post)
    messages.success(request, _("Your post is deleted."))
    return redirect(post.space)


@login_required
@require_POST
def comment(request, post_id: int):
    post = get_object_or_404(Post.objects.visible_to(request.user).published(), pk=post_id)
    form = CommentForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
        return redirect(post)
    parent = None
    if form.cleaned_data.get("parent"):
        parent = Comment.objects.filter(pk=form.cleaned_data["parent"], post=post).first()
        if parent is None:
            raise Http404
    try:
        created, _new = submit_once(
            request,
            kind="comment",
            create=lambda: services.comment_create(
                author=request.user, post=post, body=form.cleaned_data["body"], parent=parent
            ),
            find=lambda pk: Comment.objects.filter(pk=pk, author=request.user).first(),
        )
    except (PermissionDenied, ValidationError) as error:
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
        return redirect(post)
    return redirect(comment_url(created))


def _own_comment(request, comment_id: int) -> Comment:
    """A comment on a post the person may read (404 otherwise, as for any reader), then theirs to change (403)."""
    comment = get_object_or_404(
        Comment.objects.on_visible_posts(request.user).select_related("post__space", "author"), pk=comment_id
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
        "post": comment.post,
        "space": comment.post.space,
        "body": comment.body,
        "cancel": comment_url(comment),
    }
    if request.method == "POST":
        form = CommentEditForm(request.POST)
        try:
            if not form.is_valid():
                raise ValidationError([message for errors in form.errors.values() for message in errors])
            services.comment_edit(editor=request.user, comment=comment, body=form.cleaned_data["body"])
        except ValidationError as error:
            context.update(body=request.POST.get("body", "")[:5000], errors=error.messages)
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
                "space": comment.post.space,
                "thing": comment,
                "is_comment": True,
                "action": comment.delete_url,
                "cancel": comment_url(comment) if published else comment.post.get_absolute_url(),
            },
        )
    services.comment_delete(user=request.user, comment=comment)
    messages.success(request, _("Your comment is deleted."))
    return redirect(comment.post)


@login_required
@require_POST
def react(request, post_id: int):
    post = get_object_or_404(Post.objects.visible_to(request.user).published(), pk=post_id)
    form = ReactionForm(request.POST)
    kind = form.cleaned_data["kind"] if form.is_valid() else None
    current = Reaction.objects.filter(post=post, user=request.user).values_list("kind", flat=True).first()
    # Pressing the reaction one already gave takes it back.
    services.reaction_set(user=request.user, post=post, kind=None if kind == current or not kind else kind)
    post.refresh_from_db()
    if request.headers.get("HX-Request"):
        reactions_summarise([post], request.user)
        return render(
            request,
            "posts/partials/_reactions.html",
            {"post": post},
        )
    return safe_next(request, fallback=post)


@login_required
@require_POST
def share(request, post_id: int):
    post = get_object_or_404(Post.objects.visible_to(request.user).published(), pk=post_id)
    spaces = services.writable_spaces(request.user)
    form = ShareForm(request.POST, spaces=spaces)
    if not form.is_valid():
        messages.error(request, _("Choose a space you can publish in."))
        return redirect(post)
    into = next(s for s in spaces if s.pk == form.cleaned_data["into"])
    try:
        shared = services.post_share(user=request.user, post=post, into=into, body=form.cleaned_data["body"])
    except (PermissionDenied, ValidationError) as error:
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
        return redirect(post)
    messages.success(request, _("Shared into %(space)s.") % {"space": into.name})
    return redirect(shared)
