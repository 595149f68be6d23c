"""Every write on posts, comments and reactions: permissions, rendering, counters, then side effects after commit."""

import hashlib
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.db.models.functions import Lower
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from parvis.accounts.models import User
from parvis.core import hooks
from parvis.core.bounds import MAX_ID
from parvis.core.files import atomic_with_files, file_delete_on_commit
from parvis.core.markdown import render_markdown
from parvis.core.media import attach_image, clean_alt_text
from parvis.core.permissions import can, is_person
from parvis.core.ratelimit import check_rate
from parvis.spaces.models import Membership, Space, active_memberships
from parvis.tv.models import Video
from parvis.tv.models import Visibility as VideoVisibility

from .models import Attachment, Comment, LinkPreview, Post, PostRevision, Reaction, ReactionKind, Status
from .rendering import first_url, mentioned_handles
from .tasks import link_preview_fetch

MAX_PHOTOS = 10
PHOTO_MAX_BYTES = 10 * 1024 * 1024
PHOTO_SIZES = {"image": 1600, "image_medium": 800, "image_small": 320}


def writable_spaces(user) -> list[Space]:
    """Every space the user may post in (`space.post`), for the composer's choice, from the person's memberships
    as read once per request (`spaces.models.memberships_of`), however many spaces they are in."""
    if not is_person(user):
        return []
    # The person's memberships are read once per request for the visibility rule and the roles: no query here.
    spaces = sorted((m.space for m in active_memberships(user)), key=lambda space: (space.name, space.pk))
    return [space for space in spaces if can(user, "space.post", space)]


def resolve_mentions(text: str, *, readers_of: Space) -> tuple[list[User], list[Space], dict[str, str]]:
    """People and spaces named with @handle, and the link each mention gets. People are linked only if they can
    read the space, so that a mention never carries private content to someone outside it.

    A person's link is their mention page (`accounts:mention`), never their profile: the HTML is written once for
    every reader, and a profile opens only to those the person chose (their commune by default), so a direct link
    was a 404 for the others. The mention page sends each reader to the profile when they may see it and says so
    otherwise. Handles are matched whatever their case, as the text is."""
    handles = mentioned_handles(text)
    if not handles:
        return [], [], {}
    people = list(User.objects.alias(lower_handle=Lower("handle")).filter(lower_handle__in=handles, is_active=True))
    if not readers_of.is_readable_by(None):
        members = set(Membership.objects.active().filter(space=readers_of).values_list("user_id", flat=True))
        people = [person for person in people if person.pk in members]
    spaces = list(Space.objects.listed_for(None).alias(lower_slug=Lower("slug")).filter(lower_slug__in=handles))
    urls = {person.handle.lower(): reverse("accounts:mention", kwargs={"handle": person.handle}) for person in people}
    for space in spaces:
        urls.setdefault(space.slug.lower(), space.get_absolute_url())
    return people, spaces, urls


def check_text(body: str, *, required: bool, limit: int) -> str:
    body = (body or "").replace("\x00", "").strip()
    if required and not body:
        raise ValidationError({"body": _("Write something before publishing.")})
    if len(body) > limit:
        raise ValidationError(
            {
                "body": _("The text is too long (%(length)s characters; at most %(limit)s).")
                % {"length": len(body), "limit": limit}
            }
        )
    return body


def _link_preview_for(body: str) -> LinkPreview | None:
    url = first_url(body)
    if not url or len(url) > 2000:
        return None
    url_hash = hashlib.sha256(url.encode()).hexdigest()
    preview, created = LinkPreview.objects.get_or_create(url_hash=url_hash, defaults={"url": url})
    if created or preview.state == LinkPreview.State.PENDING:
        transaction.on_commit(lambda: link_preview_fetch.enqueue(preview_id=preview.pk))
    return preview


def _attach_photos(post: Post, photos: list[tuple]) -> None:
    """`photos` is a list of (uploaded file, alt text). Each is re-encoded in three sizes."""
    if len(photos) > MAX_PHOTOS:
        raise ValidationError({"photos": _("At most %(count)s photos per post.") % {"count": MAX_PHOTOS}})
    position = post.attachments.count()
    for upload, alt_text in photos:
        alt_text = clean_alt_text(alt_text, limit=500, required=True, field="photos")
        attachment = Attachment(post=post, kind=Attachment.Kind.IMAGE, position=position, alt_text=alt_text)
        stored = attach_image(attachment, upload, sizes=PHOTO_SIZES, max_bytes=PHOTO_MAX_BYTES)
        attachment.width, attachment.height = stored.width, stored.height
        attachment.save()
        position += 1


def postable_videos(*, author: User, space: Space) -> list[Video]:
    """The videos of the space's channels the author may watch, for the composer's choice (an unlisted one is not
    offered: it is shared by its link alone)."""
    if not is_person(author):
        return []
    return list(Video.objects.visible_to(author).listed().filter(space=space).for_list()[:30])


def video_from_link(*, viewer: User, link: str) -> Video:
    """The video a pasted link names (its page on this site, absolute or not), if the viewer may watch it."""
    parts = urlsplit((link or "").strip())
    site = urlsplit(settings.PARVIS_BASE_URL)
    wrong = ValidationError({"video": _("This link is not a video of the web TV: paste the address of its page.")})
    if len(link) > 2000 or (parts.netloc and parts.netloc.lower() != site.netloc.lower()):
        raise wrong
    try:
        match = resolve(parts.path or "/")
    except Resolver404 as error:
        raise wrong from error
    if match.view_name not in ("tv:video", "tv:embed"):
        raise wrong
    video_id = match.kwargs["video_id"]
    video = Video.objects.visible_to(viewer).filter(pk=video_id).first() if video_id <= MAX_ID else None
    if video is None:
        raise ValidationError({"video": _("You cannot watch this video, or it is no longer there.")})
    return video


def _check_video(author: User, video: Video | None) -> Video | None:
    if video is None:
        return None
    # Read again through the rule: an id from a form or the API names any row.
    video = Video.objects.visible_to(author).filter(pk=video.pk).first()
    if video is None:
        raise ValidationError({"video": _("You cannot watch this video, or it is no longer there.")})
    if video.visibility == VideoVisibility.UNLISTED:
        raise ValidationError(
            {"video": _("This video is unlisted: share its link in the text instead, with the people you choose.")}
        )
    return video


@atomic_with_files()
def post_create(
    *,
    author: User,
    space: Space,
    body: str,
    photos: list[tuple] | None = None,
    as_organisation: Space | None = None,
    video: Video | None = None,
) -> Post:
    """`video`: one of the web TV the author may watch (a listed one); each reader sees it only if they may too."""
    if not can(author, "space.post", space):
        raise PermissionDenied(_("You cannot publish in this space."))
    # Counted before any work, so that a flood costs one cache hit per attempt.
    check_rate(f"post:{author.pk}", 20, 10 * 60)
    photos = photos or []
    video = _check_video(author, video)
    body = check_text(body, required=not photos and video is None, limit=10_000)
    if as_organisation is not None and not can(author, "space.speak_for", as_organisation):
        raise PermissionDenied(_("You can only write on behalf of an organisation whose page you administer."))
    people, spaces, urls = resolve_mentions(body, readers_of=space)
    post = Post.objects.create(
        space=space,
        author=author,
        as_organisation=as_organisation,
        body=body,
        body_html=render_markdown(body, urls),
        link_preview=_link_preview_for(body),
        video=video,
    )
    post.mentioned_users.set(people)
    post.mentioned_spaces.set(spaces)
    _attach_photos(post, photos)
    _notify("post", post.pk)
    return post


@transaction.atomic
def post_edit(*, editor: User, post: Post, body: str) -> Post:
    post = Post.objects.select_for_update().get(pk=post.pk)
    if not can(editor, "post.edit", post) or post.status != Status.PUBLISHED:
        raise PermissionDenied(_("Only its author can edit this post."))
    body = check_text(body, required=not post.attachments.exists(), limit=10_000)
    if body == post.body:
        return post
    PostRevision.objects.create(post=post, body=post.body)
    people, spaces, urls = resolve_mentions(body, readers_of=post.space)
    post.body = body
    post.body_html = render_markdown(body, urls)
    post.link_preview = _link_preview_for(body)
    post.edited_at = timezone.now()
    post.save(update_fields=["body", "body_html", "link_preview", "edited_at"])
    post.mentioned_users.set(people)
    post.mentioned_spaces.set(spaces)
    # People newly mentioned by the edit are told; everyone already notified of this post is not told twice.
    _notify("post", post.pk)
    return post


@transaction.atomic
def post_delete(*, user: User, post: Post) -> None:
    """Authors delete their posts; the space's moderators remove others' through moderation (with a reason)."""
    if not can(user, "post.edit", post):
        raise PermissionDenied(_("Only its author can delete this post."))
    for attachment in post.attachments.all():
        for field in PHOTO_SIZES:
            file_delete_on_commit(getattr(attachment, field))
    post.attachments.all().delete()
    # A save, not an update(): the hosting log (parvis/hosting) records the deletion from the model's signal.
    post.status, post.body, post.body_html, post.link_preview = Status.DELETED, "", "", None
    post.save(update_fields=["status", "body", "body_html", "link_preview"])
    post.revisions.all().delete()


@transaction.atomic
def post_share(*, user: User, post: Post, into: Space, body: str = "") -> Post:
    """Share a public post into another space, with an optional word. Private posts cannot travel."""
    if not post.is_visible_to(None):
        raise PermissionDenied(_("Only public posts can be shared."))
    if not can(user, "space.post", into):
        raise PermissionDenied(_("You cannot publish in this space."))
    body = check_text(body, required=False, limit=2000)
    people, spaces, urls = resolve_mentions(body, readers_of=into)
    share = Post.objects.create(
        space=into, author=user, body=body, body_html=render_markdown(body, urls), shared_post=post
    )
    share.mentioned_users.set(people)
    _notify("post", share.pk)
    return share


@transaction.atomic
def comment_create(*, author: User, post: Post, body: str, parent: Comment | None = None) -> Comment:
    # Whoever may read a post may answer it: members in a private space, any signed-in person in a public one.
    post = Post.objects.visible_to(author).select_related("space").filter(pk=post.pk).first()
    if post is None or not author.is_authenticated:
        raise PermissionDenied(_("You cannot comment on this post."))
    check_rate(f"comment:{author.pk}", 60, 10 * 60)
    body = check_text(body, required=True, limit=5000)
    if parent is not None:
        if parent.post_id != post.pk or parent.status != Status.PUBLISHED:
            raise ValidationError({"parent": _("This reply does not belong to this post.")})
        parent = parent.parent or parent  # one level of replies: answer the thread, not the reply
    people, _spaces, urls = resolve_mentions(body, readers_of=post.space)
    comment = Comment.objects.create(
        post=post, author=author, parent=parent, body=body, body_html=render_markdown(body, urls)
    )
    comment.mentioned_users.set(people)
    Post.objects.filter(pk=post.pk).update(comment_count=F("comment_count") + 1)
    _notify("comment", comment.pk)
    return comment


@transaction.atomic
def comment_edit(*, editor: User, comment: Comment, body: str) -> Comment:
    """Its author rewrites a published comment on a post they may still read; the comment then says it was edited,
    and when. A comment a moderator hid or removed stays as the moderator left it."""
    comment = Comment.objects.select_for_update().select_related("post__space").get(pk=comment.pk)
    if (
        not can(editor, "comment.edit", comment)
        or comment.status != Status.PUBLISHED
        or not Post.objects.visible_to(editor).filter(pk=comment.post_id).exists()
    ):
        raise PermissionDenied(_("Only its author can edit this comment."))
    body = check_text(body, required=True, limit=5000)
    if body == comment.body:
        return comment
    people, _spaces, urls = resolve_mentions(body, readers_of=comment.post.space)
    comment.body = body
    comment.body_html = render_markdown(body, urls)
    comment.edited_at = timezone.now()
    comment.save(update_fields=["body", "body_html", "edited_at"])
    comment.mentioned_users.set(people)
    # People newly mentioned are told; those already notified of this comment are not told twice.
    _notify("comment", comment.pk)
    return comment


@transaction.atomic
def comment_delete(*, user: User, comment: Comment) -> None:
    """Authors delete their comments; the space's moderators remove others' through moderation (with a reason)."""
    if not can(user, "comment.edit", comment):
        raise PermissionDenied(_("Only its author can delete this comment."))
    comment_withdraw(comment=comment)


@transaction.atomic
def comment_withdraw(*, comment: Comment) -> None:
    """Delete a comment once its author is known to be the one asking: `comment_delete` for a person; federation
    for a remote author's Delete (its account here is inactive, so `can` would refuse it)."""
    if comment.status == Status.PUBLISHED:
        Post.objects.filter(pk=comment.post_id).update(comment_count=F("comment_count") - 1)
    # A save, not an update(): the hosting log records the deletion from the model's signal.
    comment.status, comment.body, comment.body_html = Status.DELETED, "", ""
    comment.save(update_fields=["status", "body", "body_html"])


@transaction.atomic
def reaction_set(*, user: User, post: Post, kind: str | None) -> Reaction | None:
    """Set, change or (with kind None) remove the person's reaction to a post they may read."""
    if not Post.objects.visible_to(user).published().filter(pk=post.pk).exists() or not user.is_authenticated:
        raise PermissionDenied(_("You cannot react to this post."))
    if kind is not None and kind not in ReactionKind.values:
        raise ValidationError({"kind": _("Unknown reaction.")})
    existing = Reaction.objects.select_for_update().filter(post=post, user=user).first()
    if kind is None:
        if existing:
            existing.delete()
            Post.objects.filter(pk=post.pk).update(reaction_count=F("reaction_count") - 1)
        return None
    if existing:
        existing.kind = kind
        existing.save(update_fields=["kind"])
        return existing
    try:
        with transaction.atomic():
            reaction = Reaction.objects.create(post=post, user=user, kind=kind)
    except IntegrityError:  # a double click: the first one counted
        return Reaction.objects.get(post=post, user=user)
    Post.objects.filter(pk=post.pk).update(reaction_count=F("reaction_count") + 1)
    hooks.reacted.send(kind="post", target_id=post.pk, actor_id=user.pk)  # its author, told in one grouped row
    return reaction


def _notify(kind: str, target_id: int) -> None:
    """Tell the apps above after commit (notifications asks the kind's `audience` in `kinds.py`, and tells those who
    may read it, by the visibility rule)."""
    hooks.activity.send(kind=kind, target_id=target_id)
