"""An event's album: those who took part add photos once it has begun, re-encoded without their camera's metadata,
each with its description; the album and its files follow the event's visibility rule."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from parvis.agenda.models import Event, EventPhoto, RsvpStatus
from parvis.agenda.services.photos import event_photo_add
from parvis.agenda.services.rsvps import rsvp_set
from parvis.core.media import media_url
from parvis.moderation.services import decision_take, report_create
from tests.factories import add_member, jpeg, make_event


@pytest.fixture
def outing(inhabitant, spaces, neighbour):
    """A members-only outing the neighbour went to, which began an hour ago."""
    group = spaces["members"]
    add_member(group, neighbour)
    event = make_event(inhabitant, group, "Sortie au marais", start=timezone.now() + timedelta(hours=1))
    rsvp_set(user=neighbour, event=event, status=RsvpStatus.GOING)
    Event.objects.filter(pk=event.pk).update(start=timezone.now() - timedelta(hours=1))
    event.refresh_from_db()
    return event


def test_a_participant_adds_a_photo_reencoded_without_its_gps(outing, neighbour):
    photo = event_photo_add(author=neighbour, event=outing, upload=jpeg(), alt_text="Des hérons au bord de l'eau")
    with photo.image.open("rb") as handle:
        image = Image.open(handle)
        assert not image.getexif().get(0x8825)  # no GPS block left
        assert max(image.size) <= 1600
    assert photo.image_small and photo.alt_text == "Des hérons au bord de l'eau"


def test_only_those_who_took_part_add_photos_and_only_once_it_began(inhabitant, outing, spaces, beauvais):
    from tests.factories import make_user

    other = make_user("autre.membre@example.org", display_name="Autre", home_commune=beauvais)
    add_member(spaces["members"], other)
    with pytest.raises(PermissionDenied):
        event_photo_add(author=other, event=outing, upload=jpeg(), alt_text="Photo")
    later = make_event(inhabitant, spaces["members"], "Plus tard")
    with pytest.raises(PermissionDenied):
        event_photo_add(author=inhabitant, event=later, upload=jpeg(), alt_text="Photo")


def test_a_photo_needs_its_description_and_an_image(outing, neighbour):
    from django.core.files.uploadedfile import SimpleUploadedFile

    with pytest.raises(ValidationError):
        event_photo_add(author=neighbour, event=outing, upload=jpeg(), alt_text="  ")
    with pytest.raises(ValidationError):
        event_photo_add(
            author=neighbour, event=outing, upload=SimpleUploadedFile("x.jpg", b"not an image"), alt_text="Photo"
        )
    assert not EventPhoto.objects.exists()


def test_the_album_shows_on_the_event_page_and_its_files_follow_the_rule(client, outing, neighbour, outsider):
    photo = event_photo_add(author=neighbour, event=outing, upload=jpeg(), alt_text="Les hérons")
    client.force_login(neighbour)
    page = client.get(outing.get_absolute_url()).content.decode()
    assert 'alt="Les hérons"' in page and media_url(photo, "image_small") in page
    assert client.get(media_url(photo, "image")).status_code == 200
    client.force_login(outsider)
    assert client.get(media_url(photo, "image")).status_code == 404
    client.logout()
    assert client.get(media_url(photo, "image_small")).status_code == 404


def test_the_page_form_adds_a_photo(client, outing, neighbour):
    client.force_login(neighbour)
    response = client.post(
        reverse("agenda:album_add", args=[outing.pk]), {"image": jpeg(), "alt_text": "Le groupe au départ"}
    )
    assert response.status_code == 302
    assert EventPhoto.objects.get().alt_text == "Le groupe au départ"
    response = client.post(reverse("agenda:album_add", args=[outing.pk]), {"alt_text": "Sans fichier"}, follow=True)
    assert response.status_code == 200 and EventPhoto.objects.count() == 1


def test_a_moderator_hides_a_photo(outing, neighbour, inhabitant, operator_moderator):
    photo = event_photo_add(author=neighbour, event=outing, upload=jpeg(), alt_text="Une photo")
    report = report_create(reporter=inhabitant, kind="event_photo", target_id=photo.pk, reason="illegal")
    decision_take(moderator=operator_moderator, report=report, action="hide", reason="Photo d'une personne")
    assert not EventPhoto.objects.visible_to(inhabitant).exists()
