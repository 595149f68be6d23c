import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from parvis.posts.services import post_create
from tests.factories import add_member


def pdf(name: str = "compte-rendu.pdf", body: bytes = b"hello") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%PDF-1.4\n" + body + b"\n%%EOF\n", content_type="application/pdf")


def docx(name: str = "statuts.docx", *, macros: bool = False) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
        if macros:
            archive.writestr("word/vbaProject.bin", b"\x00macro")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="application/octet-stream")


@pytest.fixture
def group(spaces, inhabitant, neighbour):
    """The members-only group, owned by the inhabitant; the neighbour is a member."""
    add_member(spaces["members"], neighbour)
    return spaces["members"]


@pytest.fixture
def posts(group, inhabitant):
    return [post_create(author=inhabitant, space=group, body=f"Message numéro {n}") for n in range(5)]


@pytest.fixture(autouse=True)
def _every_test(english):
    """The tests read the sentences in English (the French ones are checked by the catalogue's own tests)."""
