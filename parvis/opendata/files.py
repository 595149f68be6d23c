"""The files of a dataset, written row by row: CSV, JSON, its Table Schema, and the catalogue in DCAT terms.

Rows come from each dataset's `rows()` (an iterator over a chunked query), so a département's table streams in
bounded memory. The file names, field names and licence words are the ones French open-data portals expect."""

import csv
import hashlib
import json
from collections.abc import Iterable, Iterator

from django.urls import reverse
from django.utils import timezone

from parvis.core import kinds
from parvis.core.links import absolute_url

LICENCE_NAME = "Licence Ouverte / Open Licence 2.0 (Etalab)"
LICENCE_ID = "etalab-2.0"
LICENCE_URL = "https://www.etalab.gouv.fr/licence-ouverte-open-licence/"


class _Echo:
    def write(self, value: str) -> str:
        return value


def _cell(value):
    if isinstance(value, list | tuple):
        return "|".join(str(item) for item in value)
    if value is None:
        return ""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        # A spreadsheet would run a cell starting like a formula: open data must not carry that.
        return "'" + value
    return value


def csv_chunks(dataset: kinds.Dataset, rows: Iterable[dict]) -> Iterator[str]:
    """A header row of the fields' names, lists joined by "|", empty cells for unknown values."""
    writer = csv.writer(_Echo())
    names = [each.name for each in dataset.fields]
    yield "\ufeff"  # spreadsheet software reads the accents right only with the byte-order mark
    yield writer.writerow(names)
    for row in rows:
        yield writer.writerow([_cell(row.get(name)) for name in names])


def json_chunks(dataset: kinds.Dataset, rows: Iterable[dict]) -> Iterator[str]:
    """An envelope (title, licence, schema, date) then the rows, one at a time."""
    envelope = {
        "titre": str(dataset.title),
        "licence": {"nom": LICENCE_NAME, "url": LICENCE_URL},
        "schema": absolute_url(reverse("opendata:schema", kwargs={"dataset": dataset.slug})),
        "producteur": absolute_url("/"),
        "genere_le": timezone.localtime().isoformat(),
    }
    yield json.dumps(envelope, ensure_ascii=False)[:-1] + ', "donnees": ['
    for index, row in enumerate(rows):
        yield ("," if index else "") + "\n" + json.dumps(row, ensure_ascii=False, default=str)
    yield "\n]}\n"


def table_schema(dataset: kinds.Dataset) -> dict:
    """The dataset's schema as a Table Schema (frictionless, as schema.data.gouv.fr publishes its own)."""
    return {
        "$schema": "https://frictionlessdata.io/schemas/table-schema.json",
        "name": dataset.slug,
        "title": str(dataset.title),
        "description": str(dataset.description),
        "licenses": [{"name": LICENCE_ID, "title": LICENCE_NAME, "path": LICENCE_URL}],
        "fields": [
            {"name": each.name, "type": each.type, "description": str(each.description)} for each in dataset.fields
        ],
        "missingValues": [""],
    }


def updated_iso(dataset: kinds.Dataset) -> str | None:
    when = dataset.updated()
    return timezone.localtime(when).isoformat() if when else None


def etag(dataset: kinds.Dataset, form: str) -> str:
    """Changes with the rows (the dataset's fingerprint) and with the day: the agenda leaves past events out, and
    the figures move to a new month, without any row being written."""
    state = dataset.fingerprint() if dataset.fingerprint else str(dataset.updated())
    key = f"{dataset.slug}|{form}|{state}|{timezone.localdate().isoformat()}"
    return '"' + hashlib.sha256(key.encode()).hexdigest()[:32] + '"'


def _distribution(dataset: kinds.Dataset, form: str, media_type: str, path: str) -> dict:
    return {
        "@type": "dcat:Distribution",
        "dct:format": form,
        "dcat:mediaType": media_type,
        "dcat:downloadURL": absolute_url(path),
        "dct:license": LICENCE_URL,
    }


def catalog() -> dict:
    """The catalogue in DCAT's vocabulary (JSON-LD), which data.gouv.fr's harvester reads."""
    entries = []
    for dataset in kinds.datasets():
        files = [
            _distribution(dataset, "CSV", "text/csv", reverse("opendata:csv", kwargs={"dataset": dataset.slug})),
            _distribution(
                dataset, "JSON", "application/json", reverse("opendata:json", kwargs={"dataset": dataset.slug})
            ),
        ]
        for name in dataset.formats:
            path = reverse("opendata:format", kwargs={"dataset": dataset.slug, "form": name})
            files.append(_distribution(dataset, "JSON", "application/json", path))
        entries.append(
            {
                "@type": "dcat:Dataset",
                "dct:identifier": dataset.slug,
                "dct:title": str(dataset.title),
                "dct:description": str(dataset.description),
                "dct:modified": updated_iso(dataset),
                "dct:license": LICENCE_URL,
                "dcat:keyword": list(dataset.keywords),
                "dct:conformsTo": absolute_url(reverse("opendata:schema", kwargs={"dataset": dataset.slug})),
                "dcat:landingPage": absolute_url(reverse("opendata:catalogue") + f"#{dataset.slug}"),
                "dcat:distribution": files,
            }
        )
    return {
        "@context": {"dcat": "http://www.w3.org/ns/dcat#", "dct": "http://purl.org/dc/terms/"},
        "@type": "dcat:Catalog",
        "dct:title": "Parvis",
        "dct:publisher": absolute_url("/"),
        "dct:license": LICENCE_URL,
        "dcat:dataset": entries,
    }
