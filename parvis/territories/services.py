"""Writes on the territory tree: the import of the official data, and the quartiers and residences operators add."""

import gzip
import json
import re
import time
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.crypto import get_random_string
from django.utils.text import slugify
from django.utils.translation import gettext as _

from .models import Level, PostalCode, Territory, search_key

CURRENT_COMMUNE = "commune-actuelle"


def load_centres() -> dict[str, list[float]]:
    """INSEE code → [latitude, longitude]; empty if the file is missing (an older data directory): maps then open
    on the instance's territory without a commune's centre."""
    try:
        return load_dataset("communes-centres")["centres"]
    except FileNotFoundError:
        return {}


def load_dataset(name: str) -> list[dict]:
    with gzip.open(settings.PARVIS_DATA_DIR / f"{name}.json.gz", "rt", encoding="utf-8") as handle:
        return json.load(handle)


def parse_territory_key(key: str) -> tuple[str, str]:
    """ "departement:60" → ("departement", "60"); a clear error for anything else."""
    level, _sep, code = key.strip().partition(":")
    if level not in Level.values or not code:
        raise ValidationError(
            _("Unknown territory “%(key)s”: write it as level:code, e.g. departement:60 or commune:91228.")
            % {"key": key}
        )
    return level, code


def instance_territory_keys() -> list[tuple[str, str]]:
    return [parse_territory_key(key) for key in settings.PARVIS_TERRITORY.split(",") if key.strip()]


def instance_territories() -> list[Territory]:
    territories = []
    for level, code in instance_territory_keys():
        territory = Territory.objects.filter(level=level, code=code).first()
        if territory:
            territories.append(territory)
    return territories


def instance_departement_codes() -> list[str]:
    """The départements to import so that the instance's territory exists."""
    keys = instance_territory_keys()
    codes: set[str] = set()
    departements = load_dataset("departements")
    communes = None
    for level, code in keys:
        if level == Level.DEPARTEMENT:
            codes.add(code)
        elif level == Level.REGION:
            codes.update(d["code"] for d in departements if d["region"] == code)
        elif level == Level.COMMUNE:
            communes = communes or {c["code"]: c for c in load_dataset("communes")}
            if code in communes:
                codes.add(communes[code]["departement"])
    return sorted(codes)


@dataclass
class ImportReport:
    created: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    total: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    seconds: float = 0.0


def _coordinate(point, index: int, bound: int) -> Decimal | None:
    """One coordinate of a [latitude, longitude] pair, rounded to the column's 4 decimals; None if absent or odd."""
    try:
        value = Decimal(str(point[index])).quantize(Decimal("0.0001"))
    except (TypeError, IndexError, InvalidOperation):
        return None
    return value if -bound <= value <= bound else None


def _upsert(rows: list[Territory], update_fields: list[str]) -> None:
    Territory.objects.bulk_create(
        rows,
        batch_size=2000,
        update_conflicts=True,
        unique_fields=["level", "code"],
        update_fields=update_fields,
    )


def _ids(level: str, codes: Iterable[str] | None = None) -> dict[str, int]:
    queryset = Territory.objects.filter(level=level)
    if codes is not None:
        queryset = queryset.filter(code__in=list(codes))
    return dict(queryset.values_list("code", "id").iterator(chunk_size=5000))


def territories_import(
    *, departements: list[str] | None = None, progress: Callable[[str], None] = lambda message: None
) -> ImportReport:
    """Load régions, départements, EPCI, communes and postal codes from the shipped official data.

    Idempotent: rows are upserted on (level, code); running it twice leaves the same rows with the same values.
    `departements` limits the import to those départements (and their région and intercommunalities).
    """
    started = time.monotonic()
    report = ImportReport()
    regions = load_dataset("regions")
    all_departements = load_dataset("departements")
    communes = [c for c in load_dataset("communes") if c["type"] == CURRENT_COMMUNE]
    epcis = load_dataset("epci")
    centres = load_centres()

    known_departements = {d["code"] for d in all_departements}
    if departements:
        unknown = sorted(set(departements) - known_departements)
        if unknown:
            raise ValidationError(_("Unknown département code(s): %(codes)s.") % {"codes": ", ".join(unknown)})
        wanted = set(departements)
    else:
        wanted = known_departements

    # Populations above the commune come from every current commune, even in a partial import.
    population_of_departement: dict[str, int] = defaultdict(int)
    population_of_region: dict[str, int] = defaultdict(int)
    for commune in communes:
        population_of_departement[commune["departement"]] += commune.get("population") or 0
        population_of_region[commune["region"]] += commune.get("population") or 0

    selected_departements = [d for d in all_departements if d["code"] in wanted]
    selected_regions = [r for r in regions if r["code"] in {d["region"] for d in selected_departements}]
    selected_communes = [c for c in communes if c["departement"] in wanted]
    selected_commune_codes = {c["code"] for c in selected_communes}
    selected_epcis = [e for e in epcis if any(m["code"] in selected_commune_codes for m in e["membres"])]

    def count_existing(level: str, codes: set[str]) -> None:
        existing = Territory.objects.filter(level=level, code__in=codes).count() if codes else 0
        report.total[level] = len(codes)
        report.created[level] = len(codes) - existing

    with transaction.atomic():
        count_existing(Level.REGION, {r["code"] for r in selected_regions})
        _upsert(
            [
                Territory(
                    level=Level.REGION,
                    code=r["code"],
                    name=r["nom"],
                    slug=slugify(r["nom"]),
                    path=f"/region:{r['code']}/",
                    population=population_of_region[r["code"]],
                    search_name=search_key(r["nom"]),
                )
                for r in selected_regions
            ],
            ["name", "slug", "path", "population", "search_name"],
        )
        region_ids = _ids(Level.REGION)
        progress(f"régions: {report.total[Level.REGION]} ({report.created[Level.REGION]} new)")

        count_existing(Level.DEPARTEMENT, {d["code"] for d in selected_departements})
        _upsert(
            [
                Territory(
                    level=Level.DEPARTEMENT,
                    code=d["code"],
                    name=d["nom"],
                    slug=slugify(d["nom"]),
                    parent_id=region_ids[d["region"]],
                    path=f"/region:{d['region']}/departement:{d['code']}/",
                    population=population_of_departement[d["code"]],
                    search_name=search_key(d["nom"]),
                )
                for d in selected_departements
            ],
            ["name", "slug", "parent", "path", "population", "search_name"],
        )
        departement_ids = _ids(Level.DEPARTEMENT)
        progress(f"départements: {report.total[Level.DEPARTEMENT]} ({report.created[Level.DEPARTEMENT]} new)")

        count_existing(Level.EPCI, {e["code"] for e in selected_epcis})
        _upsert(
            [
                Territory(
                    level=Level.EPCI,
                    code=e["code"],
                    name=e["nom"],
                    slug=f"{slugify(e['nom'])[:180]}-{e['code']}",
                    path=f"/epci:{e['code']}/",
                    population=e.get("populationTotale") or 0,
                    search_name=search_key(e["nom"]),
                )
                for e in selected_epcis
            ],
            ["name", "slug", "path", "population", "search_name"],
        )
        epci_ids = _ids(Level.EPCI, {e["code"] for e in selected_epcis})
        epci_of_commune = {m["code"]: epci_ids[e["code"]] for e in selected_epcis for m in e["membres"]}
        progress(f"intercommunalités: {report.total[Level.EPCI]} ({report.created[Level.EPCI]} new)")

        count_existing(Level.COMMUNE, selected_commune_codes)
        _upsert(
            [
                Territory(
                    level=Level.COMMUNE,
                    code=c["code"],
                    name=c["nom"],
                    slug=f"{slugify(c['nom'])}-{c['code'].lower()}",
                    parent_id=departement_ids[c["departement"]],
                    epci_id=epci_of_commune.get(c["code"]),
                    path=f"/region:{c['region']}/departement:{c['departement']}/commune:{c['code']}/",
                    population=c.get("population") or 0,
                    search_name=search_key(c["nom"]),
                    centre_latitude=_coordinate(centres.get(c["code"]), 0, 90),
                    centre_longitude=_coordinate(centres.get(c["code"]), 1, 180),
                )
                for c in selected_communes
            ],
            [
                "name",
                "slug",
                "parent",
                "epci",
                "path",
                "population",
                "search_name",
                "centre_latitude",
                "centre_longitude",
            ],
        )
        commune_ids = _ids(Level.COMMUNE, selected_commune_codes) if departements else _ids(Level.COMMUNE)
        progress(f"communes: {report.total[Level.COMMUNE]} ({report.created[Level.COMMUNE]} new)")

        postal_rows = [
            PostalCode(code=postal, commune_id=commune_ids[c["code"]])
            for c in selected_communes
            for postal in c.get("codesPostaux") or []
        ]
        before = PostalCode.objects.filter(commune_id__in=commune_ids.values()).count() if departements else None
        if before is None:
            before = PostalCode.objects.count()
        PostalCode.objects.bulk_create(postal_rows, batch_size=5000, ignore_conflicts=True)
        report.total["postal_code"] = len(postal_rows)
        report.created["postal_code"] = max(len(postal_rows) - before, 0)
        progress(f"postal codes: {len(postal_rows)} ({report.created['postal_code']} new)")

    report.seconds = time.monotonic() - started
    return report


def _child_code(prefix: str) -> str:
    return f"{prefix}-{get_random_string(8, 'abcdefghijkmnpqrstuvwxyz23456789')}"


@transaction.atomic
def quartier_create(*, commune: Territory, name: str) -> Territory:
    if commune.level != Level.COMMUNE:
        raise ValidationError(_("A neighbourhood belongs to a commune."))
    code = _child_code(commune.code)
    return Territory.objects.create(
        level=Level.QUARTIER,
        code=code,
        name=name,
        slug=f"{slugify(name)[:180]}-{code}",
        parent=commune,
        path=f"{commune.path}quartier:{code}/",
        search_name=search_key(name),
    )


@transaction.atomic
def residence_create(*, parent: Territory, name: str, address: str = "", homes: int | None = None) -> Territory:
    if parent.level not in (Level.COMMUNE, Level.QUARTIER):
        raise ValidationError(_("A residence belongs to a commune or a neighbourhood."))
    # Prefixed with the commune's code, not a quartier's (itself "60057-xxxxxxxx"): the code stays within its
    # 20 characters, which PostgreSQL enforces; the path still says which quartier it is in.
    code = _child_code(parent.code.split("-", 1)[0])
    return Territory.objects.create(
        level=Level.RESIDENCE,
        code=code,
        name=name,
        slug=f"{slugify(name)[:180]}-{code}",
        parent=parent,
        path=f"{parent.path}residence:{code}/",
        search_name=search_key(name),
        address=address,
        homes=homes,
    )


def commune_resolve(text: str) -> Territory:
    """The commune a person typed: "Compiègne (60159)" from the autocompletion, an INSEE code, a postal code
    with a single commune, or a name that only one commune has. Anything else gets a message saying what to do."""
    text = (text or "").strip()
    if not text:
        raise ValidationError(_("Type the name or the postal code of your commune."))
    communes = Territory.objects.communes()
    match = re.search(r"\((\d[\dAB]\d{3})\)\s*$", text)
    if match:
        found = communes.filter(code=match.group(1)).first()
        if found:
            return found
    if re.fullmatch(r"\d[\dAB]\d{3}", text):
        by_postal = list(communes.filter(postal_codes__code=text).distinct()[:11])
        if len(by_postal) == 1:
            return by_postal[0]
        if len(by_postal) > 1:
            names = ", ".join(c.name for c in by_postal[:10])
            raise ValidationError(
                _("Several communes share the postal code %(code)s (%(names)s): choose yours by its name.")
                % {"code": text, "names": names}
            )
        by_insee = communes.filter(code=text).first()
        if by_insee:
            return by_insee
        raise ValidationError(_("No commune has the postal code %(code)s.") % {"code": text})
    exact = list(communes.filter(search_name=search_key(text))[:11])
    if len(exact) == 1:
        return exact[0]
    if len(exact) > 1:
        raise ValidationError(
            _("Several communes are called %(name)s: add the postal code or choose from the suggestions.")
            % {"name": text}
        )
    raise ValidationError(_("No commune called “%(name)s” was found.") % {"name": text})
