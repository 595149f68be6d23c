"""One VEVENT to the fields of an Event, or Skip with the reason."""

import hashlib
import unicodedata
import zoneinfo
from datetime import datetime, time, timedelta
from decimal import Decimal

import icalendar
from django.utils import translation
from django.utils.translation import gettext as _

from parvis.core.bounds import date_message, year_in_range
from parvis.core.text import clean_name

from ..models import CalendarSource, Category
from .parse import _zone_name

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
