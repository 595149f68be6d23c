"""Where a typed address is, asked of the address search the operator configured (`PARVIS_GEOCODER_URL`, the Base
Adresse Nationale's API or a server answering its GeoJSON). Only the address and the commune's INSEE code leave,
never who asks. Any failure (no setting, no answer, another commune, a doubtful match) answers None: the report then
sits at its commune's centre and says so, as without an address search. Called before the report's transaction,
since it waits for another server."""

import json
import logging
from decimal import Decimal, InvalidOperation
from urllib.parse import urlencode

from django.conf import settings

from parvis.core.fetch import FetchError, fetch_url
from parvis.territories.models import Territory

logger = logging.getLogger(__name__)

# The BAN's score runs from 0 to 1; under this the match is a guess ("rue" alone, a misspelt street).
MIN_SCORE = 0.5
QUERY_LIMIT = 200


def address_locate(*, address: str, commune: Territory | None) -> tuple[Decimal, Decimal] | None:
    base = settings.PARVIS_GEOCODER_URL
    address = (address or "").replace("\x00", "").strip()
    if not base or not address or commune is None:
        return None
    query = urlencode({"q": address[:QUERY_LIMIT], "citycode": commune.code, "limit": 1})
    try:
        fetched = fetch_url(
            f"{base}{'&' if '?' in base else '?'}{query}",
            accept="application/json",
            max_bytes=256 * 1024,
            cut_at_limit=False,
        )
        feature = json.loads(fetched.body)["features"][0]
        found = feature["properties"]
        longitude, latitude = (Decimal(str(value)) for value in feature["geometry"]["coordinates"][:2])
        if found.get("citycode") != commune.code or float(found.get("score", 0)) < MIN_SCORE:
            return None
        if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
            return None
    except (FetchError, ValueError, KeyError, IndexError, TypeError, AttributeError, InvalidOperation) as error:
        logger.info("address search failed: %s", error)
        return None
    return latitude.quantize(Decimal("0.000001")), longitude.quantize(Decimal("0.000001"))


def pin_or_address(*, commune: Territory | None, address: str, latitude, longitude) -> tuple:
    """The pin when one was placed; else the point the address search finds in the commune; else no pin."""
    if latitude not in (None, "") or longitude not in (None, ""):
        return latitude, longitude
    return address_locate(address=address, commune=commune) or (latitude, longitude)
