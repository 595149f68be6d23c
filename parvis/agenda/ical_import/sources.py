"""What the space's page calls: connect a calendar (an address or a file), remove one."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from parvis.core import fetch as fetcher
from parvis.core.permissions import can

from ..models import CalendarSource, Event
from ..tasks import calendar_source_sync
from .parse import MAX_BYTES
from .sync import import_calendar


def calendar_source_add(*, user, space, url: str = "", upload: bytes | None = None) -> CalendarSource:
    """A space's administrators connect a calendar: a URL, synchronised by the task and the nightly command, or
    an uploaded file, imported once right away."""
    if not can(user, "space.administer", space):
        raise PermissionDenied(_("Only the space's administrators import calendars."))
    url = (url or "").strip()
    if not url and upload is None:
        raise ValidationError(_("Give the address of a calendar or choose a .ics file."))
    if url:
        try:
            fetcher.check_url(url)  # the same refusals as the fetcher, said now rather than at the first sync
        except fetcher.FetchError as error:
            raise ValidationError(_("This address cannot be used: %(reason)s.") % {"reason": error}) from error
        source, _created = CalendarSource.objects.get_or_create(space=space, url=url, defaults={"created_by": user})
        if source.created_by_id != user.pk:
            CalendarSource.objects.filter(pk=source.pk).update(created_by=user)
            source.created_by = user
        transaction.on_commit(lambda: calendar_source_sync.enqueue(source_id=source.pk))
        return source
    if len(upload) > MAX_BYTES:
        raise ValidationError(_("The file is larger than 5 MB."))
    source = CalendarSource.objects.create(space=space, url="", created_by=user)
    report = import_calendar(source, upload)
    if report["error"]:
        # A refused file imported nothing: no entry is left for it, and the person reads why at once.
        source.delete()
        raise ValidationError(_("The file was not imported: %(reason)s") % {"reason": report["error"]})
    return source


def calendar_source_remove(*, user, source: CalendarSource, delete_events: bool = False) -> None:
    if not can(user, "space.administer", source):
        raise PermissionDenied(_("Only the space's administrators manage its calendars."))
    with transaction.atomic():
        if delete_events:
            Event.objects.filter(source=source).delete()
        source.delete()
