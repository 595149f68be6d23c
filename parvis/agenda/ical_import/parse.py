"""Reading a calendar file: its text, its VEVENTs, and what cannot be read (skipped with a reason)."""

import re
import zoneinfo
from dataclasses import dataclass, field

import icalendar
from django.utils.translation import gettext as _

MAX_BYTES = 5 * 1024 * 1024
DEFAULT_TZ = "Europe/Paris"
MAX_NOTES = 20


class ImportRefused(Exception):
    """The whole import was refused (unreachable, too large, not a calendar, no right to post); the message is
    shown to the organisation."""


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
