"""Import an organisation's existing calendar (.ics at a URL, or an uploaded file) into one of its spaces.

Events are matched by UID, so an import run any number of times creates each event once, updates what changed in the
source and deletes what the source removed, touching only the events that came from that source. Every event goes
through `services.event_create` / `event_update` with the source's creator as author: an import can never do what
that person could not do by hand, and losing the right to post in the space stops the import.

Real calendars are messy (Outlook, Google, Thunderbird, the CMS of every town hall): folded lines, Windows line
endings, latin-1 files, floating times, missing DTEND or UID, several VCALENDAR blocks. What can be understood is
imported; what cannot is skipped with a reason that the organisation reads in the report.
"""

import hashlib
import unicodedata
import zoneinfo
from datetime import datetime, time, timedelta
from decimal import Decimal

import icalendar
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from parvis.core.text import clean_name
from parvis.posts import previews

from . import services
from .models import CalendarSource, Category, Event

MAX_BYTES = 5 * 1024 * 1024
DEFAULT_TZ = "Europe/Paris"
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
    """The calendar at `url`, through the link previews' fetcher: same refusal of private addresses, bad ports and
    unchecked redirects. `is_allowed_address` is for tests only."""
    try:
        return previews.fetch_url(
            url,
            max_bytes=MAX_BYTES,
            cut_at_limit=False,
            accept_types=ICS_TYPES,
            accept="text/calendar, text/plain;q=0.5, */*;q=0.1",
            user_agent=USER_AGENT,
            is_allowed_address=is_allowed_address,
        ).body
    except previews.FetchError as error:
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


def parse(raw: bytes) -> list[tuple[icalendar.Event, str]]:
    """Every VEVENT of every VCALENDAR block, each with the default time zone of its block (for floating times)."""
    if len(raw) > MAX_BYTES:
        raise ImportRefused(_("The file is larger than 5 MB."))
    text = decode(raw)
    # Any line ending (CRLF, LF, a lone CR from old Mac software) becomes CRLF, which the parser unfolds reliably.
    text = "\r\n".join(text.splitlines()) + "\r\n"
    if "BEGIN:VCALENDAR" not in text.upper():
        raise ImportRefused(_("This is not an iCalendar file (no BEGIN:VCALENDAR)."))
    try:
        calendars = icalendar.Calendar.from_ical(text, multiple=True)
    except ValueError as error:
        raise ImportRefused(_("The iCalendar file could not be read: %(reason)s") % {"reason": error}) from error
    found = []
    for calendar in calendars:
        default = _zone_name(str(calendar.get("X-WR-TIMEZONE", "") or "")) or DEFAULT_TZ
        found.extend((component, default) for component in calendar.walk("VEVENT"))
    if not calendars:
        raise ImportRefused(_("This is not an iCalendar file (no BEGIN:VCALENDAR)."))
    return found


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


def _exdates(component, times: dict) -> list[str]:
    tz = zoneinfo.ZoneInfo(times["time_zone"])
    usual = times["start"].astimezone(tz).time()
    values = []
    for value in component.exdates:
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


def event_fields(component, default_tz: str) -> dict:
    """The Event fields of one VEVENT, or Skip with the reason."""
    title = " ".join(clean_name(_text(component, "SUMMARY")).split())
    if not title:
        raise Skip(_("no title (SUMMARY)"))
    times = _times(component, default_tz)
    fields = {
        "title": title[:200],
        "description": _text(component, "DESCRIPTION")[:20_000],
        **times,
        "rrule": _rrule(component, times),
        "exdates": [],
        "venue_name": " ".join(clean_name(_text(component, "LOCATION")).split())[:200],
        "category": _category(component),
        "latitude": None,
        "longitude": None,
        "online_url": "",
    }
    if fields["rrule"]:
        fields["exdates"] = _exdates(component, times)
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
    digest = hashlib.sha256(f"{fields['title']}|{fields['start'].isoformat()}".encode()).hexdigest()[:24]
    return f"{digest}@source-{source.pk}"


# Running an import -----------------------------------------------------------------------------------------


def _changed(event: Event, fields: dict) -> dict:
    return {name: value for name, value in fields.items() if getattr(event, name) != value}


def _import_one(source: CalendarSource, uid: str, fields: dict, report: dict) -> Event:
    creator, cancelled = source.created_by, fields.pop("cancelled")
    # A UID already used by another event (the same public calendar imported twice, or our own export imported
    # back) is kept apart by prefixing it with the source: Event.uid is unique across the instance.
    event = Event.objects.filter(source=source, uid__in=[uid, f"source-{source.pk}:{uid}"]).first()
    if event is None:
        stored = uid if not Event.objects.filter(uid=uid).exists() else f"source-{source.pk}:{uid}"
        event = services.event_create(creator=creator, space=source.space, uid=stored, **fields)
        Event.objects.filter(pk=event.pk).update(source=source)
        report["created"] += 1
    elif event.is_cancelled:
        report["unchanged"] += 1  # a cancelled event is final here, whatever the source says next
        return event
    elif changes := _changed(event, fields):
        event = services.event_update(editor=creator, event=event, **changes)
        report["updated"] += 1
    else:
        report["unchanged"] += 1
    if cancelled and not event.is_cancelled:
        services.event_cancel(editor=creator, event=event, reason=_("Cancelled in the organiser's calendar."))
    return event


def import_calendar(source: CalendarSource, raw: bytes) -> dict:
    """Import `raw` into the source's space and return the report (also stored on the source)."""
    report = {"created": 0, "updated": 0, "unchanged": 0, "deleted": 0, "skipped": [], "error": ""}
    try:
        if source.created_by is None or not services.can_create_event_in(user=source.created_by, space=source.space):
            raise ImportRefused(
                _("The person who added this calendar can no longer publish in this space: add it again yourself.")
            )
        components = parse(raw)
    except ImportRefused as error:
        report["error"] = str(error)
        return _save_report(source, report)
    with transaction.atomic():
        # One import of a source at a time: a cron run and a click on "import now" would otherwise both create.
        CalendarSource.objects.select_for_update().filter(pk=source.pk).first()
        kept: set[int] = set()
        seen_uids: set[str] = set()
        for component, default_tz in components:
            uid = _text(component, "UID") or "?"
            try:
                if component.get("RECURRENCE-ID") is not None:
                    raise Skip(_("change to a single occurrence of a repeating event (not supported)"))
                fields = event_fields(component, default_tz)
                uid = _source_uid(component, fields, source)
                if uid in seen_uids:
                    raise Skip(_("the same UID appears twice in the file"))
                seen_uids.add(uid)
                with transaction.atomic():
                    kept.add(_import_one(source, uid, fields, report).pk)
            except Skip as error:
                _skip(report, uid, str(error), source, kept)
            except (ValidationError, PermissionDenied, IntegrityError, ValueError, TypeError) as error:
                reason = " ".join(getattr(error, "messages", None) or [str(error)])
                _skip(report, uid, reason[:300], source, kept)
        gone = Event.objects.filter(source=source).exclude(pk__in=kept)
        report["deleted"] = gone.count()
        gone.delete()
    return _save_report(source, report)


def _skip(report: dict, uid: str, reason: str, source: CalendarSource, kept: set[int]) -> None:
    if len(report["skipped"]) < MAX_SKIPPED_IN_REPORT:
        report["skipped"].append({"uid": uid, "reason": reason})
    # An event we already had and cannot read this time stays as it was, rather than vanish for a typo.
    kept.update(
        Event.objects.filter(source=source, uid__in=[uid, f"source-{source.pk}:{uid}"]).values_list("pk", flat=True)
    )


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
    from parvis.spaces.models import Space

    if not Space.objects.administered_by(user).filter(pk=space.pk).exists():
        raise PermissionDenied(_("Only the space's administrators import calendars."))
    url = (url or "").strip()
    if not url and upload is None:
        raise ValidationError(_("Give the address of a calendar or choose a .ics file."))
    if url:
        try:
            previews._Target.parse(url)  # the same refusals as the fetcher, said now rather than at the first sync
        except previews.FetchError as error:
            raise ValidationError(_("This address cannot be used: %(reason)s.") % {"reason": error}) from error
        source, _created = CalendarSource.objects.get_or_create(space=space, url=url, defaults={"created_by": user})
        if source.created_by_id != user.pk:
            CalendarSource.objects.filter(pk=source.pk).update(created_by=user)
            source.created_by = user
        from .tasks import calendar_source_sync

        transaction.on_commit(lambda: calendar_source_sync.enqueue(source_id=source.pk))
        return source
    if len(upload) > MAX_BYTES:
        raise ValidationError(_("The file is larger than 5 MB."))
    source = CalendarSource.objects.create(space=space, url="", created_by=user)
    import_calendar(source, upload)
    return source


def calendar_source_remove(*, user, source: CalendarSource, delete_events: bool = False) -> None:
    from parvis.spaces.models import Space

    if not Space.objects.administered_by(user).filter(pk=source.space_id).exists():
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
