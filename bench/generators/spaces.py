"""Associations, shops and neighbourhood groups placed where people live, and their members.

Members come mostly from the space's own commune (a club in Beauvais has Beauvaisiens), so the per-space and
per-person figures look like a real territory: a few large spaces, many small ones.
"""

from django.db.models import Count, Q
from django.utils.text import slugify

from bench.scales import DOMAIN, INHABITANT_EMAIL
from bench.targets import SESSION, TOKEN, target
from parvis.accounts.models import User
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
from parvis.territories.models import Level, Territory

PRODUCES = ("organisations", "groups", "memberships")
FLUSH = 20_000
# Share of a commune's inhabitants who follow its official space, and of the Oise who follow the département's.
OFFICIAL_COMMUNE_SHARE = 0.3
OFFICIAL_DEPARTEMENT_SHARE = 0.05
ASSOCIATIONS = (
    "Comité des fêtes",
    "Club de football",
    "Amicale des pompiers",
    "Association des parents d'élèves",
    "Club de randonnée",
    "Chorale",
    "Atelier vélo",
    "Jardins partagés",
    "Club des aînés",
    "Judo club",
    "Tennis club",
    "Théâtre amateur",
    "Aide aux devoirs",
    "Banque alimentaire",
    "Harmonie municipale",
    "Club photo",
)
SHOPS = (
    "Boulangerie",
    "Boucherie",
    "Librairie",
    "Épicerie",
    "Pharmacie",
    "Fleuriste",
    "Café",
    "Garage",
    "Coiffure",
    "Fromagerie",
    "Primeur",
    "Quincaillerie",
)
GROUPS = (
    "Voisins de la rue des Écoles",
    "Voisins de la rue de la Gare",
    "Résidence Les Tilleuls",
    "Résidence du Parc",
    "Parents de CM2",
    "Covoiturage vers Paris",
    "Potager collectif",
    "Entraide du hameau",
    "Marche du dimanche",
    "Bébés de l'année",
)
SHOP_OWNERS = (
    "Martin",
    "Dubois",
    "Lefèvre",
    "Moreau",
    "Garnier",
    "Roussel",
    "Perrin",
    "Mercier",
    "Lambert",
    "Fournier",
)


def generate(ctx) -> None:
    rng = ctx.rng
    people = list(User.objects.filter(email__endswith=f"@{DOMAIN}").order_by("pk").values_list("pk", "home_commune_id"))
    everyone = [pk for pk, _commune in people]
    by_commune: dict[int, list[int]] = {}
    for pk, commune_id in people:
        by_commune.setdefault(commune_id, []).append(pk)
    communes = list(
        Territory.objects.communes().order_by("-population", "code").values_list("id", "name", "population")
    )
    commune_ids = [c[0] for c in communes]
    commune_weights = [max(c[2], 1) for c in communes]
    names = {c[0]: c[1] for c in communes}
    quartiers: dict[int, list[int]] = {}
    for quartier_id, commune_id in Territory.objects.filter(level=Level.QUARTIER).values_list("id", "parent_id"):
        quartiers.setdefault(commune_id, []).append(quartier_id)

    pending: list[Membership] = []

    def flush() -> None:
        ctx.bulk(Membership, pending)
        ctx.produced("memberships", len(pending))
        pending.clear()

    def add_members(space: Space, commune_id: int, size: int) -> None:
        local = by_commune.get(commune_id) or everyone
        chosen = rng.sample(local, min(size, len(local)))
        # A tenth come from elsewhere in the département (a club draws from the next villages too).
        chosen += rng.sample(everyone, min(size // 10, len(everyone)))
        for rank, user_id in enumerate(dict.fromkeys(chosen)):
            role = Role.OWNER if rank == 0 else Role.ADMIN if rank < 3 else Role.MEMBER
            draw = rng.random()
            status = (
                MembershipStatus.ACTIVE
                if rank < 3 or draw < 0.94
                else MembershipStatus.REQUESTED
                if draw < 0.98
                else MembershipStatus.INVITED
            )
            pending.append(Membership(space=space, user_id=user_id, role=role, status=status))
        if len(pending) >= FLUSH:
            flush()

    # Official spaces exist since the territory import; people follow the ones of their commune.
    departement_space = Space.objects.official().filter(territory__level=Level.DEPARTEMENT).first()
    for space in Space.objects.official().filter(territory__level=Level.COMMUNE).order_by("pk"):
        local = by_commune.get(space.territory_id, [])
        followers = rng.sample(local, int(len(local) * OFFICIAL_COMMUNE_SHARE))
        pending.extend(Membership(space=space, user_id=pk) for pk in followers)
    if departement_space:
        followers = rng.sample(everyone, int(len(everyone) * OFFICIAL_DEPARTEMENT_SHARE))
        pending.extend(Membership(space=departement_space, user_id=pk) for pk in followers)
    flush()

    def make_space(index: int, name: str, nature: str, commune_id: int, visibility: str, policy: str, **extra):
        return Space(
            name=name,
            # The index keeps slugs unique without the per-row lookup of spaces.services.spaces._unique_slug.
            slug=f"{slugify(name)[:100]}-{index}",
            nature=nature,
            territory_id=commune_id,
            visibility=visibility,
            join_policy=policy,
            description=f"{name} : actualités, rendez-vous et entraide.",
            **extra,
        )

    organisations, org_communes = [], []
    for index in range(ctx.sizes["organisations"]):
        commune_id = rng.choices(commune_ids, commune_weights)[0]
        if rng.random() < 0.65:
            name = f"{rng.choice(ASSOCIATIONS)} de {names[commune_id]}"
            visibility = Visibility.PUBLIC if rng.random() < 0.9 else Visibility.MEMBERS
            space = make_space(
                index,
                name,
                Nature.ASSOCIATIF,
                commune_id,
                visibility,
                JoinPolicy.OPEN if visibility == Visibility.PUBLIC else JoinPolicy.REQUEST,
                organisation_kind=OrganisationKind.ASSOCIATION,
                is_verified=rng.random() < 0.3,
            )
        else:
            name = f"{rng.choice(SHOPS)} {rng.choice(SHOP_OWNERS)} ({names[commune_id]})"
            space = make_space(
                index,
                name,
                Nature.COMMERCIAL,
                commune_id,
                Visibility.PUBLIC,
                JoinPolicy.OPEN,
                organisation_kind=OrganisationKind.SHOP,
                is_verified=True,
            )
        organisations.append(space)
        org_communes.append(commune_id)
    organisations = ctx.bulk(Space, organisations)
    ctx.produced("organisations", len(organisations))
    for space, commune_id in zip(organisations, org_communes, strict=True):
        # Pareto sizes: most associations have a dozen members, a few several hundred.
        add_members(space, commune_id, min(int(rng.paretovariate(1.2) * 10), 1_500))

    groups, group_communes = [], []
    offset = len(organisations)
    for index in range(ctx.sizes["groups"]):
        commune_id = rng.choices(commune_ids, commune_weights)[0]
        visibility = rng.choices([Visibility.PUBLIC, Visibility.MEMBERS, Visibility.SECRET], [3, 5, 2])[0]
        policy = {
            Visibility.PUBLIC: JoinPolicy.OPEN,
            Visibility.MEMBERS: JoinPolicy.REQUEST,
            Visibility.SECRET: JoinPolicy.INVITATION,
        }[visibility]
        local_quartiers = quartiers.get(commune_id)
        territory_id = rng.choice(local_quartiers) if local_quartiers and rng.random() < 0.5 else commune_id
        name = f"{rng.choice(GROUPS)} — {names[commune_id]}"
        groups.append(make_space(offset + index, name, Nature.VOISINAGE, territory_id, visibility, policy))
        group_communes.append(commune_id)
    groups = ctx.bulk(Space, groups)
    ctx.produced("groups", len(groups))
    for space, commune_id in zip(groups, group_communes, strict=True):
        add_members(space, commune_id, min(int(rng.paretovariate(1.5) * 5), 300))
    flush()
    _enrol_inhabitant(ctx, organisations, groups)


def _enrol_inhabitant(ctx, organisations: list[Space], groups: list[Space]) -> None:
    """The signed-in inhabitant of the load test belongs to spaces of every kind, so that the pages they see
    exercise the member side of the visibility rule."""
    inhabitant = User.objects.get(email=INHABITANT_EMAIL)
    home = inhabitant.home_commune_id
    wanted = [s for s in organisations if s.territory_id == home][:3]
    wanted += [s for s in groups if s.visibility == Visibility.MEMBERS][:1]
    wanted += [s for s in groups if s.visibility == Visibility.SECRET][:1]
    wanted += list(Space.objects.official().filter(territory_id=home))
    ctx.bulk(
        Membership,
        [Membership(space=space, user=inhabitant, status=MembershipStatus.ACTIVE) for space in wanted],
        ignore_conflicts=True,
    )


def targets(inhabitant) -> list[dict]:
    """The biggest public association of the inhabitant's commune: the space page with the most to show."""
    space = (
        Space.objects.filter(territory=inhabitant.home_commune, nature=Nature.ASSOCIATIF, visibility=Visibility.PUBLIC)
        .annotate(members=Count("memberships", filter=Q(memberships__status=MembershipStatus.ACTIVE)))
        .order_by("-members", "pk")
        .first()
    )
    return [
        target("spaces list", "/espaces/"),
        target("spaces list", "/espaces/", SESSION),
        target("space", space.get_absolute_url()),
        target("space", space.get_absolute_url(), SESSION),
        target("api spaces", "/api/v1/spaces/", kind="api"),
        target("api spaces", "/api/v1/spaces/", TOKEN, kind="api"),
        target("api space", f"/api/v1/spaces/{space.slug}", kind="api object"),
    ]
