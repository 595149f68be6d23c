"""An event's picture, through the media pipeline (parvis/core/media.py): checked by content, re-encoded without its
metadata, kept in the private storage and served after the event's visibility rule."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from parvis.core.files import atomic_with_files, file_delete_on_commit
from parvis.core.media import attach_image, clean_alt_text
from parvis.core.permissions import can

from .models import Event
from .services.events import event_create, event_update

IMAGE_MAX_BYTES = 10 * 1024 * 1024
IMAGE_MAX_SIDE = 1600


@atomic_with_files()
def event_image_set(*, editor, event: Event, upload, alt_text: str) -> Event:
    """Replace (or, with `upload` None, remove) the event's picture. The old file is deleted once the change has
    committed; a refused file changes nothing."""
    event = Event.objects.select_for_update().get(pk=event.pk)
    if not can(editor, "event.edit", event):
        raise PermissionDenied(_("You cannot edit this event."))
    if event.is_cancelled:
        raise ValidationError(_("A cancelled event cannot be edited."))
    if event.is_moderated:
        raise ValidationError(_("An event hidden or removed by a moderator cannot be edited."))
    file_delete_on_commit(event.image)
    if upload is None:
        event.image_alt = ""
    else:
        event.image_alt = clean_alt_text(alt_text, limit=300, required=True, field="image")
        attach_image(event, upload, sizes={"image": IMAGE_MAX_SIDE}, max_bytes=IMAGE_MAX_BYTES, field="image")
    event.save(update_fields=["image", "image_alt"])
    return event


@atomic_with_files()
def event_create_with_image(*, creator, space, upload, alt_text: str, **fields) -> Event:
    """Create the event and attach its picture in one transaction: a refused picture creates nothing, so the form
    comes back with its answers and the picture's error."""
    event = event_create(creator=creator, space=space, **fields)
    if upload is not None:
        event = event_image_set(editor=creator, event=event, upload=upload, alt_text=alt_text)
    return event


@atomic_with_files()
def event_update_with_image(*, editor, event: Event, upload, alt_text: str, remove: bool, **fields) -> Event:
    """Edit the event and its picture in one transaction (a refused picture changes nothing). Without a new file the
    picture stays and only its description changes; `remove` takes it away."""
    if upload is None and not remove and event.image:
        fields["image_alt"] = clean_alt_text(alt_text, limit=300, required=True, field="image_alt")
    event = event_update(editor=editor, event=event, **fields)
    if upload is not None or (remove and event.image):
        event = event_image_set(editor=editor, event=event, upload=upload, alt_text=alt_text)
    return event
