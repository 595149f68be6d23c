"""The one media pipeline: every uploaded picture of a post, a listing, a message or an event goes through here.

Upload → check by content (`images.open_upload`: JPEG, PNG, WebP, GIF decoders only, size and pixel limits) →
re-encode (JPEG, which drops EXIF, GPS and anything hidden in the file) in each size the carrier keeps → alt text
→ storage. Which storage is decided by the visibility of what carries the file:

- content files (posts' and events' photos, listings' photos, message attachments) go to the **private** storage
  (outside MEDIA_ROOT on the filesystem, a private location with signed expiring URLs on S3) and are served only by
  `media_file` (or an app's own view calling `serve`) after the visibility rule of their carrier;
- the **public** storage ("default") keeps what is public by nature and has no carrier to ask (avatars).

Why content of public spaces is private too: a space's visibility changes (public → members only), and moderation
hides a post. A file once published under a public URL stays reachable by anyone who kept the URL (or in a cache),
and moving every file of a space when its setting changes is a second write path that can fail half-way. Asking the
rule at each request costs one indexed query, and `PARVIS_SENDFILE` hands the bytes to nginx (X-Accel-Redirect) or
Apache (X-Sendfile); on S3 the reader is redirected to a signed URL that expires.

Content apps register their carriers in `AppConfig.ready()` with `register_carrier`; core imports no Parvis app.
"""

import mimetypes
import os
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from urllib.parse import quote

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage, storages
from django.core.signals import setting_changed
from django.db.models import Model, QuerySet
from django.http import FileResponse, Http404, HttpResponse, HttpResponseRedirect, StreamingHttpResponse
from django.urls import reverse
from django.utils.functional import LazyObject, cached_property, empty
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from parvis.core.files import file_save
from parvis.core.images import encode_jpeg, open_upload

# Browsers keep a private file for an hour; shared caches never (the answer depends on who asks).
CACHE_CONTROL = "private, max-age=3600"


# Storages ------------------------------------------------------------------------------------------------------


class PrivateFileSystemStorage(FileSystemStorage):
    """Files under PARVIS_PRIVATE_MEDIA_ROOT, which no web server publishes. `url()` refuses: nothing can build a
    public URL for these files by mistake; the way to one is a view that checks who asks."""

    @cached_property
    def base_location(self):
        return self._value_or_setting(self._location, settings.PARVIS_PRIVATE_MEDIA_ROOT)

    @cached_property
    def location(self):
        return os.path.abspath(self.base_location)

    def _clear_cached_properties(self, setting, **kwargs):
        super()._clear_cached_properties(setting, **kwargs)
        if setting == "PARVIS_PRIVATE_MEDIA_ROOT":
            self.__dict__.pop("base_location", None)
            self.__dict__.pop("location", None)

    def url(self, name):
        raise ValueError("private files have no public URL: serve them through a view that checks the reader")


class _PrivateStorage(LazyObject):
    def _setup(self):
        self._wrapped = storages["private"]


_private = _PrivateStorage()


def _reset_private(*, setting, **kwargs):
    if setting == "STORAGES":
        _private._wrapped = empty


setting_changed.connect(_reset_private, dispatch_uid="parvis.core.media.private")


def private_storage():
    """For `FileField(storage=private_storage)`: the "private" storage of STORAGES, looked up when first used (and
    again when the settings change, so that tests may run the same code against S3)."""
    return _private


# The pipeline --------------------------------------------------------------------------------------------------


def clean_alt_text(text: str | None, *, limit: int, required: bool, field: str) -> str:
    """The image's description for people who cannot see it: required for what is published to many."""
    text = (text or "").replace("\x00", "").strip()
    if required and not text:
        raise ValidationError({field: _("Describe each photo in a few words, for people who cannot see it.")})
    return text[:limit]


@dataclass(frozen=True)
class Stored:
    width: int
    height: int


def attach_image(
    instance: Model, upload, *, sizes: dict[str, int | None], max_bytes: int, field: str = "photos"
) -> Stored:
    """Check `upload` by its content, re-encode it once per entry of `sizes` (file field name → longest side, None
    for the original size) and save each file on `instance`'s field, without saving the row. Call inside
    `files.atomic_with_files`, so that a later failure removes the files. ValidationError under `field` for a file
    that is not an image we accept; nothing is written then. The first size gives the width and height."""
    try:
        image = open_upload(upload, max_bytes=max_bytes)
    except ValidationError as error:
        raise ValidationError({field: error.messages}) from error
    stored = None
    for name, side in sizes.items():
        encoded = encode_jpeg(image, max_side=side)
        if stored is None:
            stored = Stored(*encoded.image_size)
        file_save(getattr(instance, name), encoded.name, encoded)
    return stored


# Carriers and serving ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Carrier:
    kind: str
    model: type[Model]
    # The rows of `model` whose files this reader may fetch: the carrier's own visibility rule.
    readable: Callable[[object], QuerySet]
    fields: tuple[str, ...]


_carriers: dict[str, Carrier] = {}


def register_carrier(kind: str, *, model: type[Model], readable: Callable, fields: Iterable[str]) -> None:
    """Called from a content app's `AppConfig.ready()`: files of `model` are served by `media_file` to the readers
    `readable(user)` lets through."""
    _carriers[kind] = Carrier(kind=kind, model=model, readable=readable, fields=tuple(fields))


def carriers() -> list[Carrier]:
    return list(_carriers.values())


def media_url(instance: Model, field: str) -> str:
    """The checking view's URL of one file of a registered carrier ("" when the field is empty)."""
    if not getattr(instance, field):
        return ""
    for carrier in _carriers.values():
        if isinstance(instance, carrier.model) and field in carrier.fields:
            return reverse("media_file", kwargs={"kind": carrier.kind, "pk": instance.pk, "field": field})
    raise LookupError(f"{type(instance).__name__}.{field} is not a registered media field")


def serve(request, field_file, *, content_type: str = "") -> HttpResponse:
    """The file's bytes for a reader the caller has already checked. Local files go by PARVIS_SENDFILE (nginx's
    X-Accel-Redirect under PARVIS_SENDFILE_PREFIX, Apache's X-Sendfile) or are streamed by Django; files of a
    storage without local paths (S3) by a redirect to a signed URL that expires."""
    storage, name = field_file.storage, field_file.name
    content_type = content_type or mimetypes.guess_type(name)[0] or "application/octet-stream"
    try:
        path = storage.path(name)
    except NotImplementedError:
        response = HttpResponseRedirect(storage.url(name))
    else:
        mode = settings.PARVIS_SENDFILE
        if mode == "x-accel-redirect":
            response = HttpResponse(content_type=content_type)
            response["X-Accel-Redirect"] = settings.PARVIS_SENDFILE_PREFIX.rstrip("/") + "/" + quote(name)
        elif mode == "x-sendfile":
            response = HttpResponse(content_type=content_type)
            response["X-Sendfile"] = path
        else:
            try:
                response = _ranged(request, storage.open(name, "rb"), content_type)
            except FileNotFoundError as error:
                raise Http404 from error
    response["Cache-Control"] = CACHE_CONTROL
    response["Vary"] = "Cookie"
    response["X-Content-Type-Options"] = "nosniff"
    # Should the file ever be opened as a page, it runs nothing.
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")


def _ranged(request, handle, content_type: str) -> HttpResponse:
    """The whole file, or the one byte range asked (`Range: bytes=a-b`, `a-`, `-n`): a video player seeks with
    ranges, and Safari plays an MP4 only from a server that answers them. Several ranges at once are answered
    with the whole file, which the standard allows."""
    size = handle.size
    found = RANGE.match(request.headers.get("Range", "").strip())
    if found is None or found.groups() == ("", ""):
        response = FileResponse(handle, content_type=content_type)
        response["Accept-Ranges"] = "bytes"
        return response
    first, last = found.groups()
    if first:
        start, end = int(first), min(int(last), size - 1) if last else size - 1
    else:
        start, end = max(0, size - int(last)), size - 1
    if start >= size or end < start:
        handle.close()
        response = HttpResponse(status=416)
        response["Content-Range"] = f"bytes */{size}"
        return response
    handle.seek(start)
    response = StreamingHttpResponse(_slices(handle, end - start + 1), status=206, content_type=content_type)
    response["Content-Range"] = f"bytes {start}-{end}/{size}"
    response["Content-Length"] = str(end - start + 1)
    response["Accept-Ranges"] = "bytes"
    return response


def _slices(handle, remaining: int, block: int = 64 * 1024):
    try:
        while remaining > 0:
            data = handle.read(min(block, remaining))
            if not data:
                break
            remaining -= len(data)
            yield data
    finally:
        handle.close()


@require_safe
def media_file(request, kind: str, pk: int, field: str):
    """One file of a registered carrier, for a reader its rule lets through; 404 for anyone else, as for a file that
    does not exist (a private file's existence is private too)."""
    carrier = _carriers.get(kind)
    if carrier is None or field not in carrier.fields:
        raise Http404
    instance = carrier.readable(request.user).filter(pk=pk).only("pk", field).first()
    if instance is None or not getattr(instance, field):
        raise Http404
    return serve(request, getattr(instance, field))


def move_to_private(model, fields: Iterable[str]) -> None:
    """For data migrations: files of `model` written to the public storage before it moved to the private one are
    moved there (a copy, the row updated if the name had to change, then the public file deleted)."""
    public, private = storages["default"], private_storage()
    for row in model._default_manager.all().iterator():
        changed = []
        for field in fields:
            name = getattr(row, field).name
            if not name or not public.exists(name) or private.exists(name):
                continue
            with public.open(name, "rb") as handle:
                saved = private.save(name, handle)
            if saved != name:
                setattr(row, field, saved)
                changed.append(field)
            public.delete(name)
        if changed:
            row.save(update_fields=changed)
