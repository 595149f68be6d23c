"""Every write of a group's toolbox: pinning posts, saving posts for later, sharing files and their new versions.
Pages, the API, the demo and the tests call these, which check the permission table (`post.pin`, `file.upload`,
`file.edit`) and refuse bad input with a sentence.

Rules: at most three pinned posts per group (counted under the group's row lock, so that two administrators
pinning at once cannot make four); a saved post is the person's own and only a post they may read; a file is a PDF,
an office file or a picture, recognised by its content, under PARVIS_GROUP_FILE_MAX_BYTES; a new version keeps the
earlier ones."""

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from parvis.core.documents import check_document
from parvis.core.files import atomic_with_files, file_save
from parvis.core.permissions import can
from parvis.core.ratelimit import check_rate
from parvis.core.text import clean_name
from parvis.posts.models import Post
from parvis.spaces.models import Space

from .models import MAX_PINS, TITLE_LIMIT, FileVersion, GroupFile, Pin, SavedPost

NAME_LIMIT = 200


# Pins --------------------------------------------------------------------------------------------------------------


@transaction.atomic
def post_pin(*, actor, post: Post) -> Pin:
    """Pin a post on top of its group. A fourth pin is refused with a sentence saying what to do."""
    space = post.space
    if not can(actor, "post.pin", space):
        raise PermissionDenied(_("Only the group's administrators pin posts."))
    Space.objects.select_for_update().filter(pk=space.pk).first()  # pins of one group are counted one at a time
    if not Post.objects.published().filter(pk=post.pk, space=space).exists():
        raise ValidationError(_("This post can no longer be pinned."))
    existing = Pin.objects.filter(post=post).first()
    if existing is not None:
        return existing
    if Pin.objects.filter(space=space).count() >= MAX_PINS:
        raise ValidationError(
            _("A group pins at most %(count)s posts: unpin one of them before pinning this one.") % {"count": MAX_PINS}
        )
    return Pin.objects.create(space=space, post=post, pinned_by=actor)


@transaction.atomic
def post_unpin(*, actor, post: Post) -> None:
    if not can(actor, "post.pin", post.space):
        raise PermissionDenied(_("Only the group's administrators pin posts."))
    Pin.objects.filter(post=post).delete()


# Saved posts -------------------------------------------------------------------------------------------------------


def post_save_for_later(*, user, post: Post) -> SavedPost:
    """Keep a post in the person's "Saved" list (saving it twice keeps one)."""
    if not post.is_visible_to(user):
        raise PermissionDenied(_("You cannot save this post."))
    try:
        with transaction.atomic():
            saved, _created = SavedPost.objects.get_or_create(user=user, post=post)
    except IntegrityError:  # two clicks at once: the other one saved it
        saved = SavedPost.objects.get(user=user, post=post)
    return saved


def post_unsave(*, user, post_id: int) -> None:
    SavedPost.objects.filter(user=user, post_id=post_id).delete()


# Files -------------------------------------------------------------------------------------------------------------


def _clean_title(title: str, fallback: str) -> str:
    title = clean_name((title or "").replace("\x00", "")) or clean_name(fallback)
    if not title:
        raise ValidationError({"title": _("Give the file a title.")})
    if len(title) > TITLE_LIMIT:
        raise ValidationError(
            {
                "title": _("The title is too long (%(length)s characters; at most %(limit)s).")
                % {"length": len(title), "limit": TITLE_LIMIT}
            }
        )
    return title


def _clean_name(upload) -> str:
    """The name the person's computer gave the file, for display only (the stored name is random)."""
    name = (getattr(upload, "name", "") or "").replace("\x00", "").replace("/", "_").replace("\\", "_").strip()
    return (name or _("document"))[:NAME_LIMIT]


def _add_version(*, group_file: GroupFile, upload, actor) -> FileVersion:
    if upload is None:
        raise ValidationError({"document": _("Choose the file to send.")})
    try:
        document = check_document(upload, max_bytes=settings.PARVIS_GROUP_FILE_MAX_BYTES)
    except ValidationError as error:
        raise ValidationError({"document": error.messages}) from error
    version = FileVersion(
        file=group_file,
        number=group_file.version_count + 1,
        original_name=_clean_name(upload),
        content_type=document.content_type,
        extension=document.extension,
        size=document.size,
        uploaded_by=actor,
    )
    file_save(version.document, document.content.name, document.content)
    version.save()
    GroupFile.objects.filter(pk=group_file.pk).update(version_count=version.number, updated_at=timezone.now())
    group_file.version_count = version.number
    return version


@atomic_with_files()
def file_upload(*, actor, space: Space, upload, title: str = "") -> GroupFile:
    """Share a new document in the group's files (its members)."""
    if not can(actor, "file.upload", space):
        raise PermissionDenied(_("Only the group's members share files here."))
    check_rate(f"groupfile:{actor.pk}", 30, 60 * 60)
    title = _clean_title(title, _clean_name(upload).rsplit(".", 1)[0] if upload is not None else "")
    group_file = GroupFile.objects.create(space=space, author=actor, title=title)
    _add_version(group_file=group_file, upload=upload, actor=actor)
    return group_file


@atomic_with_files()
def file_version_add(*, actor, group_file: GroupFile, upload) -> FileVersion:
    """A new version of a file, by its author or a moderator of the group: the earlier versions stay listed."""
    if not can(actor, "file.edit", group_file) or not group_file.is_visible_to(actor):
        raise PermissionDenied(_("Only the person who shared this file or a moderator sends a new version."))
    check_rate(f"groupfile:{actor.pk}", 30, 60 * 60)
    group_file = GroupFile.objects.select_for_update().get(pk=group_file.pk)
    return _add_version(group_file=group_file, upload=upload, actor=actor)
