"""The times events take place: a repetition expanded (`occurrences`, for the iCal widget and the occurrence
table), and the table of occurrences (`models.Occurrence`) that the agenda's pages and API read by date.

The table holds each single event's one occurrence whatever its date, and a repeating event's occurrences over a
horizon, from `HORIZON_BEHIND` ago to `HORIZON_AHEAD` from now: `occurrences_sync` rewrites an event's rows in the
transaction of every write on it (create, edit, cancel, iCal import; deleting an event deletes them), and
`occurrences_extend` (`manage.py agenda_occurrences`, daily from cron) moves the horizon with the calendar."""

import zoneinfo
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta

from dateutil.rrule import rrulestr
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import SHORT_SPAN, Event, Occurrence

MAX_OCCURRENCES = 1000
HORIZON_BEHIND = timedelta(days=366)
# Far enough for the plans of a commune or an association (a season, the next municipal term's calendar); a
# month or a list past it shows the single events there and no repetition.
HORIZON_AHEAD = timedelta(days=5 * 366)
# A daily rule over the whole horizon, with room: the most rows one event may hold.
MAX_ROWS_PER_EVENT = 2500
BATCH = 500


def parse_rrule(rule: str, start: datetime, tz: str):
    local_start = start.astimezone(zoneinfo.ZoneInfo(tz))
    try:
        return rrulestr(rule.removeprefix("RRULE:"), dtstart=local_start)
    except (ValueError, TypeError) as error:
        raise ValidationError(
            {"rrule": _("This repetition rule is not valid: %(error)s") % {"error": error}}
        ) from error


def _excluded(exdates) -> set[str]:
    # A row stored by an older version or by hand may hold anything there: only a list of dates excludes.
    return {str(day) for day in exdates} if isinstance(exdates, list) else set()


def occurrences(event: Event, start: datetime, end: datetime, *, limit: int = MAX_OCCURRENCES) -> list[datetime]:
    """Starts of the event's occurrences in [start, end), exceptions removed, in the event's time zone."""
    if not event.rrule:
        return [event.start] if event.start < end and event.end >= start else []
    tz = zoneinfo.ZoneInfo(event.time_zone)
    excluded = _excluded(event.exdates)
    found = []
    for occurrence in parse_rrule(event.rrule, event.start, event.time_zone).between(
        start.astimezone(tz), end.astimezone(tz), inc=True
    ):
        if occurrence.date().isoformat() not in excluded and occurrence.isoformat() not in excluded:
            found.append(occurrence)
        if len(found) >= limit:
            break
    return found


def horizon(now: datetime | None = None) -> tuple[datetime, datetime]:
    now = now or timezone.now()
    return now - HORIZON_BEHIND, now + HORIZON_AHEAD


def occurrence_times(event, since: datetime, until: datetime) -> list[tuple[datetime, datetime]]:
    """(start, end) of each occurrence of `event` (any object with the event's fields, a migration's too): a single
    event's one whatever its date, a repeating event's in [since, until). Each lasts as long as the first, on the
    wall clock of the event's time zone, so that a 10:00-12:00 market stays 10:00-12:00 across a change of hour.
    A rule or a zone that cannot be read (written straight into the table) leaves the first occurrence alone."""
    if not event.rrule:
        return [(event.start, event.end)]
    try:
        tz = zoneinfo.ZoneInfo(event.time_zone)
        starts = occurrences(event, since, until, limit=MAX_ROWS_PER_EVENT)
    except (ValidationError, zoneinfo.ZoneInfoNotFoundError, ValueError, OverflowError):
        return [(event.start, event.end)]
    # Same tzinfo on both sides: the difference is the wall-clock duration.
    duration = event.end.astimezone(tz) - event.start.astimezone(tz)
    return [(start, start + duration) for start in starts if start < until]


def _rows(event, since: datetime, until: datetime, model=Occurrence) -> list:
    rows = []
    for start, end in occurrence_times(event, since, until):
        start, end = start.astimezone(UTC), end.astimezone(UTC)
        rows.append(
            model(
                event_id=event.pk,
                start=start,
                end=end,
                lasts_long=end - start > SHORT_SPAN,
                space_id=event.space_id,
                created_by_id=event.created_by_id,
                status=event.status,
                commune_id=event.commune_id,
                category=event.category,
                is_free=event.is_free,
                accessibility=event.accessibility if isinstance(event.accessibility, list) else [],
            )
        )
    return rows


def occurrences_sync(event: Event, *, now: datetime | None = None) -> None:
    """Rewrite the event's occurrences from the event as saved. Call it in the transaction that changed the event,
    so that the table never disagrees with it."""
    occurrences_fill([event], now=now)


@transaction.atomic
def occurrences_fill(events: Iterable, *, now: datetime | None = None, model=Occurrence) -> int:
    """Rewrite the occurrences of many events at once (the horizon's move, a migration, generated data); returns
    the number of rows written. Running it twice writes the same rows."""
    since, until = horizon(now)
    events = list(events)
    rows = [row for event in events for row in _rows(event, since, until, model)]
    for index in range(0, len(events), BATCH):
        model.objects.filter(event_id__in=[event.pk for event in events[index : index + BATCH]]).delete()
    model.objects.bulk_create(rows, batch_size=BATCH)
    return len(rows)


def occurrences_extend(*, now: datetime | None = None) -> dict:
    """Move the horizon to `now`: repeating events still running get their rows up to the new end, and rows of
    repeating events past its start are forgotten (a single event keeps its one row). Idempotent: run daily."""
    since, _until = horizon(now)
    forgotten, _kinds = Occurrence.objects.filter(end__lt=since).exclude(event__rrule="").delete()
    running = Event.objects.exclude(rrule="").filter(Q(repeat_until=None) | Q(repeat_until__gte=since))
    events = written = 0
    pks = list(running.order_by("pk").values_list("pk", flat=True))
    for index in range(0, len(pks), BATCH):
        batch = list(Event.objects.filter(pk__in=pks[index : index + BATCH]))
        written += occurrences_fill(batch, now=now)
        events += len(batch)
    return {"events": events, "rows": written, "forgotten": forgotten}
