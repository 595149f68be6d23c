"""The public agenda in the open-data catalogue (parvis/opendata): the rows and schema of `opendata.py`, plus the
same events in the OpenAgenda event format, which the agendas of many French territories already import.

The OpenAgenda rendering follows the event object of OpenAgenda's public API v2 (fields `uid`, `title`,
`description`, `timings`, `location`, `conditions`, `status`, `attendanceMode`, `onlineAccessLink`, `accessibility`,
`keywords`, `updatedAt`; multilingual texts as {"fr": ...}). It is a subset: no images, no registration fields.
"""

import json
from collections.abc import Iterable, Iterator

from django.db.models import Count, Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from parvis.core import kinds
from parvis.core.links import absolute_url

from . import opendata, publication
from .models import EventStatus, Occurrence

OPENAGENDA_SCHEMA = "https://developers.openagenda.com/10-lecture/"
# Parvis' accessibility codes → OpenAgenda's: hi hearing, ii intellectual, mi motor, pi psychic, vi visual.
OPENAGENDA_ACCESSIBILITY = {
    "wheelchair": "mi",
    "hearing_loop": "hi",
    "sign_language": "hi",
    "easy_read": "ii",
    "audio_description": "vi",
    "braille": "vi",
}
# The French names of `opendata.FIELDS`' types, as Table Schema types.
TABLE_SCHEMA_TYPES = {
    "texte": "string",
    "date-heure ISO 8601": "datetime",
    "booléen": "boolean",
    "liste de dates": "array",
    "liste de textes": "array",
    "nombre décimal": "number",
    "URL": "string",
}
# OpenAgenda's event states: 1 scheduled, 6 cancelled.
OPENAGENDA_STATUS = {EventStatus.PUBLISHED: 1, EventStatus.CANCELLED: 6}


def _events():
    return publication.instance_events(since=timezone.now()).iterator(chunk_size=opendata.CHUNK)


def rows() -> Iterator[dict]:
    for _event, data in publication.written(_events(), opendata.row, output="opendata-catalogue"):
        yield data


def updated():
    return publication.instance_events(since=timezone.now()).order_by().aggregate(last=Max("updated_at"))["last"]


def fingerprint() -> str:
    summary = (
        publication.instance_events(since=timezone.now())
        .order_by()
        .aggregate(count=Count("pk"), last=Max("updated_at"))
    )
    return f"{summary['count']}-{summary['last']}"


def _timings(event) -> list[dict]:
    occurrences = [(o.start, o.end) for o in Occurrence.objects.filter(event=event).order_by("start")[:100]]
    return [
        {"begin": timezone.localtime(start).isoformat(), "end": timezone.localtime(end).isoformat()}
        for start, end in (occurrences or [(event.start, event.end)])
    ]


def openagenda_event(event) -> dict:
    commune = event.commune
    online = bool(event.online_url)
    place = bool(event.venue_name or event.address or commune)
    codes = {OPENAGENDA_ACCESSIBILITY.get(code) for code in event.accessibility or []} - {None}
    return {
        "uid": event.uid,
        "title": {"fr": event.title},
        "description": {"fr": event.description.split("\n", 1)[0][:200]},
        "longDescription": {"fr": event.description},
        "keywords": {"fr": [str(event.get_category_display())]},
        "timings": _timings(event),
        "location": {
            "name": event.venue_name,
            "address": event.address,
            "city": commune.name if commune else "",
            "insee": commune.code if commune else "",
            "latitude": float(event.latitude) if event.latitude is not None else None,
            "longitude": float(event.longitude) if event.longitude is not None else None,
        },
        "conditions": {"fr": str(_("Free")) if event.is_free else event.price_text},
        "status": OPENAGENDA_STATUS.get(event.status, 1),
        # 1 on site, 2 online, 3 both.
        "attendanceMode": 3 if online and place else (2 if online else 1),
        "onlineAccessLink": event.online_url or None,
        "accessibility": {code: code in codes for code in ("hi", "ii", "mi", "pi", "vi")},
        "links": [{"link": absolute_url(event.get_absolute_url())}],
        "updatedAt": timezone.localtime(event.updated_at).isoformat(),
    }


def openagenda_chunks(_rows: Iterable[dict] | None = None) -> Iterator[str]:
    """The events as OpenAgenda's `{"events": [...]}`, one event written at a time."""
    yield '{"events": ['
    written = publication.written(
        _events(), lambda event: json.dumps(openagenda_event(event), ensure_ascii=False), output="opendata-openagenda"
    )
    for index, (_event, text) in enumerate(written):
        yield ("," if index else "") + "\n" + text
    yield "\n]}\n"


def register() -> None:
    kinds.register_dataset(
        kinds.Dataset(
            slug="agenda",
            title=_("Agenda of public events"),
            description=_(
                "Every public event to come on this site: dates, place, organiser, prices and accessibility. "
                "Events of members-only or secret groups are never in it."
            ),
            fields=tuple(
                kinds.DatasetField(name, TABLE_SCHEMA_TYPES.get(kind, "string"), doc)
                for name, kind, doc in opendata.FIELDS
            ),
            rows=rows,
            updated=updated,
            fingerprint=fingerprint,
            order=10,
            keywords=("agenda", "événements", "culture"),
            formats={
                "openagenda": (_("OpenAgenda event format (API v2, subset)"), OPENAGENDA_SCHEMA, openagenda_chunks)
            },
        )
    )
