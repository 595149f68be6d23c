"""A space's cover picture: uploaded by its administrators through the media pipeline, shown on its page and its card,
served to whoever may see the space listed, and a drawn cover (nature and initials) when there is none."""

from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from parvis.spaces.models import Space

pytestmark = pytest.mark.django_db


def photo(size=(1200, 400)) -> SimpleUploadedFile:
    exif = Image.Exif()
    exif[0x8825] = {1: "N", 2: (49.0, 26.0, 0.0)}  # a GPS position that must not survive
    buffer = BytesIO()
    Image.new("RGB", size, (30, 110, 60)).save(buffer, format="JPEG", exif=exif)
    return SimpleUploadedFile("lavoir.jpg", buffer.getvalue(), content_type="image/jpeg")


def cover_url(space) -> str:
    return f"/fichiers/space-cover/{space.pk}/cover/"


def test_an_administrator_sets_a_cover_that_everyone_sees_on_a_public_space(client, inhabitant, spaces):
    space = spaces["public"]
    client.force_login(inhabitant)
    response = client.post(
        f"/espaces/{space.slug}/couverture/", {"cover": photo(), "cover_alt": "Le lavoir au printemps"}
    )
    assert response.status_code == 302
    space.refresh_from_db()
    assert space.cover and space.cover_alt == "Le lavoir au printemps"
    page = client.get(space.get_absolute_url()).content.decode()
    assert f'src="{cover_url(space)}" alt="Le lavoir au printemps"' in page
    client.logout()
    served = client.get(cover_url(space))
    assert served.status_code == 200
    content = b"".join(served.streaming_content)
    assert Image.open(BytesIO(content)).getexif().get(0x8825) is None


def test_a_secret_space_cover_stays_hidden_from_outsiders(client, inhabitant, outsider, spaces):
    space = spaces["secret"]
    client.force_login(inhabitant)
    client.post(f"/espaces/{space.slug}/couverture/", {"cover": photo(), "cover_alt": "Notre cour"})
    assert client.get(cover_url(space)).status_code == 200
    client.force_login(outsider)
    assert client.get(cover_url(space)).status_code == 404
    client.logout()
    assert client.get(cover_url(space)).status_code == 404


def test_only_administrators_change_the_cover(client, neighbour, spaces):
    space = spaces["public"]
    client.force_login(neighbour)
    response = client.post(f"/espaces/{space.slug}/couverture/", {"cover": photo(), "cover_alt": "Intrus"})
    assert response.status_code == 403
    assert not Space.objects.get(pk=space.pk).cover


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"cover_alt": ""}, "Describe each photo"),
        ({"cover_alt": "x", "cover": SimpleUploadedFile("x.jpg", b"not an image", content_type="image/jpeg")}, ""),
        ({"cover_alt": "x"}, "Choose a picture"),
    ],
    ids=["no-description", "not-an-image", "no-file"],
)
def test_a_refused_cover_says_why_and_changes_nothing(client, inhabitant, spaces, data, message):
    space = spaces["public"]
    client.force_login(inhabitant)
    if data.get("cover_alt") == "":
        data = {**data, "cover": photo()}
    response = client.post(f"/espaces/{space.slug}/couverture/", data)
    assert response.status_code == 400
    page = response.content.decode()
    assert 'class="error-summary"' in page and message in page
    assert not Space.objects.get(pk=space.pk).cover


def test_removing_the_cover_brings_back_the_drawn_one(client, inhabitant, spaces):
    space = spaces["public"]
    client.force_login(inhabitant)
    client.post(f"/espaces/{space.slug}/couverture/", {"cover": photo(), "cover_alt": "Le lavoir"})
    client.post(f"/espaces/{space.slug}/couverture/", {"remove": "on"})
    space.refresh_from_db()
    assert not space.cover and space.cover_alt == ""
    page = client.get(space.get_absolute_url()).content.decode()
    assert "cover--voisinage" in page and "<svg" in page.split('class="cover cover--voisinage"')[1][:200]
