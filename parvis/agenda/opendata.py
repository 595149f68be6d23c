"""The public agenda as open data (JSON and CSV), one schema for both, documented field by field on /agenda/opendata/.

Field names are French because the audience is French open-data portals (data.gouv.fr and the regional ones),
whose users read the schema in French. Rows are produced one by one from a chunked iterator, so a département's
whole agenda streams in bounded memory.
"""

import csv
import json
from collections.abc import Iterable, Iterator

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from parvis.core.links import absolute_url

from .models import Event
from .publication import written

LICENCE_NAME = "Licence Ouverte / Etalab 2.0"
LICENCE_URL = "https://www.etalab.gouv.fr/licence-ouverte-open-licence/"
CHUNK = 500

# (name, type, description): the order of the CSV columns and of the documentation page.
FIELDS = [
    ("uid", "texte", _("Stable identifier of the event (the iCalendar UID): use it to follow updates.")),
    ("titre", "texte", _("Title of the event.")),
    ("description", "texte", _("Description written by the organisers (Markdown text).")),
    ("debut", "date-heure ISO 8601", _("Start, with the offset from UTC (first occurrence for a recurring event).")),
    ("fin", "date-heure ISO 8601", _("End, with the offset from UTC (of the first occurrence).")),
    ("fuseau_horaire", "texte", _("Time zone of the event (IANA name, e.g. Europe/Paris).")),
    ("journee_entiere", "booléen", _("True when the event takes whole days, without hours.")),
    ("recurrence", "texte", _("Repetition rule in the iCalendar RRULE format (RFC 5545), empty if none.")),
    ("dates_exclues", "liste de dates", _("Occurrences removed from the repetition (local dates or date-times).")),
    ("statut", "texte", _("published or cancelled.")),
    ("categorie", "texte", _("Category code: culture, sport, citizenship, solidarity, children, market, etc.")),
    ("categorie_libelle", "texte", _("Category as shown on the site.")),
    ("lieu", "texte", _("Name of the venue.")),
    ("adresse", "texte", _("Postal address of the venue.")),
    ("commune", "texte", _("Commune where the event takes place.")),
    ("code_insee", "texte", _("INSEE code of that commune.")),
    ("latitude", "nombre décimal", _("Latitude (WGS 84), empty if unknown.")),
    ("longitude", "nombre décimal", _("Longitude (WGS 84), empty if unknown.")),
    ("gratuit", "booléen", _("True when the event is free.")),
    ("tarif", "texte", _("Prices as written by the organisers.")),
    ("accessibilite", "liste de textes", _("Accessibility codes: wheelchair, sign_language, hearing_loop, etc.")),
    ("accessibilite_details", "texte", _("Accessibility details written by the organisers.")),
    ("lien_en_ligne", "URL", _("Link to follow the event online, if any.")),
    ("organisateur", "texte", _("Name of the organisation or space that organises the event.")),
    ("url", "URL", _("Page of the event on this site.")),
    ("mis_a_jour", "date-heure ISO 8601", _("Last modification of the event.")),
]
FIELD_NAMES = [name for name, _type, _doc in FIELDS]


def row(event: Event) -> dict:
    organiser = event.organiser_space or event.space
    return {
        "uid": event.uid,
        "titre": event.title,
        "description": event.description,
        "debut": timezone.localtime(event.start).isoformat(),
        "fin": timezone.localtime(event.end).isoformat(),
        "fuseau_horaire": event.time_zone,
        "journee_entiere": event.all_day,
        "recurrence": event.rrule,
        "dates_exclues": list(event.exdates or []),
        "statut": event.status,
        "categorie": event.category,
        "categorie_libelle": str(event.get_category_display()),
        "lieu": event.venue_name,
        "adresse": event.address,
        "commune": event.commune.name if event.commune else "",
        "code_insee": event.commune.code if event.commune else "",
        "latitude": float(event.latitude) if event.latitude is not None else None,
        "longitude": float(event.longitude) if event.longitude is not None else None,
        "gratuit": event.is_free,
        "tarif": event.price_text,
        "accessibilite": list(event.accessibility or []),
        "accessibilite_details": event.accessibility_note,
        "lien_en_ligne": event.online_url,
        "organisateur": organiser.name,
        "url": absolute_url(event.get_absolute_url()),
        "mis_a_jour": timezone.localtime(event.updated_at).isoformat(),
    }


def json_chunks(events: Iterable[Event], *, documentation_url: str) -> Iterator[str]:
    """A JSON document written piece by piece: the envelope, then the events one at a time."""
    envelope = {
        "licence": {"nom": LICENCE_NAME, "url": LICENCE_URL},
        "producteur": absolute_url("/"),
        "documentation": documentation_url,
        "genere_le": timezone.localtime().isoformat(),
    }
    head = json.dumps(envelope, ensure_ascii=False)[:-1]
    yield head + ', "evenements": ['
    rows = written(events, lambda event: json.dumps(row(event), ensure_ascii=False), output="opendata-json")
    for index, (_event, text) in enumerate(rows):
        yield ("," if index else "") + "\n" + text
    yield "\n]}\n"


class _Echo:
    def write(self, value: str) -> str:
        return value


def _cell(value) -> str | float | bool:
    if isinstance(value, list):
        return "|".join(str(item) for item in value)
    if value is None:
        return ""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        # A spreadsheet would run a cell starting like a formula: open data must not carry that.
        return "'" + value
    return value


def csv_chunks(events: Iterable[Event]) -> Iterator[str]:
    """CSV with a header row, lists joined by "|", and the licence repeated in its own column (a CSV has no
    envelope, and a column survives every re-export of the file)."""
    writer = csv.writer(_Echo())
    yield "\ufeff"  # spreadsheet software reads the accents right only with the byte-order mark
    yield writer.writerow([*FIELD_NAMES, "licence"])
    for _event, cells in written(events, _cells, output="opendata-csv"):
        yield writer.writerow(cells)


def _cells(event: Event) -> list:
    data = row(event)
    return [*(_cell(data[name]) for name in FIELD_NAMES), LICENCE_NAME]
