"""What a shared document may be, checked by its content and not by its name: a PDF, an OpenDocument or an Office
(Open XML, or the older binary) file, under the size limit (PARVIS_NETWORK_DOCUMENT_MAX_BYTES)."""

import zipfile

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
OOXML = {
    "word/": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xl/": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "ppt/": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
}
ODF = {
    "application/vnd.oasis.opendocument.text",
    "application/vnd.oasis.opendocument.spreadsheet",
    "application/vnd.oasis.opendocument.presentation",
}


def _zip_type(upload) -> str:
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            names = archive.namelist()
            if "mimetype" in names:
                mimetype = archive.read("mimetype")[:100].decode("ascii", "replace").strip()
                if mimetype in ODF:
                    return mimetype
            if "[Content_Types].xml" in names:
                for prefix, mimetype in OOXML.items():
                    if any(name.startswith(prefix) for name in names):
                        return mimetype
    except (zipfile.BadZipFile, OSError, ValueError):
        return ""
    finally:
        upload.seek(0)
    return ""


def document_type(upload) -> str:
    """The file's type found in its bytes; ValidationError (under "file") for too big or not a document."""
    if upload is None:
        raise ValidationError({"file": _("Choose the file to share.")})
    limit = settings.PARVIS_NETWORK_DOCUMENT_MAX_BYTES
    if upload.size > limit:
        raise ValidationError(
            {
                "file": _("This file is too big (%(size)s MB): the limit is %(limit)s MB.")
                % {"size": round(upload.size / 1_000_000, 1), "limit": round(limit / 1_000_000)}
            }
        )
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if head.startswith(b"%PDF-"):
        return "application/pdf"
    if head == OLE2:
        return "application/msword"
    if head.startswith(b"PK\x03\x04"):
        found = _zip_type(upload)
        if found:
            return found
    raise ValidationError(
        {"file": _("This file is not a document we accept: share a PDF, a text, spreadsheet or presentation file.")}
    )
