"""Documents through the media pipeline: a PDF, an office file (Word, Excel, PowerPoint, OpenDocument) or a picture,
recognised by its content, never by its name or the type the browser claims.

Pictures are re-encoded as every picture is (`images.open_upload`, `encode_jpeg`: EXIF and GPS dropped). A PDF must
begin as one; an office file is a ZIP archive holding the parts its format requires, without macros, whose contents
unpacked stay within bounds (a small archive that unpacks to gigabytes is refused). The stored name is random, with
the extension of the format found: the name the person gave is kept apart, for display only.
"""

import zipfile
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.template.defaultfilters import filesizeformat
from django.utils.crypto import get_random_string
from django.utils.translation import gettext as _

from .images import encode_jpeg, open_upload

# An office archive larger than this once unpacked, or with more parts, is refused (a "zip bomb").
MAX_UNPACKED = 200 * 1024 * 1024
MAX_PARTS = 5000

OPEN_DOCUMENT = {
    b"application/vnd.oasis.opendocument.text": ("odt", "application/vnd.oasis.opendocument.text"),
    b"application/vnd.oasis.opendocument.spreadsheet": ("ods", "application/vnd.oasis.opendocument.spreadsheet"),
    b"application/vnd.oasis.opendocument.presentation": ("odp", "application/vnd.oasis.opendocument.presentation"),
}
OFFICE_OPEN_XML = {
    "word/": ("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    "xl/": ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "ppt/": ("pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation"),
}
IMAGE_SIGNATURES = (b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n", b"GIF87a", b"GIF89a", b"RIFF")


@dataclass(frozen=True)
class Document:
    content: ContentFile  # what to store, under a random name with the format's extension
    extension: str
    content_type: str
    size: int


def _refuse() -> ValidationError:
    return ValidationError(
        _(
            "This file is not a document we accept. Send a PDF, a Word, Excel, PowerPoint or OpenDocument file, "
            "or a picture."
        ),
        code="not_a_document",
    )


def _office(upload) -> tuple[str, str]:
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            infos = archive.infolist()
            if len(infos) > MAX_PARTS or sum(info.file_size for info in infos) > MAX_UNPACKED:
                raise _refuse()
            names = {info.filename for info in infos}
            if any(name.lower().endswith("vbaproject.bin") for name in names):
                raise ValidationError(
                    _(
                        "This office file holds macros, which could run on the readers' computers: "
                        "save it without macros."
                    ),
                    code="macros",
                )
            if "mimetype" in names:
                found = OPEN_DOCUMENT.get(archive.read("mimetype").strip())
                if found and "content.xml" in names:
                    return found
            if "[Content_Types].xml" in names:
                for prefix, found in OFFICE_OPEN_XML.items():
                    if any(name.startswith(prefix) for name in names):
                        return found
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, KeyError, RuntimeError) as error:
        raise _refuse() from error
    raise _refuse()


def check_document(upload, *, max_bytes: int) -> Document:
    """The upload as a document to store, or a ValidationError a person can act on. Nothing is written here."""
    if upload.size > max_bytes:
        raise ValidationError(
            _("The file is too large (%(size)s); the limit is %(limit)s.")
            % {"size": filesizeformat(upload.size), "limit": filesizeformat(max_bytes)},
            code="too_large",
        )
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if head.startswith(b"%PDF-"):
        upload.seek(0)
        content = ContentFile(upload.read(), name=f"{get_random_string(16)}.pdf")
        return Document(content, "pdf", "application/pdf", content.size)
    if head.startswith(b"PK\x03\x04"):
        extension, content_type = _office(upload)
        upload.seek(0)
        content = ContentFile(upload.read(), name=f"{get_random_string(16)}.{extension}")
        return Document(content, extension, content_type, content.size)
    if head.startswith(IMAGE_SIGNATURES):
        encoded = encode_jpeg(open_upload(upload, max_bytes=max_bytes))
        return Document(encoded, "jpg", "image/jpeg", encoded.size)
    raise _refuse()
