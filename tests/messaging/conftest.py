from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from parvis.messaging.services import conversation_start
from parvis.spaces.models import Membership, MembershipStatus, Role, Visibility


def add_member(space, user, role=Role.MEMBER):
    return Membership.objects.create(space=space, user=user, role=role, status=MembershipStatus.ACTIVE)


@pytest.fixture
def group(spaces, neighbour):
    """The inhabitant's public group, which the neighbour joined: the two share a group, the outsider does not."""
    add_member(spaces[Visibility.PUBLIC], neighbour)
    return spaces[Visibility.PUBLIC]


@pytest.fixture
def conversation(group, inhabitant, neighbour):
    return conversation_start(initiator=inhabitant, participants=[neighbour], first_message="Bonjour voisin, secret 42")


def png_upload(name="photo.png", size=(40, 30)) -> SimpleUploadedFile:
    buffer = BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


@pytest.fixture(autouse=True)
def _every_test(fresh_rate_counters):
    """Fresh rate counters for every test (tests/conftest.py)."""
