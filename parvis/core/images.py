"""Uploaded images: checked, re-encoded (which drops EXIF, GPS and anything hidden in the file), resized."""

from io import BytesIO

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.template.defaultfilters import filesizeformat
from django.utils.crypto import get_random_string
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

# Decompression bombs: refuse images whose pixel count would exhaust memory before any resizing.
MAX_PIXELS = 40_000_000
# The only decoders an upload reaches: the formats browsers show. Pillow's other plug-ins (EPS through Ghostscript,
# PSD, TIFF, ICO, the rare formats of the old advisories) never parse a stranger's file.
FORMATS = ("JPEG", "PNG", "WEBP", "GIF")


def open_upload(upload, *, max_bytes: int) -> Image.Image:
    """The upload as an upright RGB image, or a ValidationError a person can act on."""
    if upload.size > max_bytes:
        raise ValidationError(
            _("The image is too large (%(size)s); the limit is %(limit)s.")
            % {"size": filesizeformat(upload.size), "limit": filesizeformat(max_bytes)},
            code="too_large",
        )
    try:
        upload.seek(0)
        with Image.open(upload, formats=FORMATS) as probe:
            probe.verify()
        upload.seek(0)
        image = Image.open(upload, formats=FORMATS)
        if image.width * image.height > MAX_PIXELS:
            raise ValidationError(_("The image has too many pixels."), code="too_many_pixels")
        return ImageOps.exif_transpose(image).convert("RGB")
    except Image.DecompressionBombError as error:
        raise ValidationError(_("The image has too many pixels."), code="too_many_pixels") from error
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
        raise ValidationError(
            _("This file is not an image we accept. Send a JPEG, PNG, WebP or GIF picture."), code="not_an_image"
        ) from error


def encode_jpeg(image: Image.Image, *, max_side: int | None = None, square: int | None = None) -> ContentFile:
    if square:
        image = ImageOps.fit(image, (square, square))
    elif max_side and max(image.size) > max_side:
        image = image.copy()
        image.thumbnail((max_side, max_side))
    buffer = BytesIO()
    image.save(buffer, format="JPEG", quality=85, optimize=True, progressive=True)
    content = ContentFile(buffer.getvalue(), name=f"{get_random_string(16)}.jpg")
    content.image_size = image.size
    return content
