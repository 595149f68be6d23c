"""An event's album: the photos its participants add once it has begun (the day's pictures), each through the media
pipeline with its description for people who cannot see it. Moderation hides and removes them as any content
(`kinds.py`), and the album follows the event's visibility rule."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from parvis.core.files import atomic_with_files
from parvis.core.media import attach_image, clean_alt_text
from parvis.core.permissions import can
from parvis.core.ratelimit import rate_take

from ..models import Event, EventStatus, RsvpStatus
from ..participation import EventPhoto

PHOTO_MAX_BYTES = 10 * 1024 * 1024
PHOTOS_PER_PERSON_AND_EVENT = 30
# Photos a person adds in an hour, across events: an album is filled after an outing, not flooded.
PHOTOS_PER_HOUR = 60


def may_add_photos(user, event: Event) -> bool:
    """Those who went (a confirmed place) and the organisers, once the event has begun, while it is readable."""
    if not getattr(user, "is_authenticated", False) or event.status != EventStatus.PUBLISHED:
        return False
    if event.start > timezone.now():
        return False
    if can(user, "event.edit", event):
        return True
    return event.rsvps.filter(user=user, status=RsvpStatus.GOING, confirmed=True).exists()


@atomic_with_files()
def event_photo_add(*, author, event: Event, upload, alt_text: str) -> EventPhoto:
    if not Event.objects.visible_to(author).filter(pk=event.pk).exists():
        raise PermissionDenied(_("You cannot add photos to this event."))
    if not may_add_photos(author, event):
        raise PermissionDenied(_("Those who took part add photos, once the event has begun."))
    if upload is None:
        raise ValidationError({"image": _("Choose a photo.")})
    if EventPhoto.objects.filter(event=event, author=author).count() >= PHOTOS_PER_PERSON_AND_EVENT:
        raise ValidationError(
            _("You added %(count)s photos to this album already, the most one person adds.")
            % {"count": PHOTOS_PER_PERSON_AND_EVENT}
        )
    rate_take([(f"event_photo:{author.pk}", PHOTOS_PER_HOUR)], 60 * 60)
    photo = EventPhoto(
        event=event, author=author, alt_text=clean_alt_text(alt_text, limit=300, required=True, field="alt_text")
    )
    stored = attach_image(
        photo, upload, sizes={"image": 1600, "image_small": 480}, max_bytes=PHOTO_MAX_BYTES, field="image"
    )
    photo.width, photo.height = stored.width, stored.height
    photo.save()
    return photo
