"""A group's toolbox under /api/v1/toolbox: pinned posts, the caller's saved posts, the group's files and their
versions. The same services and visibility rule as the pages: what one may not read is a 404, as on its page."""

import base64
import binascii
from datetime import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status

from parvis.core.api_auth import PUBLIC, SIGNED_IN
from parvis.core.links import absolute_url
from parvis.core.schemas import ErrorOut, Id, Text
from parvis.posts.models import Post
from parvis.spaces.models import Space

from . import reads, services
from .models import TITLE_LIMIT, GroupFile, SavedPost

router = Router(tags=["toolbox"])


class PostRefOut(Schema):
    post_id: int
    space_slug: str
    body: str
    author_name: str
    url: str


class SavedOut(PostRefOut):
    saved_at: datetime


class VersionOut(Schema):
    number: int
    name: str
    format: str
    size: int
    created_at: datetime
    download_url: str


class FileOut(Schema):
    id: int
    space_slug: str
    title: str
    author_name: str
    updated_at: datetime
    url: str
    versions: list[VersionOut]


class DocumentIn(Schema):
    # Base64 of the file: a JSON body carries no file. The size limit is the service's, said in a sentence.
    data: Text(settings.DATA_UPLOAD_MAX_MEMORY_SIZE) = Field(description="The file's bytes, in base64")
    name: Text(200) = Field(default="", description="The file's name, shown to readers (never used to store it)")


class FileIn(DocumentIn):
    title: Text(TITLE_LIMIT) = ""


def _upload(document: DocumentIn) -> SimpleUploadedFile:
    try:
        content = base64.b64decode(document.data, validate=True)
    except (binascii.Error, ValueError) as error:
        raise ValidationError(
            {"document": _("The file is not valid base64: send the file's bytes encoded in base64.")}
        ) from error
    return SimpleUploadedFile(document.name or "document", content)


def _post_ref(post: Post) -> dict:
    return {
        "post_id": post.pk,
        "space_slug": post.space.slug,
        "body": post.body,
        "author_name": post.author.public_name,
        "url": absolute_url(post.get_absolute_url()),
    }


def _file_out(group_file: GroupFile) -> dict:
    return {
        "id": group_file.pk,
        "space_slug": group_file.space.slug,
        "title": group_file.title,
        "author_name": group_file.author.public_name,
        "updated_at": group_file.updated_at,
        "url": absolute_url(group_file.get_absolute_url()),
        "versions": [
            {
                "number": version.number,
                "name": version.original_name,
                "format": version.extension,
                "size": version.size,
                "created_at": version.created_at,
                "download_url": absolute_url(version.get_absolute_url()),
            }
            for version in group_file.versions.all()
        ],
    }


def _readable_space(request, slug: str) -> Space:
    space = get_object_or_404(Space.objects.listed_for(request.auth), slug=slug)
    if not space.is_readable_by(request.auth):
        raise Http404
    return space


def _readable_post(request, post_id: int) -> Post:
    return get_object_or_404(Post.objects.visible_to(request.auth).select_related("space", "author"), pk=post_id)


def _visible_file(request, file_id: int) -> GroupFile:
    return get_object_or_404(
        GroupFile.objects.visible_to(request.auth).select_related("space", "author").prefetch_related("versions"),
        pk=file_id,
    )


# Pins --------------------------------------------------------------------------------------------------------------


@router.get(
    "/spaces/{slug}/pins",
    response={200: list[PostRefOut], 404: ErrorOut},
    auth=PUBLIC,
    summary="The posts pinned on top of a group",
)
def pin_list(request, slug: str):
    space = _readable_space(request, slug)
    return [_post_ref(post) for post in reads.pinned_posts(space, request.auth)]


@router.post(
    "/posts/{post_id}/pin",
    response={201: PostRefOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    auth=SIGNED_IN,
    summary="Pin a post on top of its group (its administrators; three at most)",
)
def pin_add(request, post_id: int):
    post = _readable_post(request, post_id)
    services.post_pin(actor=request.auth, post=post)
    return Status(201, _post_ref(post))


@router.delete(
    "/posts/{post_id}/pin", response={204: None, 403: ErrorOut, 404: ErrorOut}, auth=SIGNED_IN, summary="Unpin a post"
)
def pin_remove(request, post_id: int):
    services.post_unpin(actor=request.auth, post=_readable_post(request, post_id))
    return Status(204, None)


# Saved posts -------------------------------------------------------------------------------------------------------


@router.get("/saved", response=list[SavedOut], auth=SIGNED_IN, summary="My saved posts (mine only)")
def saved_list(request):
    rows = SavedPost.objects.of(request.auth).select_related("post__space", "post__author")[:200]
    return [{**_post_ref(row.post), "saved_at": row.created_at} for row in rows]


@router.put(
    "/saved/{post_id}", response={200: SavedOut, 404: ErrorOut}, auth=SIGNED_IN, summary="Save a post for later"
)
def saved_add(request, post_id: Id):
    post = _readable_post(request, post_id)
    saved = services.post_save_for_later(user=request.auth, post=post)
    return {**_post_ref(post), "saved_at": saved.created_at}


@router.delete("/saved/{post_id}", response={204: None}, auth=SIGNED_IN, summary="Remove a post from my saved posts")
def saved_remove(request, post_id: Id):
    services.post_unsave(user=request.auth, post_id=post_id)
    return Status(204, None)


# Files -------------------------------------------------------------------------------------------------------------


@router.get(
    "/spaces/{slug}/files", response={200: list[FileOut], 404: ErrorOut}, auth=PUBLIC, summary="A group's files"
)
def file_list(request, slug: str):
    space = _readable_space(request, slug)
    return [_file_out(f) for f in reads.group_files(space, request.auth).prefetch_related("versions")[:100]]


@router.get(
    "/files/{file_id}", response={200: FileOut, 404: ErrorOut}, auth=PUBLIC, summary="One file and its versions"
)
def file_detail(request, file_id: int):
    return _file_out(_visible_file(request, file_id))


@router.post(
    "/spaces/{slug}/files",
    response={201: FileOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 429: ErrorOut},
    auth=SIGNED_IN,
    summary="Share a file in a group (PDF, office file or picture)",
)
def file_create(request, slug: str, payload: FileIn):
    space = _readable_space(request, slug)
    group_file = services.file_upload(actor=request.auth, space=space, upload=_upload(payload), title=payload.title)
    return Status(201, _file_out(_visible_file(request, group_file.pk)))


@router.post(
    "/files/{file_id}/versions",
    response={201: FileOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 429: ErrorOut},
    auth=SIGNED_IN,
    summary="Send a new version of a file (its author or a moderator); the earlier ones stay",
)
def file_version_create(request, file_id: int, payload: DocumentIn):
    group_file = _visible_file(request, file_id)
    services.file_version_add(actor=request.auth, group_file=group_file, upload=_upload(payload))
    return Status(201, _file_out(_visible_file(request, file_id)))
