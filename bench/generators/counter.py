"""Reports to the town hall over two years (parvis.counter): each of the largest communes' official spaces has a
technical service and its categories, the département a roads service; reports are filed by inhabitants of the
commune, spread around its centre, most of them resolved, a tenth still new. The largest commune holds the most:
its public list and map are the pages the bench loads."""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from bench.scales import DOMAIN
from bench.targets import SESSION, target
from parvis.accounts.models import User
from parvis.counter.models import Category, Report, ReportUpdate, Service, State
from parvis.spaces.models import Space
from parvis.territories.models import Level, Territory

PRODUCES = ("counter_reports",)
CHUNK = 5_000
TWO_YEARS = 2 * 365 * 86_400
COMMUNES = 30
TOWN_CATEGORIES = (("Éclairage public", "lampadaire"), ("Dépôt sauvage", "dechet"), ("Mobilier urbain", "banc"))
DESCRIPTIONS = (
    "Lampadaire éteint depuis plusieurs soirs.",
    "Sacs d'ordures déposés au pied des conteneurs.",
    "Banc cassé près de l'arrêt de bus.",
    "Nid-de-poule dangereux pour les vélos.",
    "Panneau tombé dans le fossé.",
)
# Most reports end resolved; the rest at every step of the way.
STATES = [State.RESOLVED] * 6 + [State.REFUSED] + [State.IN_PROGRESS] + [State.ACKNOWLEDGED] + [State.NEW]


def _categories():
    """Services and categories of the largest communes (and the département's roads), created once."""
    officials = {
        space.territory_id: space
        for space in Space.objects.filter(is_official=True).select_related("territory")
        if space.territory.level in (Level.COMMUNE, Level.DEPARTEMENT)
    }
    communes = [
        commune
        for commune in Territory.objects.communes().order_by("-population", "pk")[: COMMUNES * 2]
        if commune.pk in officials and commune.centre is not None
    ][:COMMUNES]
    by_commune: dict[int, list[Category]] = {}
    departement = next((s for s in officials.values() if s.territory.level == Level.DEPARTEMENT), None)
    roads = None
    if departement is not None:
        service = Service.objects.create(space=departement, name="Voirie départementale")
        roads = Category.objects.create(
            territory=departement.territory, service=service, name="Route départementale", icon="route"
        )
    for commune in communes:
        service = Service.objects.create(space=officials[commune.pk], name="Services techniques")
        by_commune[commune.pk] = [
            Category.objects.create(territory=commune, service=service, name=name, icon=icon, position=position)
            for position, (name, icon) in enumerate(TOWN_CATEGORIES)
        ] + ([roads] if roads else [])
    return communes, by_commune


def generate(ctx) -> None:
    rng = ctx.rng
    communes, categories = _categories()
    if not communes:
        return
    people: dict[int, list[int]] = {}
    for user_id, commune_id in User.objects.filter(email__endswith=f"@{DOMAIN}").values_list("pk", "home_commune_id"):
        people.setdefault(commune_id, []).append(user_id)
    everyone = [user_id for ids in people.values() for user_id in ids]
    if not everyone:
        return
    # The largest commune gets a fifth of the reports, the others share the rest by population.
    weights = [max(1, c.population) for c in communes]
    weights[0] = sum(weights[1:]) // 4 or 1
    total = ctx.sizes["counter_reports"]
    now = timezone.now()
    with ctx.own_dates(Report, ReportUpdate):
        for start in range(0, total, CHUNK):
            count = min(CHUNK, total - start)
            reports, plans = [], []
            for _ in range(count):
                commune = rng.choices(communes, weights)[0]
                category = rng.choice(categories[commune.pk])
                state = rng.choice(STATES)
                created = now - timedelta(seconds=rng.randrange(TWO_YEARS))
                acknowledged = created + timedelta(hours=rng.randint(1, 96)) if state != State.NEW else None
                closed = (
                    acknowledged + timedelta(hours=rng.randint(2, 400))
                    if state in (State.RESOLVED, State.REFUSED)
                    else None
                )
                latitude = Decimal(commune.centre_latitude) + Decimal(rng.randint(-9000, 9000)) / Decimal(1_000_000)
                longitude = Decimal(commune.centre_longitude) + Decimal(rng.randint(-12000, 12000)) / Decimal(1_000_000)
                reports.append(
                    Report(
                        space_id=category.service.space_id,
                        service_id=category.service_id,
                        category=category,
                        commune=commune,
                        reporter_id=rng.choice(people.get(commune.pk) or everyone),
                        anonymous=rng.random() < 0.3,
                        description=rng.choice(DESCRIPTIONS),
                        address=f"{rng.randint(1, 120)} rue de la République",
                        latitude=latitude.quantize(Decimal("0.000001")),
                        longitude=longitude.quantize(Decimal("0.000001")),
                        state=state,
                        created_at=created,
                        acknowledged_at=acknowledged,
                        closed_at=closed,
                        updated_at=closed or acknowledged or created,
                    )
                )
                plans.append((state, created, acknowledged, closed))
            reports = ctx.bulk(Report, reports)
            updates = []
            for report, (state, created, acknowledged, closed) in zip(reports, plans, strict=True):
                updates.append(ReportUpdate(report=report, state=State.NEW, created_at=created))
                if acknowledged:
                    updates.append(ReportUpdate(report=report, state=State.ACKNOWLEDGED, created_at=acknowledged))
                if closed:
                    updates.append(ReportUpdate(report=report, state=state, message="Traité.", created_at=closed))
            ctx.bulk(ReportUpdate, updates)
            ctx.produced("counter_reports", len(reports))


def targets(inhabitant) -> list[dict]:
    """The public list and map of the commune with the most reports (its first page, and filtered to the open
    ones), for a visitor and for the signed-in inhabitant."""
    busiest = (
        Territory.objects.filter(pk__in=Report.objects.values("commune_id").distinct()).order_by("-population").first()
    )
    if busiest is None:
        return []
    path = f"/guichet/communes/{busiest.slug}/"
    return [
        target("counter_reports", path),
        target("counter_reports", path, SESSION),
        target("counter_open_reports", f"{path}?etat=ouverts"),
    ]
