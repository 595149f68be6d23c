from io import BytesIO

import pytest
from django.contrib.auth.models import Permission
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from parvis.messaging.services import conversation_start
from parvis.spaces.models import Membership, MembershipStatus, Role, Visibility
from tests.conftest import make_user


@pytest.fixture(autouse=True)
def _fresh_rate_counters():
    # Rate counters live in the cache, which outlives each test's database transaction.
    cache.clear()
    yield
    cache.clear()


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


@pytest.fixture
def operator_moderator(db):
    user = make_user("moderation@example.org", display_name="Équipe de modération")
    user.user_permissions.add(
        Permission.objects.get(codename="moderate_anything", content_type__app_label="moderation")
    )
    return user


def png_upload(name="photo.png", size=(40, 30)) -> SimpleUploadedFile:
    buffer = BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")
