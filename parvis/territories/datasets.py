"""The communes of the instance in the open-data catalogue (parvis/opendata): INSEE code, postal codes, population,
as shipped from the Code officiel géographique, plus the quartiers the operator created."""

from collections.abc import Iterator
from datetime import UTC, datetime

from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _

from parvis.core import kinds

from .models import Level, PostalCode, Territory

# The shipped data follows INSEE's Code officiel géographique of 2025 (parvis/data/README.md).
GEOGRAPHIC_CODE_DATE = datetime(2025, 1, 1, tzinfo=UTC)
CHUNK = 500

FIELDS = (
    kinds.DatasetField("niveau", "string", _("Level: commune or quartier.")),
    kinds.DatasetField("code", "string", _("INSEE code of a commune; the site's own code for a quartier.")),
    kinds.DatasetField("nom", "string", _("Name.")),
    kinds.DatasetField("codes_postaux", "array", _("Postal codes of the commune.")),
    kinds.DatasetField("population", "integer", _("Municipal population (INSEE) of a commune; 0 for a quartier.")),
    kinds.DatasetField("departement", "string", _("Code of the département.")),
    kinds.DatasetField("commune_parente", "string", _("INSEE code of the commune a quartier belongs to.")),
    kinds.DatasetField("latitude", "number", _("Latitude (WGS 84) of a point inside the commune.")),
    kinds.DatasetField("longitude", "number", _("Longitude (WGS 84) of a point inside the commune.")),
)


def rows() -> Iterator[dict]:
    places = (
        Territory.objects.of_instance()
        .filter(level__in=(Level.COMMUNE, Level.QUARTIER))
        .select_related("parent")
        .prefetch_related(Prefetch("postal_codes", queryset=PostalCode.objects.order_by("code")))
        .order_by("level", "code")
    )
    for place in places.iterator(chunk_size=CHUNK):
        commune = place.level == Level.COMMUNE
        yield {
            "niveau": place.level,
            "code": place.code,
            "nom": place.name,
            "codes_postaux": place.postal_code_list if commune else [],
            "population": place.population if commune else 0,
            "departement": place.department_code if commune else (place.parent.department_code if place.parent else ""),
            "commune_parente": "" if commune or not place.parent else place.parent.code,
            "latitude": float(place.centre_latitude) if place.centre_latitude is not None else None,
            "longitude": float(place.centre_longitude) if place.centre_longitude is not None else None,
        }


def updated():
    return GEOGRAPHIC_CODE_DATE


def register() -> None:
    kinds.register_dataset(
        kinds.Dataset(
            slug="territoires",
            title=_("Communes and quartiers"),
            description=_(
                "The communes this site serves, with their INSEE code, postal codes and population (INSEE's "
                "Code officiel géographique), and the quartiers created on the site."
            ),
            fields=FIELDS,
            rows=rows,
            updated=updated,
            order=50,
            keywords=("communes", "code officiel géographique", "population"),
        )
    )
