"""The directory: a profile for every association and shop (themes, contact, opening hours), shops' offers to
residents over two years (a few running now), and schools' pages with the spaces of their classes opened by parents.

Schools and classes are placed where people live (weighted by population); a class's parents come from the
school's commune, as `school_class_create` requires of its creator.
"""

from datetime import timedelta

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.text import slugify

from bench.scales import DOMAIN
from bench.targets import SESSION, target
from parvis.accounts.models import User
from parvis.directory.models import (
    DIRECTORY_KINDS,
    Offer,
    OrganisationProfile,
    SchoolClass,
    SchoolYear,
    ShopCategory,
    Theme,
)
from parvis.spaces.models import (
    JoinPolicy,
    Membership,
    MembershipStatus,
    Nature,
    OrganisationKind,
    Role,
    Space,
    Visibility,
)
from parvis.territories.models import Territory

PRODUCES = ("offers", "school_classes", "organisation_profiles")
TWO_YEARS = 2 * 365 * 86_400
# Classes per school on average (a village school has three, a town's collège twenty).
CLASSES_PER_SCHOOL = 8
OPENING_HOURS = "Mardi–samedi : 9 h–12 h 30, 14 h 30–19 h\nDimanche : 9 h–12 h 30"
ACTIVITIES = "Entraînements le mercredi et le samedi, sorties une fois par mois, fête de fin de saison en juin."
OFFERS = (
    ("-10 % pour les habitants", "Sur présentation du code en caisse."),
    ("Un café offert", "Pour tout achat d'une viennoiserie, le matin."),
    ("Livraison gratuite", "Dans la commune, pour toute commande de plus de 20 €."),
    ("Carte de fidélité doublée", "Deux tampons au lieu d'un tout le mois."),
)
SCHOOLS = ("École élémentaire Jules-Ferry", "École maternelle Les Petits Loups", "Collège Jean-Moulin")


def _profile(rng, space_id: int, kind: str) -> OrganisationProfile:
    themes = rng.sample(Theme.values, rng.randint(1, 3)) if kind == OrganisationKind.ASSOCIATION else []
    return OrganisationProfile(
        space_id=space_id,
        themes=f",{','.join(themes)}," if themes else "",
        activities=ACTIVITIES if kind == OrganisationKind.ASSOCIATION else "",
        email=f"contact-{space_id}@{DOMAIN}",
        phone=f"03 44 {rng.randint(10, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)}",
        website="" if rng.random() < 0.5 else f"https://exemple-{space_id}.{DOMAIN}/",
        address=f"{rng.randint(1, 120)} rue de la République",
        shop_category=rng.choice(ShopCategory.values) if kind == OrganisationKind.SHOP else "",
        opening_hours=OPENING_HOURS if kind != OrganisationKind.ASSOCIATION else "",
    )


def generate(ctx) -> None:
    rng = ctx.rng
    now = timezone.now()
    communes = list(
        Territory.objects.communes().order_by("-population", "code").values_list("id", "name", "population")
    )
    commune_ids, weights = [c[0] for c in communes], [max(c[2], 1) for c in communes]
    names = {c[0]: c[1] for c in communes}
    by_commune: dict[int, list[int]] = {}
    for pk, commune_id in (
        User.objects.filter(email__endswith=f"@{DOMAIN}").order_by("pk").values_list("pk", "home_commune_id")
    ):
        by_commune.setdefault(commune_id, []).append(pk)

    # Schools' pages, then their classes' spaces and parents.
    class_count = ctx.sizes["school_classes"]
    school_count = max(class_count // CLASSES_PER_SCHOOL, 1) if class_count else 0
    schools = []
    for index in range(school_count):
        commune_id = rng.choices(commune_ids, weights)[0]
        name = f"{rng.choice(SCHOOLS)} ({names[commune_id]})"
        schools.append(
            Space(
                name=name,
                slug=f"{slugify(name)[:100]}-e{index}",
                nature=Nature.INSTITUTIONNEL,
                territory_id=commune_id,
                visibility=Visibility.PUBLIC,
                join_policy=JoinPolicy.OPEN,
                organisation_kind=OrganisationKind.SCHOOL,
                is_verified=True,
                description=f"{name} : informations aux familles.",
            )
        )
    schools = ctx.bulk(Space, schools)
    school_year = f"{now.year - (now.month < 9)}-{now.year - (now.month < 9) + 1}"
    classes, plans = [], []
    for index in range(class_count):
        school = rng.choice(schools)
        year = rng.choice(SchoolYear.values)
        letter = rng.choice(["", "A", "B"])
        label = f"{year} {letter}".strip()
        name = f"{label} — {school.name}"[:110] + f" ({school_year})"
        classes.append(
            Space(
                name=name[:120],
                slug=f"{slugify(label)}-{slugify(school.name)[:60]}-c{index}",
                nature=Nature.VOISINAGE,
                territory_id=school.territory_id,
                visibility=Visibility.MEMBERS,
                join_policy=JoinPolicy.REQUEST,
                description=f"Les parents de la classe {label}, année {school_year}.",
            )
        )
        plans.append((school, year, letter))
    classes = ctx.bulk(Space, classes)
    ctx.bulk(
        SchoolClass,
        [
            SchoolClass(
                space=space,
                school=school,
                school_name=school.name,
                year=year,
                class_name=letter,
                school_year=school_year,
            )
            for space, (school, year, letter) in zip(classes, plans, strict=True)
        ],
    )
    parents = []
    for space in classes:
        local = by_commune.get(space.territory_id, [])
        for rank, user_id in enumerate(rng.sample(local, min(len(local), rng.randint(4, 22)))):
            parents.append(
                Membership(
                    space=space,
                    user_id=user_id,
                    role=Role.OWNER if rank == 0 else Role.MEMBER,
                    status=MembershipStatus.ACTIVE if rank == 0 or rng.random() < 0.9 else MembershipStatus.REQUESTED,
                )
            )
    ctx.bulk(Membership, parents)
    ctx.produced("school_classes", len(classes))

    # A profile for every organisation the directory lists.
    organisations = list(
        Space.objects.filter(organisation_kind__in=DIRECTORY_KINDS)
        .order_by("pk")
        .values_list("pk", "organisation_kind")
    )
    ctx.bulk(OrganisationProfile, [_profile(rng, pk, kind) for pk, kind in organisations])
    ctx.produced("organisation_profiles", len(organisations))

    # Offers of the shops over two years, each running two to four weeks; a tenth running now.
    shops = [pk for pk, kind in organisations if kind == OrganisationKind.SHOP]
    offers = []
    for _ in range(ctx.sizes["offers"] if shops else 0):
        start = now - timedelta(seconds=rng.randrange(TWO_YEARS))
        if rng.random() < 0.1:
            start = now - timedelta(days=rng.randint(0, 10))
        title, description = rng.choice(OFFERS)
        offers.append(
            Offer(
                space_id=rng.choice(shops),
                title=title,
                description=description,
                code=f"VOISIN{rng.randint(100, 999)}",
                valid_from=start,
                valid_until=start + timedelta(weeks=rng.randint(2, 4)),
                created_at=start,
            )
        )
    with ctx.own_dates(Offer):
        ctx.bulk(Offer, offers)
    ctx.produced("offers", len(offers))


def targets(inhabitant) -> list[dict]:
    """The directory's first page, and the shop of the inhabitant's commune with the most offers running now: its
    entry shows them (with their codes to a resident), its profile and opening hours."""
    now = timezone.now()
    shop = (
        Space.objects.filter(organisation_kind=OrganisationKind.SHOP, visibility=Visibility.PUBLIC)
        .annotate(running=Count("offers", filter=Q(offers__valid_from__lte=now, offers__valid_until__gt=now)))
        # In the inhabitant's commune, so that the signed-in request sees the discount codes.
        .filter(territory=inhabitant.home_commune)
        .order_by("-running", "pk")
        .first()
    )
    entry = f"/annuaire/{shop.slug}/" if shop else None
    found = [target("directory", "/annuaire/"), target("directory", "/annuaire/", SESSION)]
    if entry:
        found += [
            target("directory entry (shop)", entry),
            target("directory entry (shop)", entry, SESSION),
            target("api directory entry", f"/api/v1/directory/{shop.slug}", kind="api object"),
        ]
    return found
