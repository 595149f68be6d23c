"""Inhabitants spread over the communes in proportion to their real population, with verified e-mail addresses."""

from datetime import timedelta

from allauth.account.models import EmailAddress
from django.db.models import Count
from django.utils import timezone
from django.utils.text import slugify

from bench.scales import DOMAIN, INHABITANT_EMAIL
from bench.targets import SESSION, TOKEN, target
from parvis.accounts.models import ProfileVisibility, User
from parvis.territories.models import Level, Territory

PRODUCES = ("inhabitants",)
CHUNK = 10_000
FIRST_NAMES = (  # noqa: SIM905 - ninety names read better as text than as a 90-line literal
    "Léa Lucas Manon Hugo Chloé Louis Emma Gabriel Inès Jules Camille Arthur Sarah Raphaël Zoé Adam Jade Nathan "
    "Louise Théo Alice Paul Lina Tom Rose Noah Anna Sacha Mila Ethan Yasmine Karim Fatou Mamadou Sofia Bilal "
    "Nicole Bernard Monique Alain Françoise Gérard Sylvie Patrick Nadia Rachid Martine Pascal"
).split()
LAST_NAMES = (  # noqa: SIM905
    "Martin Bernard Dubois Thomas Robert Richard Petit Durand Leroy Moreau Simon Laurent Lefebvre Michel Garcia "
    "David Bertrand Roux Vincent Fournier Morel Girard André Lefèvre Mercier Dupont Lambert Bonnet François "
    "Martinez Legrand Garnier Faure Rousseau Blanc Guerin Muller Henry Roussel Nicolas Perrin Morin Mathieu"
).split()
VISIBILITY_WEIGHTS = {ProfileVisibility.EVERYONE: 3, ProfileVisibility.COMMUNE: 5, ProfileVisibility.CONTACTS: 2}


def generate(ctx) -> None:
    rng = ctx.rng
    communes = list(Territory.objects.communes().order_by("-population", "code").values_list("id", "population"))
    quartiers: dict[int, list[int]] = {}
    for quartier_id, commune_id in Territory.objects.filter(level=Level.QUARTIER).values_list("id", "parent_id"):
        quartiers.setdefault(commune_id, []).append(quartier_id)
    count = ctx.sizes["inhabitants"]
    homes = rng.choices([c[0] for c in communes], weights=[max(c[1], 1) for c in communes], k=count)
    homes[0] = communes[0][0]  # the signed-in inhabitant of the load test lives in the largest commune
    visibilities, weights = list(VISIBILITY_WEIGHTS), list(VISIBILITY_WEIGHTS.values())
    now = timezone.now()
    for start in range(0, count, CHUNK):
        users = []
        for index in range(start, min(start + CHUNK, count)):
            first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
            commune_id = homes[index]
            local = quartiers.get(commune_id)
            users.append(
                User(
                    email=INHABITANT_EMAIL if index == 0 else f"habitant{index}@{DOMAIN}",
                    handle=f"{slugify(first)}-{slugify(last)}-{index}",
                    password=ctx.password_hash,
                    display_name=f"{first} {last}",
                    bio="" if rng.random() < 0.6 else f"{first}, habitant·e depuis {rng.randint(1960, 2025)}.",
                    home_commune_id=commune_id,
                    quartier_id=rng.choice(local) if local and rng.random() < 0.4 else None,
                    profile_visibility=rng.choices(visibilities, weights)[0],
                    date_joined=now - timedelta(seconds=rng.randrange(3 * 365 * 86_400)),
                )
            )
        created = ctx.bulk(User, users)
        # Every real account has its verified address: allauth reads this table at sign-in.
        ctx.bulk(EmailAddress, [EmailAddress(user=u, email=u.email, verified=True, primary=True) for u in created])
    ctx.produced("inhabitants", count)


def targets(inhabitant) -> list[dict]:
    """A neighbour's profile under each privacy choice that lets the viewer in: public for anyone, commune for
    the signed-in inhabitant of the same commune. The busiest neighbour, so that their spaces fill the page."""
    busiest = (
        User.objects.filter(home_commune=inhabitant.home_commune, is_active=True)
        .exclude(pk=inhabitant.pk)
        .annotate(spaces=Count("memberships"))
        .order_by("-spaces", "pk")
    )
    public = busiest.filter(profile_visibility=ProfileVisibility.EVERYONE).first()
    neighbour = busiest.filter(profile_visibility=ProfileVisibility.COMMUNE).first()
    return [
        target("profile (public)", public.get_absolute_url()),
        target("profile (commune)", neighbour.get_absolute_url(), SESSION),
        target("api me", "/api/v1/me", TOKEN, kind="api object"),
    ]
