"""Events as RFC 5545 iCalendar: one VEVENT per event, recurrences as RRULE + EXDATE, times in the event's own time
zone with its VTIMEZONE, so that a recurring 10:00 stays at 10:00 across daylight saving time in every client.

Conventions shared with the import (parvis/agenda/ical_import/), so that an export read back gives the same event:
- an all-day event starts at local midnight of its first day; its end is local midnight after its last day (a
  DATE-valued DTEND is exclusive in RFC 5545), and an end inside a day counts that day;
- `exdates` holds local dates ("2026-06-06") when the excluded occurrence starts at the event's usual time, or full
  local date-times otherwise: both are matched by services.occurrences.
"""

import zoneinfo
from datetime import date, datetime, time, timedelta
from functools import lru_cache

import icalendar
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from parvis.core.links import absolute_url

from .models import Event, EventStatus
from .publication import written
from .services.replays import public_replays

PRODID = "-//Parvis//Agenda//FR"
# VTIMEZONE rules are written out year by year; this range covers every event a feed realistically carries.
TZ_FIRST_YEAR = 2000
TZ_YEARS_AHEAD = 20


@lru_cache(maxsize=32)
def _vtimezone(tzid: str, last_year: int) -> icalendar.Timezone:
    return icalendar.Timezone.from_tzid(tzid, first_date=date(TZ_FIRST_YEAR, 1, 1), last_date=date(last_year, 1, 1))


def _local(value: datetime, tz: zoneinfo.ZoneInfo) -> datetime:
    # Microseconds would make DTSTART differ from the EXDATEs and the RECURRENCE rules computed from it.
    return value.astimezone(tz).replace(microsecond=0)


def all_day_dates(event: Event) -> tuple[date, date]:
    """First day and exclusive end day of an all-day event, in its own time zone."""
    tz = zoneinfo.ZoneInfo(event.time_zone)
    first = event.start.astimezone(tz).date()
    end_local = event.end.astimezone(tz)
    after = end_local.date() if end_local.time() == time.min else end_local.date() + timedelta(days=1)
    return first, max(after, first + timedelta(days=1))


def _exdates(event: Event, tz: zoneinfo.ZoneInfo) -> list[date | datetime]:
    usual = _local(event.start, tz).time()
    values: list[date | datetime] = []
    for text in event.exdates or []:
        try:
            parsed = datetime.fromisoformat(text) if "T" in text else date.fromisoformat(text)
        except (TypeError, ValueError):
            continue  # a malformed exception cannot be excluded anywhere; the event page ignores it too
        if event.all_day:
            values.append(parsed.date() if isinstance(parsed, datetime) else parsed)
        elif isinstance(parsed, datetime):
            values.append(_local(parsed if parsed.tzinfo else parsed.replace(tzinfo=tz), tz))
        else:
            values.append(datetime.combine(parsed, usual, tzinfo=tz))
    return values


def event_component(event: Event, *, stamp: datetime | None = None, replays=()) -> icalendar.Event:
    """The VEVENT of one event. The caller has already decided the reader may see it; `replays` are videos anybody
    may watch (`services.replays.public_replays`), each an ATTACH of its page and a line of the description."""
    tz = zoneinfo.ZoneInfo(event.time_zone)
    component = icalendar.Event()
    component.add("uid", event.uid)
    component.add("dtstamp", (stamp or timezone.now()).astimezone(zoneinfo.ZoneInfo("UTC")).replace(microsecond=0))
    component.add("sequence", event.sequence)
    component.add("summary", event.title)
    if event.all_day:
        first, after = all_day_dates(event)
        component.add("dtstart", first)
        component.add("dtend", after)
    else:
        component.add("dtstart", _local(event.start, tz))
        component.add("dtend", _local(event.end, tz))
    if event.rrule:
        component.add("rrule", icalendar.vRecur.from_ical(event.rrule))
        excluded = _exdates(event, tz)
        if excluded:
            component.add("exdate", excluded)
    description = event.description
    if replays:
        # Calendar clients that show no attachments still show the description: the replay's address is there too.
        lines = [_("Replay: %(title)s %(url)s") % {"title": video.title, "url": _video_url(video)} for video in replays]
        description = "\n\n".join(part for part in [description, "\n".join(lines)] if part)
    if description:
        component.add("description", description)
    location = ", ".join(part for part in [event.venue_name, event.address] if part)
    if location:
        component.add("location", location)
    if event.latitude is not None and event.longitude is not None:
        component.add("geo", (float(event.latitude), float(event.longitude)))
    component.add("categories", [event.get_category_display()])
    component.add("url", absolute_url(event.get_absolute_url()))
    component.add(
        "status",
        "CANCELLED"
        if event.status == EventStatus.CANCELLED
        else "TENTATIVE"
        if event.status == "draft"
        else "CONFIRMED",
    )
    if event.online_url:
        # Clients show the conference link beside the place (RFC 7986), and ATTACH-less readers still get URL.
        component.add("conference", event.online_url, parameters={"value": "URI"})
    if event.updated_at:
        component.add("last-modified", event.updated_at.astimezone(zoneinfo.ZoneInfo("UTC")).replace(microsecond=0))
    if event.created_at:
        component.add("created", event.created_at.astimezone(zoneinfo.ZoneInfo("UTC")).replace(microsecond=0))
    organiser = event.organiser_space or event.space
    if organiser is not None:
        component.add("x-parvis-organiser", organiser.name)
    for video in replays:
        # RFC 5545 3.8.1.1: a URI attachment, its media type said; the player page, which plays it on any device.
        component.add("attach", _video_url(video), parameters={"fmttype": "text/html"})
    return component


def _video_url(video) -> str:
    return absolute_url(video.get_absolute_url())


def calendar_bytes(events, *, name: str, description: str = "", url: str = "") -> bytes:
    """A whole VCALENDAR for `events` (an iterable of Event with space and organiser_space loaded)."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("name", name)
    if description:
        calendar.add("x-wr-caldesc", description)
    if url:
        calendar.add("url", url)
    # Clients that honour it poll a subscribed agenda a few times a day rather than every few minutes.
    calendar.add("refresh-interval", timedelta(hours=6), parameters={"value": "DURATION"})
    calendar.add("x-published-ttl", "PT6H")
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    stamp = timezone.now()
    zones = set()
    components = []
    events = list(events)
    replays = public_replays(event.pk for event in events)
    for event, component in written(
        events,
        lambda event: event_component(event, stamp=stamp, replays=replays.get(event.pk, ())),
        output="ical",
    ):
        if not event.all_day:
            zones.add(event.time_zone)
        components.append(component)
    last_year = stamp.year + TZ_YEARS_AHEAD
    for tzid in sorted(zones):
        calendar.add_component(_vtimezone(tzid, last_year))
    for component in components:
        calendar.add_component(component)
    return calendar.to_ical()
