"""Running an import: fetch a subscribed calendar, match its events by UID, create, update, cancel and delete."""

import re

import icalendar
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from parvis.core import fetch as fetcher
from parvis.core.links import absolute_url
from parvis.core.permissions import can

from ..models import CalendarSource, Event
from ..services.events import event_cancel, event_create, event_update
from .fields import Skip, _source_uid, _text, event_fields
from .parse import MAX_BYTES, ImportRefused, Parsed, parse

MAX_SKIPPED_IN_REPORT = 200
USER_AGENT = "ParvisCalendarImport/1.0 (+https://parvis.example)"
# Calendar servers label .ics files in many ways; the content is checked by parsing it anyway.
ICS_TYPES = frozenset(
    {
        "text/calendar",
        "application/ics",
        "text/x-vcalendar",
        "application/x-ical",
        "text/plain",
        "application/octet-stream",
        "application/x-download",
        "application/force-download",
    }
)


def fetch(url: str, *, is_allowed_address=None) -> bytes:
    """The calendar at `url`, through the safe fetcher (`core.fetch`): same refusal of private addresses, bad ports and
    unchecked redirects. `is_allowed_address` is for tests only."""
    try:
        return fetcher.fetch_url(
            url,
            max_bytes=MAX_BYTES,
            cut_at_limit=False,
            accept_types=ICS_TYPES,
            accept="text/calendar, text/plain;q=0.5, */*;q=0.1",
            user_agent=USER_AGENT,
            is_allowed_address=is_allowed_address,
        ).body
    except fetcher.FetchError as error:
        raise ImportRefused(_("The calendar could not be fetched: %(reason)s.") % {"reason": error}) from error


def _changed(event: Event, fields: dict) -> dict:
    changes = {name: value for name, value in fields.items() if getattr(event, name) != value}
    if "rrule" in changes and event.rrule and fields["rrule"]:
        try:  # the same rule with its parts in another order is no change
            if icalendar.vRecur.from_ical(event.rrule) == icalendar.vRecur.from_ical(fields["rrule"]):
                del changes["rrule"]
        except ValueError:
            pass
    return changes


PREFIXED_UID = re.compile(r"source-\d+:(.*)", re.DOTALL)


def _existing(source: CalendarSource, uid: str) -> Event | None:
    """The space's event with this UID, whatever brought it first: this calendar, another calendar of the space (a
    file uploaded before, a subscribed address), or the form and the API (our own export, imported back). Its UID
    is stored as is, or prefixed with the source that created it when another space already had it."""
    wanted = Q(uid=uid) | Q(uid__endswith=f":{uid}")
    made_up = uid.endswith(f"@space-{source.space_id}")
    if made_up:  # an event without UID, named after its source by earlier versions
        wanted |= Q(uid__startswith=uid.split("@", 1)[0] + "@source-")
    legacy = re.compile(re.escape(uid.split("@", 1)[0]) + r"@source-\d+") if made_up else None

    def same(stored: str) -> bool:
        prefixed = PREFIXED_UID.fullmatch(stored)
        return (
            stored == uid
            or (prefixed is not None and prefixed.group(1) == uid)
            or (legacy is not None and legacy.fullmatch(stored) is not None)
        )

    candidates = Event.objects.filter(space_id=source.space_id).filter(wanted).select_related("source")
    found = [event for event in candidates.order_by("pk") if same(event.uid)]
    # The event this calendar brought, if it did; else the oldest one.
    return next((event for event in found if event.source_id == source.pk), found[0] if found else None)


def _kept_as_it_is(event: Event, fields: dict) -> None:
    """What our own export adds to an event, read back into that same event, is not a change: the link to its own
    page is not an outside link, and its place is written "venue, address"."""
    if fields.get("online_url") == absolute_url(event.get_absolute_url()):
        fields["online_url"] = event.online_url
    if event.address and fields.get("venue_name") == ", ".join([event.venue_name, event.address])[:200]:
        fields["venue_name"] = event.venue_name


def _import_one(source: CalendarSource, uid: str, fields: dict, report: dict) -> Event:
    creator, cancelled = source.created_by, fields.pop("cancelled")
    event = _existing(source, uid)
    if event is None:
        # Event.uid is unique across the instance: a UID already used in another space (the same public calendar
        # imported by two organisations) is kept apart by prefixing it with the source.
        stored = uid if not Event.objects.filter(uid=uid).exists() else f"source-{source.pk}:{uid}"
        event = event_create(creator=creator, space=source.space, uid=stored, **fields)
        # Which calendar brought it is bookkeeping, not content: the creation above is the hosting log's row.
        Event.objects.filter(pk=event.pk).update(source=source)
        report["created"] += 1
    elif event.is_cancelled:
        report["unchanged"] += 1  # a cancelled event is final here, whatever the source says next
        return event
    elif event.is_moderated:
        report["unchanged"] += 1  # a moderator's decision is not the calendar's to undo
        return event
    else:
        _kept_as_it_is(event, fields)
        if changes := _changed(event, fields):
            event = event_update(editor=creator, event=event, **changes)
            report["updated"] += 1
        else:
            report["unchanged"] += 1
        if source.url and event.source_id not in (None, source.pk) and not event.source.url:
            # A subscribed calendar takes over the events that an uploaded file brought: it removes them when they
            # leave it. Events typed here or sent through the API stay their author's.
            Event.objects.filter(pk=event.pk).update(source=source)
    if cancelled and not event.is_cancelled:
        event_cancel(editor=creator, event=event, reason=_("Cancelled in the organiser's calendar."))
    return event


def import_calendar(source: CalendarSource, raw: bytes) -> dict:
    """Import `raw` into the source's space and return the report (also stored on the source)."""
    report = {"created": 0, "updated": 0, "unchanged": 0, "deleted": 0, "skipped": [], "notes": [], "error": ""}
    try:
        if source.created_by is None or not can(source.created_by, "space.post", source.space):
            raise ImportRefused(
                _("The person who added this calendar can no longer publish in this space: add it again yourself.")
            )
        parsed = parse(raw)
    except ImportRefused as error:
        report["error"] = str(error)
        return _save_report(source, report)
    if not parsed.events and not parsed.complete:
        report["skipped"] = parsed.skipped[:MAX_SKIPPED_IN_REPORT]
        report["error"] = _("No event could be read in this file: it stops before the end of its first event.")
        return _save_report(source, report)
    report["notes"] = parsed.notes
    with transaction.atomic():
        # One import of a source at a time: a cron run and a click on "import now" would otherwise both create.
        CalendarSource.objects.select_for_update().filter(pk=source.pk).first()
        kept: set[int] = set()
        seen_uids: set[str] = set()
        for item in parsed.skipped:
            _skip(report, item["uid"], item["reason"], source, kept, line=item["line"], title=item["title"])
        series, moved = _series_and_moved(parsed)
        for component, default_tz, line in parsed.events:
            uid = _text(component, "UID") or "?"
            title = _text(component, "SUMMARY")
            try:
                recurrence_id = component.get("RECURRENCE-ID")
                if recurrence_id is None:
                    fields = event_fields(component, default_tz, moved=moved.get(uid, ()))
                    uid = _source_uid(component, fields, source)
                else:
                    # One occurrence changed: it leaves the series (see `moved`) and becomes an event of its own,
                    # with its own time, title and place; what it does not say is the series'.
                    if uid in series:
                        _inherit(component, series[uid])
                    uid = f"{uid[:200]}#{recurrence_id.to_ical().decode()}"
                    fields = event_fields(component, default_tz, occurrence=True)
                    if fields["cancelled"] and _existing(source, uid) is None:
                        continue  # a cancelled occurrence is only an excluded date of its series
                if uid in seen_uids:
                    raise Skip(_("the same UID appears twice in the file"))
                seen_uids.add(uid)
                with transaction.atomic():
                    kept.add(_import_one(source, uid, fields, report).pk)
            except Skip as error:
                _skip(report, uid, str(error), source, kept, line=line, title=title)
            except (ValidationError, PermissionDenied, IntegrityError) as error:
                reason = " ".join(getattr(error, "messages", None) or [str(error)])
                _skip(report, uid, reason[:300], source, kept, line=line, title=title)
            except (ValueError, TypeError) as error:
                reason = _("this event cannot be read: %(reason)s") % {"reason": error}
                _skip(report, uid, reason[:300], source, kept, line=line, title=title)
        report["skipped"].sort(key=lambda item: item.get("line") or 0)  # in the order of the file
        if parsed.complete:
            gone = Event.objects.filter(source=source).exclude(pk__in=kept)
            report["deleted"] = gone.count()
            gone.delete()
    return _save_report(source, report)


def _series_and_moved(parsed: Parsed) -> tuple[dict, dict]:
    """The repeating events of the file by UID, and for each UID the original starts of its changed occurrences."""
    series: dict[str, icalendar.Event] = {}
    moved: dict[str, list] = {}
    for component, _tz, _line in parsed.events:
        uid = _text(component, "UID")
        recurrence_id = component.get("RECURRENCE-ID")
        if not uid:
            continue
        if recurrence_id is None:
            series.setdefault(uid, component)
        else:
            try:
                moved.setdefault(uid, []).append(recurrence_id.dt)
            except (AttributeError, ValueError):
                continue
    return series, moved


INHERITED = ("SUMMARY", "DESCRIPTION", "LOCATION", "CATEGORIES", "GEO", "URL", "CONFERENCE")


def _inherit(occurrence, series) -> None:
    """RFC 5545 asks a changed occurrence to repeat every property, but some tools write only what changed: the rest,
    and the length of the event when only its start moved, come from the series."""
    for name in INHERITED:
        if occurrence.get(name) is None and series.get(name) is not None:
            occurrence[name] = series[name]
    if occurrence.get("DTEND") is None and occurrence.get("DURATION") is None:
        try:
            if series.get("DURATION") is not None:
                occurrence["DURATION"] = series["DURATION"]
            elif series.get("DTEND") is not None:
                occurrence.add("DURATION", series["DTEND"].dt - series["DTSTART"].dt)
        except (AttributeError, KeyError, TypeError, ValueError):
            pass


def _skip(
    report: dict, uid: str, reason: str, source: CalendarSource, kept: set[int], *, line: int = 0, title: str = ""
) -> None:
    if len(report["skipped"]) < MAX_SKIPPED_IN_REPORT:
        report["skipped"].append({"uid": uid, "title": title[:200], "line": line, "reason": reason})
    # An event we already had and cannot read this time stays as it was, rather than vanish for a typo.
    if (existing := _existing(source, uid)) is not None:
        kept.add(existing.pk)


def _save_report(source: CalendarSource, report: dict) -> dict:
    report["at"] = timezone.now().isoformat()
    CalendarSource.objects.filter(pk=source.pk).update(last_run_at=timezone.now(), last_report=report)
    source.last_report = report
    return report


def sync_source(source: CalendarSource, *, is_allowed_address=None) -> dict:
    """Fetch a URL source and import it. `is_allowed_address` is for tests only."""
    if not source.url:
        return source.last_report
    try:
        raw = fetch(source.url, is_allowed_address=is_allowed_address)
    except ImportRefused as error:
        return _save_report(source, {"created": 0, "updated": 0, "deleted": 0, "skipped": [], "error": str(error)})
    return import_calendar(source, raw)


def sync_all(*, stdout=None) -> list[dict]:
    """Every URL source, one after the other (for cron, through `manage.py agenda_sync`)."""
    reports = []
    for source in CalendarSource.objects.exclude(url="").select_related("space", "created_by").order_by("pk"):
        report = sync_source(source)
        reports.append(report)
        if stdout is not None:
            stdout.write(
                f"{source.pk} {source.url}: +{report.get('created', 0)} ~{report.get('updated', 0)} "
                f"-{report.get('deleted', 0)} skipped {len(report.get('skipped', []))} {report.get('error', '')}\n"
            )
    return reports
