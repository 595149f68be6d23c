"""Uploads reach only the JPEG, PNG, WebP and GIF decoders: any other format Pillow knows is refused with a
sentence, before any of its plug-ins parses the file."""

from io import BytesIO

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from PIL import Image

from parvis.core.images import open_upload


def upload_as(fmt: str, mode: str = "RGB") -> SimpleUploadedFile:
    buffer = BytesIO()
    Image.new(mode, (40, 30), 120).save(buffer, format=fmt)
    return SimpleUploadedFile(f"image.{fmt.lower()}", buffer.getvalue(), content_type="image/png")


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP", "GIF"])
def test_the_four_web_formats_are_read(fmt):
    assert open_upload(upload_as(fmt), max_bytes=1_000_000).size == (40, 30)


@pytest.mark.parametrize("fmt", ["BMP", "TIFF", "ICO", "PPM", "TGA", "PCX", "EPS"])
def test_other_formats_are_refused_with_a_sentence_naming_the_accepted_ones(fmt):
    with translation.override("fr"), pytest.raises(ValidationError) as refused:
        open_upload(upload_as(fmt), max_bytes=1_000_000)
    assert refused.value.code == "not_an_image"
    assert "JPEG, PNG, WebP ou GIF" in refused.value.messages[0]
