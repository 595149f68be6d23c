"""News sent by the official spaces (parvis.bulletins) over two years: the département's and the largest communes',
seven in ten public (on the space's page), the rest to a segment only; each bulletin reached part of its territory's
inhabitants (a `Reception` per person, a few hundred on average, a few thousand for the largest), and some people
chose themes and said yes to e-mails. The largest commune's news page and its latest bulletin are loaded."""

from datetime import timedelta

from django.utils import timezone

from bench.scales import DOMAIN, INHABITANT_EMAIL
from bench.targets import SESSION, target
from parvis.accounts.models import User
from parvis.bulletins.models import Bulletin, NewsConsent, Reception, Theme, ThemeChoice
from parvis.spaces.models import Space
from parvis.territories.models import Level, Territory

PRODUCES = ("bulletins",)
CHUNK = 1_000
TWO_YEARS = 2 * 365 * 86_400
COMMUNES = 30
# A reach larger than this is a town-wide bulletin of the largest communes; most are far smaller.
MAX_REACH = 5_000
NEWS = (
    ("Travaux rue de la République : circulation alternée", "Du lundi au vendredi, de 8 h à 17 h."),
    ("Inscriptions au centre de loisirs d'été", "Les inscriptions ouvrent lundi à 9 h, en ligne ou en mairie."),
    ("Collecte des encombrants", "Sortez vos encombrants la veille au soir, pas avant 19 h."),
    ("Plan canicule : inscrivez vos proches", "Le registre des personnes fragiles est ouvert en mairie."),
    ("Fête de la musique", "Scènes ouvertes place de l'Hôtel-de-Ville à partir de 18 h."),
    ("Fermeture exceptionnelle de la médiathèque", "La médiathèque sera fermée samedi pour inventaire."),
)


def generate(ctx) -> None:
    rng = ctx.rng
    officials = {
        space.territory_id: space
        for space in Space.objects.filter(is_official=True).select_related("territory")
        if space.territory.level in (Level.COMMUNE, Level.DEPARTEMENT)
    }
    communes = [
        commune.pk
        for commune in Territory.objects.communes().order_by("-population", "pk")[: COMMUNES * 2]
        if commune.pk in officials
    ][:COMMUNES]
    departement = next((s for s in officials.values() if s.territory.level == Level.DEPARTEMENT), None)
    people: dict[int, list[int]] = {}
    for user_id, commune_id in User.objects.filter(email__endswith=f"@{DOMAIN}").values_list("pk", "home_commune_id"):
        people.setdefault(commune_id, []).append(user_id)
    everyone = [user_id for ids in people.values() for user_id in ids]
    if not communes or not everyone:
        return
    inhabitant = User.objects.filter(email=INHABITANT_EMAIL).values_list("pk", "home_commune_id").first()
    senders = [officials[pk] for pk in communes] + ([departement] if departement else [])
    # The département sends as often as the largest commune; the others less, by size.
    weights = [max(len(people.get(space.territory_id, ())), 1) for space in senders]
    if departement:
        weights[-1] = weights[0]
    themes = Theme.values
    total = ctx.sizes["bulletins"]
    now = timezone.now()
    with ctx.own_dates(Bulletin):
        for start in range(0, total, CHUNK):
            plans = []
            for _ in range(min(CHUNK, total - start)):
                space = rng.choices(senders, weights)[0]
                local = everyone if space is departement else people.get(space.territory_id, [])
                reach = min(len(local), int(rng.paretovariate(1.5) * 100), MAX_REACH)
                reached = rng.sample(local, reach)
                if inhabitant and space.territory_id == inhabitant[1] and rng.random() < 0.3:
                    reached = list(dict.fromkeys([inhabitant[0], *reached]))
                plans.append((space, reached))
            bulletins = ctx.bulk(
                Bulletin,
                [
                    Bulletin(
                        space=space,
                        title=title,
                        text=text,
                        public=rng.random() < 0.7,
                        territory_id=space.territory_id,
                        themes=rng.sample(themes, rng.randint(1, 2)) if rng.random() < 0.3 else [],
                        sent_at=now - timedelta(seconds=rng.randrange(TWO_YEARS)),
                        reached=len(reached),
                        emailed=len(reached) * 3 // 10,
                    )
                    for space, reached in plans
                    for title, text in [rng.choice(NEWS)]
                ],
            )
            ctx.bulk(
                Reception,
                [
                    Reception(bulletin=bulletin, person_id=person)
                    for bulletin, (_space, reached) in zip(bulletins, plans, strict=True)
                    for person in reached
                ],
            )
            ctx.produced("bulletins", len(bulletins))
    # A fifth of the inhabitants chose themes, three in ten said yes to e-mails.
    choices, consents = [], []
    for person in everyone:
        if rng.random() < 0.2:
            choices.extend(
                ThemeChoice(person_id=person, theme=theme) for theme in rng.sample(themes, rng.randint(1, 3))
            )
        if rng.random() < 0.3:
            consents.append(NewsConsent(person_id=person, email=True))
    ctx.bulk(ThemeChoice, choices)
    ctx.bulk(NewsConsent, consents)


def targets(inhabitant) -> list[dict]:
    """The news page of the inhabitant's town hall (its public news, and those that reached the inhabitant) and
    its latest public bulletin."""
    space = Space.objects.filter(is_official=True, territory=inhabitant.home_commune).first()
    if space is None:
        return []
    latest = Bulletin.objects.filter(space=space, public=True, status="published").order_by("-sent_at", "-pk").first()
    if latest is None:
        return []
    path = f"/espaces/{space.slug}/actualites/"
    return [
        target("bulletins", path),
        target("bulletins", path, SESSION),
        target("bulletin", latest.get_absolute_url()),
    ]
