"""Posts and comments in the registry of content kinds (`parvis.core.kinds`), registered in `PostsConfig.ready`.

Moderation hides, removes and restores them through the functions below, which keep the post's comment counter."""

import re

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.db.models import F
from django.db.models.expressions import RawSQL
from django.utils.translation import gettext_lazy as _

from parvis.accounts.models import User
from parvis.core import kinds
from parvis.spaces.models import Follow

from .models import Comment, Post, Status
from .services import comment_create, comment_withdraw, reaction_set

MODERATED_STATUS = {kinds.HIDE: Status.HIDDEN, kinds.REMOVE: Status.REMOVED}


post_moderate, post_restore = kinds.status_moderation(
    Post, hidden=Status.HIDDEN, removed=Status.REMOVED, published=Status.PUBLISHED
)


def comment_moderate(comment: Comment, action: str) -> str:
    previous = Comment.objects.select_for_update().get(pk=comment.pk).status
    Comment.objects.filter(pk=comment.pk).update(status=MODERATED_STATUS[action])
    if previous == Status.PUBLISHED:
        Post.objects.filter(pk=comment.post_id).update(comment_count=F("comment_count") - 1)
    return previous


def comment_restore(comment_id: int, action: str, previous_state: str) -> None:
    restored = Comment.objects.filter(pk=comment_id, status=MODERATED_STATUS[action]).update(
        status=previous_state or Status.PUBLISHED
    )
    if restored and previous_state == Status.PUBLISHED:
        post_id = Comment.objects.filter(pk=comment_id).values_list("post_id", flat=True).first()
        Post.objects.filter(pk=post_id).update(comment_count=F("comment_count") + 1)


# Why a person is told (the verbs of `notifications.models.Kind`, which `notify` checks): plain words, since posts
# sits below notifications and does not import it.
MENTION = "mention"
REPLY = "reply"
COMMENT_ON_MY_POST = "comment_on_my_post"
NEW_POST_IN_FOLLOWED_SPACE = "new_post_in_followed_space"


def post_audience(post_id: int):
    """Who is told of a new post: those it mentions, then the space's followers."""
    post = Post.objects.published().select_related("space", "author").filter(pk=post_id).first()
    if post is None:
        return None
    # Followers only, not every member: members already see the space's posts in their feed, and telling each of a
    # town's thousand members about each post would turn notifications into noise they switch off.
    followers = User.objects.filter(
        is_active=True, pk__in=Follow.objects.filter(space=post.space).values("user_id")
    ).order_by("pk")
    mentioned = list(post.mentioned_users.filter(is_active=True))
    return post, post.author, [(mentioned, MENTION), (followers, NEW_POST_IN_FOLLOWED_SPACE)]


def comment_audience(comment_id: int):
    """Who is told of a new comment, the most specific reason first: a mention, a reply to the person's comment,
    a comment on their post."""
    comment = (
        Comment.objects.published()
        .filter(pk=comment_id, post__status=Status.PUBLISHED)
        .select_related("post__space", "post__author", "parent__author", "author")
        .first()
    )
    if comment is None:
        return None
    return (
        comment,
        comment.author,
        [
            (list(comment.mentioned_users.filter(is_active=True)), MENTION),
            ([comment.parent.author] if comment.parent_id else [], REPLY),
            ([comment.post.author], COMMENT_ON_MY_POST),
        ],
    )


def posts_search(user, words: list[str]):
    """Posts matching every word, with the posts' own full-text index (`migrations/0002_fulltext.py`)."""
    posts = Post.objects.visible_to(user).published()
    if not words:
        return posts.none()
    if connection.vendor == "postgresql":
        vector = SearchVector("body", config="french_unaccent")
        query = SearchQuery(" ".join(words), config="french_unaccent", search_type="plain")
        # Filter with @@ (which uses the GIN index on this very expression); ts_rank alone is never exactly zero.
        return (
            posts.annotate(document=vector, rank=SearchRank(vector, query))
            .filter(document=query)
            .order_by("-rank", "-created_at")
        )
    match = fts_match(words)
    if not match:
        return posts.none()
    return posts.filter(
        id__in=RawSQL("SELECT rowid FROM posts_post_fts WHERE posts_post_fts MATCH %s", [match])
    ).order_by("-created_at")


def fts_match(words: list[str]) -> str:
    """SQLite FTS5: every word as a prefix ("reunion*" finds "réunions"); quotes keep words literal."""
    cleaned = [re.sub(r"[^0-9a-z]", "", word) for word in words]
    return " ".join(f'"{word}"*' for word in cleaned if word)


def _answer_from_afar(*, user, obj, text: str) -> Comment:
    return comment_create(author=user, post=obj, body=text)


def _like_from_afar(*, user, obj) -> None:
    reaction_set(user=user, post=obj, kind="like")


def _unlike_from_afar(*, user, obj) -> None:
    reaction_set(user=user, post=obj, kind=None)


def _withdraw_from_afar(*, user, obj) -> None:
    # Only the remote author's own comment: federation passes the account it wrote under.
    if obj.author_id != user.pk:
        raise PermissionDenied(_("Only its author can delete this comment."))
    comment_withdraw(comment=obj)


def register() -> None:
    kinds.register(
        kinds.ContentKind(
            name="post",
            label=_("post"),
            model=Post,
            url_word="publication",
            visible_to=lambda user: Post.objects.visible_to(user).published().select_related("space", "author"),
            space=lambda post: post.space,
            author=lambda post: post.author,
            text=lambda post: ("", post.body),
            moderate=post_moderate,
            restore=post_restore,
            related=("space", "author"),
            audience=post_audience,
            # What the fediverse may do to a public post (parvis/federation/inbox.py): answer it, like it. The
            # services apply their own rules, as for a local person.
            extra={"answer": _answer_from_afar, "like": _like_from_afar, "unlike": _unlike_from_afar},
            search=kinds.SearchDocument(
                body="body",
                date="created_at",
                space="space",
                heading=_("Posts"),
                template="search/_post.html",
                query=posts_search,
                prepare=lambda posts, user: posts.for_feed(user),
                api_list="posts",
                api_schema="parvis.posts.api.PostOut",
            ),
        )
    )
    kinds.register(
        kinds.ContentKind(
            name="comment",
            label=_("comment"),
            model=Comment,
            url_word="commentaire",
            visible_to=lambda user: (
                Comment.objects.visible_to(user).published().select_related("post__space", "author")
            ),
            space=lambda comment: comment.post.space,
            author=lambda comment: comment.author,
            url=lambda comment: f"{comment.post.get_absolute_url()}#commentaire-{comment.pk}",
            parent=lambda comment: comment.post,
            text=lambda comment: ("", comment.body),
            moderate=comment_moderate,
            restore=comment_restore,
            related=("post__space", "author"),
            audience=comment_audience,
            # A remote author's Delete of their reply (parvis/federation/inbox.py).
            extra={"withdraw": _withdraw_from_afar},
        )
    )
