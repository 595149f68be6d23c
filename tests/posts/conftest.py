from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from parvis.posts.services import post_create
from parvis.spaces.models import Membership, MembershipStatus


def photo(name="photo.jpg", size=(1200, 900), color=(20, 120, 200)) -> SimpleUploadedFile:
    image = Image.new("RGB", size, color)
    exif = Image.Exif()
    exif[0x8825] = {1: "N", 2: (49.0, 26.0, 0.0)}  # a GPS position that must not survive
    buffer = BytesIO()
    image.save(buffer, format="JPEG", exif=exif)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def add_member(space, user):
    Membership.objects.update_or_create(space=space, user=user, defaults={"status": MembershipStatus.ACTIVE})


@pytest.fixture
def private_post(spaces, inhabitant):
    return post_create(author=inhabitant, space=spaces["members"], body="Réunion secrète des voisins du troisième")


@pytest.fixture
def public_post(spaces, inhabitant):
    return post_create(author=inhabitant, space=spaces["public"], body="Fête des voisins samedi sur la place")
