"""Residences with their verified residents in the largest communes, and listings between neighbours over two years:
scoped to a residence, a quartier or a commune as their authors could choose, most of them closed (done, expired,
withdrawn), the done ones with the answer of the neighbour who helped and their exchange.

Quartiers come from the territories generator; landlords and condo managers are added here, since only they manage
residences."""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone
from django.utils.text import slugify

from bench.scales import DOMAIN, INHABITANT_EMAIL
from bench.targets import SESSION, target
from parvis.accounts.models import User
from parvis.neighbours.models import (
    CODE_ALPHABET,
    CODE_LENGTH,
    Direction,
    Exchange,
    Listing,
    ListingAnswer,
    ListingKind,
    ListingStatus,
    Residence,
    ResidenceCode,
    ResidentVerification,
    Scope,
    VerificationMethod,
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
from parvis.territories.models import Level, Territory, search_key

PRODUCES = ("listings",)
CHUNK = 20_000
TWO_YEARS = 2 * 365 * 86_400
LIFETIME = timedelta(days=30)
# Residences in the communes that have quartiers, this many per quartier, each with its verified residents.
RESIDENCES_PER_QUARTIER = 2
RESIDENT_SHARE = 0.15  # of a quartier's inhabitants who are verified residents of one of its residences
# Scope weights among those the author may use (residence only for verified residents, quartier only with one).
SCOPE_WEIGHTS = {Scope.RESIDENCE: 2, Scope.QUARTIER: 3, Scope.COMMUNE: 5}
# Listings whose 30 days are over: how they ended.
CLOSED_WEIGHTS = {
    ListingStatus.DONE: 30,
    ListingStatus.EXPIRED: 50,
    ListingStatus.WITHDRAWN: 15,
    ListingStatus.HIDDEN: 3,
    ListingStatus.REMOVED: 2,
}
RESIDENCE_NAMES = ("Les Tilleuls", "Le Parc", "Les Acacias", "Le Clos", "Les Marronniers", "La Roseraie")
TITLES = {
    ListingKind.SERVICE: ("Aide pour monter un meuble", "Petits travaux de peinture", "Tonte de pelouse"),
    ListingKind.LOAN: ("Prête perceuse", "Prête escabeau", "Prête remorque le week-end"),
    ListingKind.GIFT: ("Donne vêtements 4 ans", "Donne plants de tomates", "Donne livres de poche"),
    ListingKind.SALE: ("Vends vélo enfant", "Vends table de jardin", "Vends poussette"),
    ListingKind.CARPOOLING: ("Covoiturage vers Compiègne le matin", "Trajet vers la gare le lundi"),
    ListingKind.CHILDCARE: ("Garde d'enfants le mercredi", "Sortie d'école le jeudi"),
    ListingKind.ELDERLY_HELP: ("Courses pour une voisine âgée", "Accompagnement chez le médecin"),
    ListingKind.OTHER: ("Cherche partenaire de tennis", "Arrosage des plantes pendant les vacances"),
}
DESCRIPTION = "Disponible en soirée et le week-end. Répondez ici, je vous écris en message privé."
ANSWERS = ("Bonjour, je suis intéressé·e !", "Je peux vous aider samedi.", "C'est toujours disponible ?")
THANKS = ("Merci beaucoup, à charge de revanche !", "Super voisin·e, merci !", "")


def generate(ctx) -> None:
    rng = ctx.rng
    now = timezone.now()
    people = list(
        User.objects.filter(email__endswith=f"@{DOMAIN}")
        .order_by("pk")
        .values_list("pk", "home_commune_id", "quartier_id")
    )
    by_commune: dict[int, list[int]] = {}
    by_quartier: dict[int, list[int]] = {}
    for pk, commune_id, quartier_id in people:
        by_commune.setdefault(commune_id, []).append(pk)
        if quartier_id:
            by_quartier.setdefault(quartier_id, []).append(pk)
    quartiers = list(
        Territory.objects.filter(level=Level.QUARTIER).order_by("code").values_list("id", "code", "path", "parent_id")
    )
    commune_of = {quartier_id: commune_id for quartier_id, _code, _path, commune_id in quartiers}
    inhabitant_id = User.objects.get(email=INHABITANT_EMAIL).pk

    with ctx.own_dates(Residence, ResidenceCode):
        residence_of = _residences(ctx, now, quartiers, by_quartier, commune_of, inhabitant_id)
    quartier_of = {pk: quartier_id for pk, _commune, quartier_id in people}
    # A verified resident lives in their residence's quartier (as redeeming the code sets it).
    residents: dict[int, list[int]] = {}
    for user_id, (territory_id, quartier_id) in residence_of.items():
        quartier_of[user_id] = quartier_id
        residents.setdefault(territory_id, []).append(user_id)
    by_quartier = {}
    for user_id, quartier_id in quartier_of.items():
        if quartier_id:
            by_quartier.setdefault(quartier_id, []).append(user_id)

    authors = [pk for pk, _commune, _quartier in people]
    home = {pk: commune_id for pk, commune_id, _quartier in people}
    kinds = ListingKind.values
    closed, closed_weights = list(CLOSED_WEIGHTS), list(CLOSED_WEIGHTS.values())
    total = ctx.sizes["listings"]
    with ctx.own_dates(Listing, ListingAnswer):
        for start in range(0, total, CHUNK):
            listings, audiences = [], []
            for index in range(start, min(start + CHUNK, total)):
                # The inhabitant of the load test has a few listings of their own (their history page).
                author = inhabitant_id if index % 5_000 == 0 else rng.choice(authors)
                scopes = [Scope.COMMUNE]
                if quartier_of.get(author):
                    scopes.append(Scope.QUARTIER)
                if author in residence_of:
                    scopes.append(Scope.RESIDENCE)
                scope = rng.choices(scopes, [SCOPE_WEIGHTS[s] for s in scopes])[0]
                if scope == Scope.RESIDENCE:
                    territory_id = residence_of[author][0]
                    commune_id = commune_of[residence_of[author][1]]
                    audience = residents[territory_id]
                elif scope == Scope.QUARTIER:
                    territory_id = quartier_of[author]
                    commune_id = commune_of[territory_id]
                    audience = by_quartier.get(territory_id) or by_commune[commune_id]
                else:
                    territory_id = commune_id = home[author]
                    audience = by_commune[commune_id]
                kind = rng.choice(kinds)
                created = now - timedelta(seconds=rng.randrange(TWO_YEARS))
                expires = created + LIFETIME
                if expires <= now:
                    status = rng.choices(closed, closed_weights)[0]
                else:
                    status = rng.choices(
                        [ListingStatus.OPEN, ListingStatus.DONE, ListingStatus.WITHDRAWN], [85, 10, 5]
                    )[0]
                closed_at = None
                if status != ListingStatus.OPEN:
                    closed_at = (
                        expires
                        if status == ListingStatus.EXPIRED
                        else min(created + timedelta(seconds=rng.randrange(int(LIFETIME.total_seconds()))), now)
                    )
                listings.append(
                    Listing(
                        author_id=author,
                        direction=Direction.OFFER if rng.random() < 0.6 else Direction.REQUEST,
                        kind=kind,
                        scope=scope,
                        territory_id=territory_id,
                        title=rng.choice(TITLES[kind]),
                        description=DESCRIPTION,
                        availability="Le soir après 18 h" if rng.random() < 0.5 else "",
                        price=Decimal(rng.choice([5, 10, 15, 25, 40])) if kind == ListingKind.SALE else None,
                        status=status,
                        created_at=created,
                        expires_at=expires,
                        closed_at=closed_at,
                    )
                )
                audiences.append((audience, commune_id))
            listings = ctx.bulk(Listing, listings)
            answers, exchanges = [], []
            for listing, (audience, commune_id) in zip(listings, audiences, strict=True):
                candidates = [pk for pk in rng.sample(audience, min(len(audience), 4)) if pk != listing.author_id]
                if listing.status == ListingStatus.DONE:
                    count = max(1, rng.randrange(0, 4))
                elif listing.status in (ListingStatus.OPEN, ListingStatus.EXPIRED):
                    count = rng.choice([0, 0, 1, 1, 2, 3])
                else:
                    count = rng.choice([0, 1])
                responders = candidates[:count]
                end = listing.closed_at or now
                span = max(int((end - listing.created_at).total_seconds()), 1)
                for user_id in responders:
                    answers.append(
                        ListingAnswer(
                            listing=listing,
                            user_id=user_id,
                            message=rng.choice(ANSWERS),
                            created_at=listing.created_at + timedelta(seconds=rng.randrange(span)),
                        )
                    )
                if listing.status == ListingStatus.DONE and responders:
                    exchanges.append(
                        Exchange(
                            listing=listing,
                            author_id=listing.author_id,
                            partner_id=responders[0],
                            commune_id=commune_id,
                            done_at=listing.closed_at,
                            author_thanks=rng.choice(THANKS),
                            partner_thanks=rng.choice(THANKS),
                        )
                    )
            # A done listing nobody else could see (a residence of one) ends as expired instead.
            exchanged = {exchange.listing.pk for exchange in exchanges}
            stray = [
                listing for listing in listings if listing.status == ListingStatus.DONE and listing.pk not in exchanged
            ]
            for listing in stray:
                listing.status = ListingStatus.EXPIRED
            if stray:
                Listing.objects.bulk_update(stray, ["status"], batch_size=2_000)
            ctx.bulk(ListingAnswer, answers)
            ctx.bulk(Exchange, exchanges)
            ctx.produced("listings", len(listings))


def _residences(ctx, now, quartiers, by_quartier, commune_of, inhabitant_id) -> dict[int, tuple]:
    """Two residences per quartier, managed by a landlord or condo manager of the commune, and their verified
    residents (space members, user.residence set). Returns {user id: (residence territory id, quartier id)}."""
    rng = ctx.rng
    if not quartiers:
        return {}
    commune_names = dict(Territory.objects.filter(pk__in=set(commune_of.values())).values_list("id", "name"))
    managers = {}
    for commune_id in sorted(set(commune_of.values())):
        for kind, label in ((OrganisationKind.LANDLORD, "Habitat"), (OrganisationKind.CONDO_MANAGER, "Syndic")):
            name = f"{label} {commune_names[commune_id]}"
            managers[(commune_id, kind)] = Space(
                name=name,
                slug=f"{slugify(name)[:100]}-bench-{commune_id}",
                nature=Nature.COMMERCIAL,
                territory_id=commune_id,
                visibility=Visibility.PUBLIC,
                join_policy=JoinPolicy.OPEN,
                organisation_kind=kind,
                is_verified=True,
                description=f"{name} : logements et copropriétés.",
            )
    ctx.bulk(Space, list(managers.values()))
    territories, spaces, plans = [], [], []
    for quartier_id, code, path, commune_id in quartiers:
        for index in range(RESIDENCES_PER_QUARTIER):
            name = f"Résidence {RESIDENCE_NAMES[(len(territories)) % len(RESIDENCE_NAMES)]}"
            residence_code = f"{code.split('-', 1)[0]}-r{len(territories):05d}"
            territories.append(
                Territory(
                    level=Level.RESIDENCE,
                    code=residence_code,
                    name=name,
                    slug=f"{slugify(name)}-{residence_code}",
                    parent_id=quartier_id,
                    path=f"{path}residence:{residence_code}/",
                    search_name=search_key(name),
                    address=f"{rng.randint(1, 120)} rue {rng.choice(['Jean Jaurès', 'Victor Hugo', 'des Lilas'])}",
                    homes=rng.choice([24, 48, 80, 120]),
                )
            )
            spaces.append(
                Space(
                    name=f"{name} ({commune_names[commune_id]})",
                    slug=f"{slugify(name)}-{residence_code.lower()}",
                    nature=Nature.VOISINAGE,
                    visibility=Visibility.MEMBERS,
                    join_policy=JoinPolicy.INVITATION,
                    description=territories[-1].address,
                )
            )
            kind = OrganisationKind.LANDLORD if index == 0 else OrganisationKind.CONDO_MANAGER
            plans.append((quartier_id, managers[(commune_id, kind)]))
    territories = ctx.bulk(Territory, territories)
    for space, territory in zip(spaces, territories, strict=True):
        space.territory = territory
    spaces = ctx.bulk(Space, spaces)
    residences = ctx.bulk(
        Residence,
        [
            Residence(
                territory=territory,
                space=space,
                manager=manager,
                buildings=rng.randint(1, 4),
                created_at=now - timedelta(days=rng.randrange(365, 900)),
            )
            for territory, space, (_quartier, manager) in zip(territories, spaces, plans, strict=True)
        ],
    )
    # One code per residence for the notice in the hall, used by every resident verified with it.
    codes = ctx.bulk(
        ResidenceCode,
        [
            ResidenceCode(
                code="".join(rng.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH)),
                residence=residence,
                expires_at=now + timedelta(days=rng.randrange(10, 90)),
                max_uses=500,
                created_at=now - timedelta(days=90),
            )
            for residence in residences
        ],
    )
    residence_of: dict[int, tuple] = {}
    per_residence: dict[int, list[int]] = {}
    by_quartier_residences: dict[int, list[int]] = {}
    for position, (quartier_id, _manager) in enumerate(plans):
        by_quartier_residences.setdefault(quartier_id, []).append(position)
    for quartier_id, positions in by_quartier_residences.items():
        local = by_quartier.get(quartier_id) or []
        for user_id in rng.sample(local, int(len(local) * RESIDENT_SHARE)):
            position = rng.choice(positions)
            residence_of[user_id] = (territories[position].pk, quartier_id)
            per_residence.setdefault(position, []).append(user_id)
    # The inhabitant of the load test is a verified resident of the first residence of their commune.
    home = User.objects.get(pk=inhabitant_id).home_commune_id
    for position, (quartier_id, _manager) in enumerate(plans):
        if commune_of[quartier_id] == home:
            if inhabitant_id not in residence_of:
                residence_of[inhabitant_id] = (territories[position].pk, quartier_id)
                per_residence.setdefault(position, []).append(inhabitant_id)
            break
    verifications, memberships = [], []
    for position, residents in sorted(per_residence.items()):
        for user_id in residents:
            verified_at = now - timedelta(days=rng.randrange(1, 90))
            verifications.append(
                ResidentVerification(
                    user_id=user_id,
                    residence=residences[position],
                    method=VerificationMethod.RESIDENCE_CODE,
                    code=codes[position],
                    verified_at=verified_at,
                )
            )
            memberships.append(
                Membership(space=spaces[position], user_id=user_id, role=Role.MEMBER, status=MembershipStatus.ACTIVE)
            )
        codes[position].uses = len(residents)
    ctx.bulk(ResidentVerification, verifications)
    ctx.bulk(Membership, memberships)
    ResidenceCode.objects.bulk_update(codes, ["uses"], batch_size=2_000)
    users = [
        User(pk=user_id, residence_id=territory_id, quartier_id=quartier_id, home_commune_id=commune_of[quartier_id])
        for user_id, (territory_id, quartier_id) in residence_of.items()
    ]
    User.objects.bulk_update(users, ["residence", "quartier", "home_commune"], batch_size=2_000)
    return residence_of


def targets(inhabitant) -> list[dict]:
    """Browsing the listings the inhabitant may see (all, then the commune's only), the newest open listing of a
    neighbour in their commune (as a visitor, not its author), and their history of exchanges."""
    listing = (
        Listing.objects.visible_to(inhabitant)
        .filter(status=ListingStatus.OPEN, scope=Scope.COMMUNE)
        .exclude(author=inhabitant)
        .order_by("-created_at", "pk")
        .first()
    )
    return [
        target("listings", "/voisins/", SESSION),
        target("listings of the commune", "/voisins/?scope=commune", SESSION),
        target("listing", listing.get_absolute_url(), SESSION),
        target("exchange history", "/voisins/historique/", SESSION),
    ]
