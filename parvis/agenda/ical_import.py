"""Import an organisation's existing calendar (.ics at a URL, or an uploaded file) into one of its spaces.

Events are matched by UID within the space, so a calendar imported any number of times, by a file or by its
address, creates each event once and updates what changed, whichever way the event came first (a file uploaded
before, a subscribed address, or the form and the API when an organisation imports our own export back). A
subscribed address deletes what its calendar removed, touching only the events it holds; a file cut short deletes
nothing. Every event goes
through `services.event_create` / `event_update` with the source's creator as author: an import can never do what
that person could not do by hand, and losing the right to post in the space stops the import.

A changed occurrence of a repeating event (a VEVENT with RECURRENCE-ID, as Google, Outlook and Thunderbird write a
session moved or renamed) leaves the series as an excluded date and becomes an event of its own, stored under the
series' UID followed by "#" and the original start; a cancelled occurrence is only an excluded date.

Real calendars are messy (Outlook, Google, Thunderbird, the CMS of every town hall): folded lines, Windows line
endings, latin-1 files, floating times, missing DTEND or UID, several VCALENDAR blocks. What can be understood is
imported; what cannot is skipped with a reason that the organisation reads in the report.
"""

import hashlib
import re
import unicodedata
import zoneinfo
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from decimal import Decimal

import icalendar
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from parvis.core import fetch as fetcher
from parvis.core.bounds import date_message, year_in_range
from parvis.core.links import absolute_url
from parvis.core.permissions import can
from parvis.core.text import clean_name

from . import services
from .models import CalendarSource, Category, Event
from .tasks import calendar_source_sync

MAX_BYTES = 5 * 1024 * 1024
DEFAULT_TZ = "Europe/Paris"
MAX_SKIPPED_IN_REPORT = 200
MAX_NOTES = 20
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

# Words found in real CATEGORIES, mapped to ours; the labels of our categories (French and English) are added below.
CATEGORY_WORDS = {
    "concert": Category.CULTURE,
    "musique": Category.CULTURE,
    "theatre": Category.CULTURE,
    "exposition": Category.CULTURE,
    "cinema": Category.CULTURE,
    "spectacle": Category.CULTURE,
    "conference": Category.TRAINING,
    "atelier": Category.TRAINING,
    "formation": Category.TRAINING,
    "marche": Category.MARKET,
    "brocante": Category.MARKET,
    "vide-grenier": Category.MARKET,
    "fete": Category.PARTY,
    "festival": Category.PARTY,
    "enfants": Category.CHILDREN,
    "famille": Category.CHILDREN,
    "conseil municipal": Category.CITIZENSHIP,
    "reunion publique": Category.CITIZENSHIP,
    "randonnee": Category.NATURE,
    "environnement": Category.NATURE,
    "solidarite": Category.SOLIDARITY,
}


class ImportRefused(Exception):
    """The whole import was refused (unreachable, too large, not a calendar, no right to post); the message is
    shown to the organisation."""


# Reading the file ------------------------------------------------------------------------------------------


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


def decode(raw: bytes) -> str:
    """UTF-8 as RFC 5545 requires; files exported by older Windows software are often latin-1 (or its cp1252
    superset, which has the typographic apostrophe)."""
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        try:
            return raw.decode("cp1252")
        except UnicodeDecodeError:
            return raw.decode("latin-1")


# Properties whose value the import reads: one of them unreadable makes the event skipped, with the line. GEO is
# read too, but a bad position is only left out.
READ_PROPERTIES = frozenset(
    {"DTSTART", "DTEND", "DURATION", "RRULE", "EXDATE", "RECURRENCE-ID", "UID", "SUMMARY", "DESCRIPTION", "LOCATION"}
    | {"CATEGORIES", "URL", "CONFERENCE", "STATUS"}
)
LINE_MARKER = "X-PARVIS-LINE"
LINE_END = re.compile(r"\r\n|\r|\n")
SIMPLE_LINE = re.compile(r"[A-Za-z0-9-]+:")


@dataclass
class _Block:
    """One VEVENT as written in the file: its logical lines with the number of their first physical line."""

    line: int
    lines: list[tuple[int, str]] = field(default_factory=list)
    complete: bool = False
    unreadable: tuple[int, str] | None = None

    def value(self, name: str) -> str:
        for _number, text in self.lines:
            head, sep, rest = text.partition(":")
            if sep and head.split(";", 1)[0].strip().upper() == name:
                return rest.strip()
        return ""

    def line_of(self, name: str) -> int:
        for number, text in self.lines:
            if text.split(":", 1)[0].split(";", 1)[0].strip().upper() == name:
                return number
        return self.line


@dataclass
class _Calendar:
    header: list[str] = field(default_factory=list)
    timezones: list[str] = field(default_factory=list)
    events: list[_Block] = field(default_factory=list)


@dataclass
class Parsed:
    """What a file holds: the readable VEVENTs (each with its block's default time zone and its line), the events
    skipped while reading (uid, line, reason), remarks on the rest of the file, and whether the file is whole (a file
    cut short never deletes events that are missing from it: they may be after the cut)."""

    events: list[tuple[icalendar.Event, str, int]] = field(default_factory=list)
    skipped: list[dict] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    complete: bool = True


def _logical_lines(text: str) -> list[tuple[int, str]]:
    """Lines with folded continuations joined (RFC 5545 3.1), each with the number of its first physical line."""
    lines: list[tuple[int, str]] = []
    # Only CR, LF and CRLF end a line: a description may hold a form feed or a Unicode line separator.
    for number, physical in enumerate(LINE_END.split(text), start=1):
        if physical[:1] in (" ", "\t") and lines:
            lines[-1] = (lines[-1][0], lines[-1][1] + physical[1:])
        elif physical.strip():
            lines.append((number, physical))
    return lines


def _readable(line: str) -> bool:
    if SIMPLE_LINE.match(line):  # NAME:value, most lines: nothing to check
        return True
    try:
        icalendar.parser.Contentline(line).parts()
    except ValueError:
        return False
    return True


def _quote(text: str) -> str:
    return text if len(text) <= 80 else text[:79] + "…"


def _split(text: str) -> tuple[list[_Calendar], list[tuple[int, str]], bool]:
    """The file's calendars, its unreadable lines outside events, and whether it ends where it should. Each VEVENT
    is kept apart with its lines, so that one bad event, or the end of a file cut short, costs only that event."""
    calendars: list[_Calendar] = []
    stray: list[tuple[int, str]] = []
    calendar: _Calendar | None = None
    event: _Block | None = None
    stack: list[str] = []  # components open inside the current VEVENT or top-level component
    top = ""  # the top-level component being read inside the calendar: VEVENT, VTIMEZONE, or another to ignore
    zone: list[str] = []
    ended = True
    for number, line in _logical_lines(text):
        head, _sep, value = line.partition(":")
        keyword, name = head.strip().upper(), value.strip().upper()
        if keyword == "BEGIN" and name == "VCALENDAR":
            calendar, event, top, stack, ended = _Calendar(), None, "", [], False
            calendars.append(calendar)
            continue
        if keyword == "END" and name == "VCALENDAR":
            event, top, stack, ended = None, "", [], True
            continue
        if calendar is None:  # text after the last END:VCALENDAR, or before the first BEGIN
            if _readable(line):
                calendar = _Calendar()
                calendars.append(calendar)
            else:
                stray.append((number, line))
                continue
        if keyword == "BEGIN" and name == "VEVENT":
            # A VEVENT opened while another was still open: the first one stops there.
            event = _Block(line=number, lines=[(number, line)])
            calendar.events.append(event)
            top, stack = "VEVENT", ["VEVENT"]
            continue
        if not top:
            if keyword == "BEGIN":
                top, stack = name, [name]
                zone = [line] if name == "VTIMEZONE" else []
            elif _readable(line):
                calendar.header.append(line)
            else:
                stray.append((number, line))
            continue
        # Inside a top-level component.
        if keyword == "BEGIN":
            stack.append(name)
        elif keyword == "END":
            if name in stack:
                if stack[-1] != name and top == "VEVENT" and event.unreadable is None:
                    event.unreadable = (number, line)  # it closes a component that was left open (a VALARM)
                while stack and stack.pop() != name:
                    pass
            elif top == "VEVENT" and event.unreadable is None:
                event.unreadable = (number, line)
        elif not _readable(line):
            if top == "VEVENT" and event.unreadable is None:
                event.unreadable = (number, line)
            elif top != "VEVENT":
                stray.append((number, line))
            continue
        if top == "VEVENT":
            event.lines.append((number, line))
            if not stack:
                event.complete, event, top = True, None, ""
        elif top == "VTIMEZONE":
            zone.append(line)
            if not stack:
                calendar.timezones.append("\r\n".join(zone))
                top = ""
        elif not stack:
            top = ""  # VTODO, VJOURNAL, VFREEBUSY: not events, left aside
    whole = ended and all(block.complete for cal in calendars for block in cal.events)
    return calendars, stray, whole


def parse(raw: bytes) -> Parsed:
    """Every readable VEVENT of every VCALENDAR block, each with the default time zone of its block (for floating
    times) and its line in the file. What cannot be read is reported, event by event, instead of refusing the file."""
    if len(raw) > MAX_BYTES:
        raise ImportRefused(_("The file is larger than 5 MB."))
    # A NUL byte is no text (PostgreSQL refuses it anywhere): dropped, so that the event around it still comes in.
    text = decode(raw).replace("\x00", "")
    if "BEGIN:VCALENDAR" not in text.upper():
        raise ImportRefused(_("This is not an iCalendar file (no BEGIN:VCALENDAR)."))
    calendars, stray, whole = _split(text)
    parsed = Parsed(complete=whole)
    for number, line in stray[:MAX_NOTES]:
        parsed.notes.append(
            _("Line %(line)s cannot be read and was left out: “%(text)s”.") % {"line": number, "text": _quote(line)}
        )
    if len(stray) > MAX_NOTES:
        parsed.notes.append(_("%(count)s other unreadable lines were left out.") % {"count": len(stray) - MAX_NOTES})
    if not whole:
        parsed.notes.append(
            _(
                "The file is cut short (it stops before END:VCALENDAR or in the middle of an event): every event "
                "read in full was imported, and no event was deleted."
            )
        )
    for calendar in calendars:
        default = DEFAULT_TZ
        for line in calendar.header:
            head, _sep, value = line.partition(":")
            if head.strip().upper() == "X-WR-TIMEZONE":
                default = _zone_name(value.strip()) or DEFAULT_TZ
        readable = []
        for block in calendar.events:
            if not block.complete:
                parsed.skipped.append(
                    _skipped(block, _("the file stops in the middle of this event (no END:VEVENT)"), block.line)
                )
            elif block.unreadable is not None:
                number, line = block.unreadable
                parsed.skipped.append(
                    _skipped(block, _("unreadable line: “%(text)s”") % {"text": _quote(line)}, number)
                )
            else:
                readable.append(block)
        for block, component in _components(calendar, readable, parsed):
            broken = [(name, message) for name, message in component.errors if (name or "") in READ_PROPERTIES]
            if broken:
                name = broken[0][0]
                parsed.skipped.append(
                    _skipped(
                        block,
                        _("the value of %(name)s cannot be read: “%(value)s”")
                        % {"name": name, "value": _quote(block.value(name))},
                        block.line_of(name),
                    )
                )
                continue
            parsed.events.append((component, default, block.line))
    return parsed


def _skipped(block: _Block, reason: str, line: int) -> dict:
    return {
        "uid": block.value("UID")[:200] or "?",
        "title": block.value("SUMMARY")[:200],
        "line": line,
        "reason": reason,
    }


def _components(calendar: _Calendar, blocks: list[_Block], parsed: Parsed):
    """The parsed VEVENT of each block, read in one pass; if the library still refuses the whole, block by block."""
    if not blocks:
        return []

    def text_of(chosen: list[_Block]) -> str:
        parts = ["BEGIN:VCALENDAR", *calendar.header, *calendar.timezones]
        for block in chosen:
            # The block's line travels with it, so that each parsed event is matched to its lines for sure.
            parts += [block.lines[0][1], f"{LINE_MARKER}:{block.line}", *(text for _n, text in block.lines[1:])]
        return "\r\n".join([*parts, "END:VCALENDAR"]) + "\r\n"

    by_line = {block.line: block for block in blocks}
    try:
        found = icalendar.Calendar.from_ical(text_of(blocks)).walk("VEVENT")
    except ValueError:
        found = []
        for block in blocks:
            try:
                found.extend(icalendar.Calendar.from_ical(text_of([block])).walk("VEVENT"))
            except ValueError as error:
                parsed.skipped.append(
                    _skipped(block, _("this event cannot be read: %(reason)s") % {"reason": error}, block.line)
                )
    pairs = []
    for component in found:
        marker = component.get(LINE_MARKER)
        block = by_line.get(int(str(marker))) if marker is not None and str(marker).isdigit() else None
        if block is not None:
            component.pop(LINE_MARKER, None)
            pairs.append((block, component))
    return pairs


def _zone_name(name: str) -> str | None:
    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return None
    return name


# One VEVENT to the fields of an Event -----------------------------------------------------------------------


class Skip(Exception):
    """This VEVENT cannot be imported; the message is the reason shown in the report."""


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower().strip()


def _category_labels() -> dict[str, str]:
    labels = dict(CATEGORY_WORDS)
    for value, label in Category.choices:
        labels[_fold(value)] = value
        for language in ("fr", "en"):
            with translation.override(language):
                labels[_fold(str(label))] = value
    return labels


def _category(component) -> str:
    labels = _category_labels()
    for name in component.categories:
        key = _fold(str(name))
        if key in labels:
            return labels[key]
        for word, value in CATEGORY_WORDS.items():
            if word in key:
                return value
    return Category.OTHER


def _aware(value: datetime, default_tz: str) -> tuple[datetime, str]:
    """An aware date-time and the time zone name to keep. Floating times (and TZIDs nobody can resolve) are read
    as local time of the calendar; UTC times stay UTC instants, shown in the calendar's zone."""
    if value.tzinfo is None:
        return value.replace(tzinfo=zoneinfo.ZoneInfo(default_tz)), default_tz
    key = getattr(value.tzinfo, "key", None)
    if key and key != "UTC" and _zone_name(key):
        return value, key
    return value, default_tz


def _times(component, default_tz: str) -> dict:
    start_prop = component.get("DTSTART")
    if start_prop is None:
        raise Skip(_("no start (DTSTART)"))
    start = start_prop.dt
    if not year_in_range(start):  # a year-9999 start overflows as soon as a duration or a time zone is applied
        raise Skip(date_message())
    end_prop = component.get("DTEND")
    duration = component.get("DURATION")
    if not isinstance(start, datetime):  # a DATE: a whole-day event
        tz = zoneinfo.ZoneInfo(default_tz)
        if end_prop is not None:
            end_day = end_prop.dt.date() if isinstance(end_prop.dt, datetime) else end_prop.dt
        elif duration is not None:
            end_day = start + max(timedelta(days=duration.dt.days), timedelta(days=1))
        else:
            end_day = start + timedelta(days=1)
        end_day = max(end_day, start + timedelta(days=1))
        return {
            "all_day": True,
            "time_zone": default_tz,
            "start": datetime.combine(start, time.min, tzinfo=tz),
            "end": datetime.combine(end_day, time.min, tzinfo=tz),
        }
    start, tz_name = _aware(start, default_tz)
    if end_prop is not None:
        end = end_prop.dt
        end = _aware(end, tz_name)[0] if isinstance(end, datetime) else datetime.combine(end, start.timetz())
    elif duration is not None:
        end = start + duration.dt
    else:
        end = start + timedelta(hours=1)
    if end < start:
        raise Skip(_("ends before it starts"))
    # A recurring event whose source gave UTC times repeats in UTC (RFC 5545); a single one shows in local time.
    if getattr(start.tzinfo, "key", None) == "UTC" and component.get("RRULE") is not None:
        tz_name = "UTC"
    return {"all_day": False, "time_zone": tz_name, "start": start, "end": end}


def _rrule(component, times: dict) -> str:
    rule = component.get("RRULE")
    if rule is None:
        return ""
    if isinstance(rule, list):
        rule = rule[0]  # several RRULEs are allowed but rare; the first keeps the main repetition
    rule = icalendar.vRecur(rule)
    until = rule.get("UNTIL")
    if until and not times["all_day"]:
        # dateutil refuses a floating or DATE UNTIL with an aware start; many files have one. Its meaning is "up
        # to that local day or time", which an UTC instant says exactly.
        value = until[0]
        tz = zoneinfo.ZoneInfo(times["time_zone"])
        if not isinstance(value, datetime):
            value = datetime.combine(value, time(23, 59, 59), tzinfo=tz)
        elif value.tzinfo is None:
            value = value.replace(tzinfo=tz)
        rule["UNTIL"] = [value.astimezone(zoneinfo.ZoneInfo("UTC"))]
    elif until and times["all_day"] and isinstance(until[0], datetime):
        rule["UNTIL"] = [until[0].date()]
    return rule.to_ical().decode()


def _exdates(excluded, times: dict) -> list[str]:
    tz = zoneinfo.ZoneInfo(times["time_zone"])
    usual = times["start"].astimezone(tz).time()
    values = []
    for value in excluded:
        if not isinstance(value, datetime):
            values.append(value.isoformat())
            continue
        local = (value if value.tzinfo else value.replace(tzinfo=tz)).astimezone(tz)
        if times["all_day"] or local.time() == usual:
            values.append(local.date().isoformat())
        else:
            values.append(local.isoformat())
    return sorted(set(values))


def _text(component, name: str) -> str:
    value = component.get(name)
    if isinstance(value, list):
        value = value[0] if value else ""
    return str(value or "").strip()


def event_fields(component, default_tz: str, *, moved=(), occurrence: bool = False) -> dict:
    """The Event fields of one VEVENT, or Skip with the reason. `moved`: the original starts of the series'
    occurrences that the file changes one by one (they leave the series); `occurrence`: this VEVENT is such a change
    (RECURRENCE-ID), an event of its own that does not repeat."""
    title = " ".join(clean_name(_text(component, "SUMMARY")).split())
    if not title:
        raise Skip(_("no title (SUMMARY)"))
    times = _times(component, default_tz)
    fields = {
        "title": title[:200],
        "description": _text(component, "DESCRIPTION")[:20_000],
        **times,
        "rrule": "" if occurrence else _rrule(component, times),
        "exdates": [],
        "venue_name": " ".join(clean_name(_text(component, "LOCATION")).split())[:200],
        "category": _category(component),
        "latitude": None,
        "longitude": None,
        "online_url": "",
    }
    if fields["rrule"]:
        fields["exdates"] = _exdates([*component.exdates, *moved], times)
    geo = component.get("GEO")
    if geo is not None:
        try:
            latitude, longitude = Decimal(str(round(geo.latitude, 6))), Decimal(str(round(geo.longitude, 6)))
        except (AttributeError, TypeError, ValueError):
            latitude = longitude = None
        if latitude is not None and abs(latitude) <= 90 and abs(longitude) <= 180:
            fields["latitude"], fields["longitude"] = latitude, longitude
    # Our events have one outside link: the online meeting if the source gives one, else the source's own page.
    link = _text(component, "CONFERENCE") or _text(component, "URL")
    if link.startswith(("http://", "https://")) and len(link) <= 500:
        fields["online_url"] = link
    fields["cancelled"] = _text(component, "STATUS").upper() == "CANCELLED"
    return fields


def _source_uid(component, fields: dict, source: CalendarSource) -> str:
    uid = _text(component, "UID")
    if uid:
        return uid[:200]
    # Without a UID (it is mandatory, but some exporters forget it), the title and start identify the event, so
    # that the next import finds it again instead of duplicating it.
    # Named after the space, not the source, so that the same file uploaded again finds them too.
    digest = hashlib.sha256(f"{fields['title']}|{fields['start'].isoformat()}".encode()).hexdigest()[:24]
    return f"{digest}@space-{source.space_id}"


# Running an import -----------------------------------------------------------------------------------------


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
        event = services.event_create(creator=creator, space=source.space, uid=stored, **fields)
        Event.objects.filter(pk=event.pk).update(source=source)
        report["created"] += 1
    elif event.is_cancelled:
        report["unchanged"] += 1  # a cancelled event is final here, whatever the source says next
        return event
    else:
        _kept_as_it_is(event, fields)
        if changes := _changed(event, fields):
            event = services.event_update(editor=creator, event=event, **changes)
            report["updated"] += 1
        else:
            report["unchanged"] += 1
        if source.url and event.source_id not in (None, source.pk) and not event.source.url:
            # A subscribed calendar takes over the events that an uploaded file brought: it removes them when they
            # leave it. Events typed here or sent through the API stay their author's.
            Event.objects.filter(pk=event.pk).update(source=source)
    if cancelled and not event.is_cancelled:
        services.event_cancel(editor=creator, event=event, reason=_("Cancelled in the organiser's calendar."))
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


# What the space's page calls ------------------------------------------------------------------------------


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
