"""The Oise as the official data describes it (680 communes, postal codes, intercommunalities), plus quartiers."""

import io

from django.core.management import call_command
from django.utils.text import slugify

from bench.targets import SESSION, target
from parvis.territories.models import Level, Territory, search_key

PRODUCES = ("communes", "quartiers")
# Communes above this population get quartiers, one per this many inhabitants (Beauvais about 11).
QUARTIER_THRESHOLD = 15_000
INHABITANTS_PER_QUARTIER = 5_000
QUARTIER_NAMES = (
    "Centre-ville",
    "Gare",
    "Saint-Jean",
    "Notre-Dame",
    "Les Champs",
    "Argentine",
    "Voisinlieu",
    "Marissel",
    "Saint-Lucien",
    "Les Prés",
    "La Soie",
    "Le Moulin",
    "Les Hauts",
    "Le Plateau",
    "Les Rives",
)


def generate(ctx) -> None:
    # The same import an operator runs: the benchmark measures the real territory tree, not an imitation.
    call_command("territories", "import", "--departement", "60", stdout=io.StringIO())
    communes = Territory.objects.communes().filter(path__contains="/departement:60/")
    ctx.rows["territories.Territory"] = Territory.objects.count()
    ctx.produced("communes", communes.count())
    quartiers = []
    for commune in communes.filter(population__gte=QUARTIER_THRESHOLD).order_by("code"):
        for index in range(commune.population // INHABITANTS_PER_QUARTIER):
            name = QUARTIER_NAMES[index % len(QUARTIER_NAMES)] + ("" if index < len(QUARTIER_NAMES) else " II")
            # A fixed code (not quartier_create's random one) keeps the generated database the same every time.
            code = f"{commune.code}-q{index:02d}"
            quartiers.append(
                Territory(
                    level=Level.QUARTIER,
                    code=code,
                    name=name,
                    slug=f"{slugify(name)}-{code}",
                    parent=commune,
                    path=f"{commune.path}quartier:{code}/",
                    search_name=search_key(name),
                )
            )
    ctx.bulk(Territory, quartiers)
    ctx.produced("quartiers", len(quartiers))


def targets(inhabitant) -> list[dict]:
    commune = inhabitant.home_commune.get_absolute_url()
    return [
        target("commune", commune),
        target("commune", commune, SESSION),
        target("api territories ?q=60200", "/api/v1/territories/?q=60200", kind="api"),
    ]
