"""Posts, comments, reactions and feeds through the API: the same services and the same visibility rule."""

from datetime import datetime

from django.shortcuts import get_object_or_404
from ninja import Router, Schema

from parvis.core.api_auth import PUBLIC, SIGNED_IN
from parvis.core.cursors import decode_cursor, encode_cursor
from parvis.core.media import media_url
from parvis.core.schemas import ErrorOut, Id, Text, column_text
from parvis.core.submission import submit_once
from parvis.spaces.models import Space
from parvis.territories.models import Level, Territory

from . import feeds, services
from .models import Comment, Post, ReactionKind
from .pages import PAGE_SIZE

router = Router(tags=["posts"])


class AuthorOut(Schema):
    id: int
    name: str
    url: str


class AttachmentOut(Schema):
    kind: str
    alt_text: str
    url: str
    width: int
    height: int


class PostVideoOut(Schema):
    id: int
    title: str
    duration: float | None
    url: str
    poster_url: str


class PostOut(Schema):
    id: int
    space_slug: str
    space_name: str
    space_nature: str
    author: AuthorOut
    organisation: str | None
    body: str
    body_html: str
    created_at: datetime
    edited_at: datetime | None
    comment_count: int
    reaction_count: int
    shared_post_id: int | None
    attachments: list[AttachmentOut]
    # The video of the web TV the post carries, when the caller may watch it; null otherwise (even if it carries one).
    video: PostVideoOut | None
    url: str

    @staticmethod
    def resolve_space_slug(post):
        return post.space.slug

    @staticmethod
    def resolve_space_name(post):
        return post.space.name

    @staticmethod
    def resolve_space_nature(post):
        return post.space.nature

    @staticmethod
    def resolve_author(post):
        return {"id": post.author_id, "name": post.author.public_name, "url": post.author.get_absolute_url()}

    @staticmethod
    def resolve_organisation(post):
        return post.as_organisation.name if post.as_organisation_id else None

    @staticmethod
    def resolve_video(post):
        # `video_watchable` is computed for the caller by `for_feed`, which every read of this API goes through.
        if not post.video_id or not getattr(post, "video_watchable", False):
            return None
        video = post.video
        return {
            "id": video.pk,
            "title": video.title,
            "duration": video.duration,
            "url": video.get_absolute_url(),
            "poster_url": video.poster_url,
        }

    @staticmethod
    def resolve_attachments(post):
        return [
            {"kind": a.kind, "alt_text": a.alt_text, "url": media_url(a, "image"), "width": a.width, "height": a.height}
            for a in post.attachments.all()
        ]

    @staticmethod
    def resolve_shared_post_id(post):
        # The original of a share is named only to those who may read it now (see PostQuerySet.for_feed).
        return post.shared_post_id if getattr(post, "shared_readable", False) else None

    @staticmethod
    def resolve_url(post):
        return post.get_absolute_url()


class FeedOut(Schema):
    items: list[PostOut]
    next_cursor: str | None


class PostIn(Schema):
    # Texts are bounded generously here: the services refuse, with the limit, what is longer than a post may be.
    space: column_text(Space, "slug")
    body: Text()
    as_organisation: column_text(Space, "slug") | None = None


class PostEditIn(Schema):
    body: Text()


class CommentIn(Schema):
    body: Text()
    parent_id: Id | None = None


class CommentOut(Schema):
    id: int
    post_id: int
    parent_id: int | None
    author: AuthorOut
    body: str
    body_html: str
    created_at: datetime
    edited_at: datetime | None

    @staticmethod
    def resolve_author(comment):
        return {"id": comment.author_id, "name": comment.author.public_name, "url": comment.author.get_absolute_url()}


class ReactionIn(Schema):
    kind: ReactionKind | None = None


class ReactionOut(Schema):
    post_id: int
    kind: str | None
    reaction_count: int


class ShareIn(Schema):
    space: column_text(Space, "slug")
    body: Text() = ""


def _page(request, queryset, cursor: str | None) -> dict:
    items = list(queryset.for_feed(request.auth).page_after(decode_cursor(cursor), PAGE_SIZE))
    return {"items": items, "next_cursor": encode_cursor(items[-1]) if len(items) == PAGE_SIZE else None}


@router.get("/feeds/home", response=FeedOut, auth=SIGNED_IN, summary="My home feed")
def feed_home(request, cursor: Text(200) | None = None):
    return _page(request, feeds.home_feed(request.auth), cursor)


@router.get(
    "/feeds/commune/{code}", response={200: FeedOut, 404: ErrorOut}, auth=PUBLIC, summary="Public feed of a commune"
)
def feed_commune(request, code: str, cursor: Text(200) | None = None):
    commune = get_object_or_404(Territory, level=Level.COMMUNE, code=code)
    return _page(request, feeds.commune_feed(commune), cursor)


@router.get("/feeds/space/{slug}", response={200: FeedOut, 404: ErrorOut}, auth=PUBLIC, summary="Feed of a space")
def feed_space(request, slug: str, cursor: Text(200) | None = None):
    space = get_object_or_404(Space.objects.readable_by(request.auth), slug=slug)
    return _page(request, feeds.space_feed(space, request.auth), cursor)


def _visible_post(request, post_id: int) -> Post:
    return get_object_or_404(Post.objects.visible_to(request.auth).published().for_feed(request.auth), pk=post_id)


@router.get("/{post_id}", response={200: PostOut, 404: ErrorOut}, auth=PUBLIC, summary="One post")
def post_detail(request, post_id: int):
    return _visible_post(request, post_id)


@router.post(
    "/",
    response={201: PostOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 429: ErrorOut},
    auth=SIGNED_IN,
    summary="Publish a post",
)
def post_create(request, payload: PostIn):
    space = get_object_or_404(Space.objects.listed_for(request.auth), slug=payload.space)
    organisation = None
    if payload.as_organisation:
        organisation = get_object_or_404(Space, slug=payload.as_organisation)
    post, _created = submit_once(
        request,
        user=request.auth,
        kind="post",
        create=lambda: services.post_create(
            author=request.auth, space=space, body=payload.body, as_organisation=organisation
        ),
        find=lambda pk: Post.objects.filter(pk=pk, author=request.auth).first(),
    )
    return 201, Post.objects.for_feed(request.auth).get(pk=post.pk)


@router.patch(
    "/{post_id}",
    response={200: PostOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    auth=SIGNED_IN,
    summary="Edit my post",
)
def post_edit(request, post_id: int, payload: PostEditIn):
    post = _visible_post(request, post_id)
    services.post_edit(editor=request.auth, post=post, body=payload.body)
    return Post.objects.for_feed(request.auth).get(pk=post.pk)


@router.delete(
    "/{post_id}", response={204: None, 403: ErrorOut, 404: ErrorOut}, auth=SIGNED_IN, summary="Delete my post"
)
def post_delete(request, post_id: int):
    services.post_delete(user=request.auth, post=_visible_post(request, post_id))
    return 204, None


@router.get(
    "/{post_id}/comments", response={200: list[CommentOut], 404: ErrorOut}, auth=PUBLIC, summary="Comments of a post"
)
def comment_list(request, post_id: int):
    post = _visible_post(request, post_id)
    return Comment.objects.published().filter(post=post).select_related("author").order_by("created_at")[:500]


@router.post(
    "/{post_id}/comments",
    response={201: CommentOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 429: ErrorOut},
    auth=SIGNED_IN,
    summary="Comment on a post",
)
def comment_create(request, post_id: int, payload: CommentIn):
    post = _visible_post(request, post_id)
    parent = get_object_or_404(Comment, pk=payload.parent_id, post=post) if payload.parent_id else None
    comment, _created = submit_once(
        request,
        user=request.auth,
        kind="comment",
        create=lambda: services.comment_create(author=request.auth, post=post, body=payload.body, parent=parent),
        find=lambda pk: Comment.objects.filter(pk=pk, author=request.auth).first(),
    )
    return 201, comment


class CommentEditIn(Schema):
    body: Text()


def _comment_on_visible_post(request, comment_id: int) -> Comment:
    # Any comment on a post the caller may read (404 otherwise); the service then answers 403 to a non-author.
    return get_object_or_404(Comment.objects.on_visible_posts(request.auth).select_related("author"), pk=comment_id)


@router.patch(
    "/comments/{comment_id}",
    response={200: CommentOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    auth=SIGNED_IN,
    summary="Edit my comment",
)
def comment_edit(request, comment_id: int, payload: CommentEditIn):
    comment = services.comment_edit(
        editor=request.auth, comment=_comment_on_visible_post(request, comment_id), body=payload.body
    )
    return Comment.objects.select_related("author").get(pk=comment.pk)


@router.delete(
    "/comments/{comment_id}",
    response={204: None, 403: ErrorOut, 404: ErrorOut},
    auth=SIGNED_IN,
    summary="Delete my comment",
)
def comment_delete(request, comment_id: int):
    services.comment_delete(user=request.auth, comment=_comment_on_visible_post(request, comment_id))
    return 204, None


@router.put(
    "/{post_id}/reaction",
    response={200: ReactionOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    auth=SIGNED_IN,
    summary="Set or remove my reaction",
)
def reaction_set(request, post_id: int, payload: ReactionIn):
    post = _visible_post(request, post_id)
    reaction = services.reaction_set(user=request.auth, post=post, kind=payload.kind)
    post.refresh_from_db(fields=["reaction_count"])
    return {"post_id": post.pk, "kind": reaction.kind if reaction else None, "reaction_count": post.reaction_count}


@router.post(
    "/{post_id}/share",
    response={201: PostOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    auth=SIGNED_IN,
    summary="Share a public post into a space",
)
def post_share(request, post_id: int, payload: ShareIn):
    post = _visible_post(request, post_id)
    into = get_object_or_404(Space.objects.listed_for(request.auth), slug=payload.space)
    shared = services.post_share(user=request.auth, post=post, into=into, body=payload.body)
    return 201, Post.objects.for_feed(request.auth).get(pk=shared.pk)
