"""Demo data for a living territory: fictional inhabitants, élus, agents, associations, shops and groups.

Every name is invented and every demo address ends in @demo.parvis.test, a domain that cannot receive mail.
"""

import random

from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.text import slugify

from parvis.accounts.models import ProfileVisibility, User
from parvis.spaces.models import JoinPolicy, Membership, MembershipStatus, Nature, Role, Space, Visibility
from parvis.spaces.services import official_spaces_ensure
from parvis.territories.models import Territory
from parvis.territories.services import instance_territories, quartier_create, residence_create

DEMO_DOMAIN = "demo.parvis.test"
DEMO_PASSWORD = "parvis-demo-2026"  # noqa: S105 - documented demo password
# Well-known demo accounts, used by the documentation and the browser checks.
INHABITANT_EMAIL = f"habitant@{DEMO_DOMAIN}"
AGENT_EMAIL = f"agent@{DEMO_DOMAIN}"
OPERATOR_EMAIL = f"operateur@{DEMO_DOMAIN}"
# The operator's TOTP secret, so that a demo operator can sign in with a code (never do this outside a demo).
OPERATOR_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"  # noqa: S105 - documented demo secret

FIRST_NAMES = [
    "Léa",
    "Lucas",
    "Manon",
    "Hugo",
    "Chloé",
    "Louis",
    "Emma",
    "Gabriel",
    "Inès",
    "Jules",
    "Camille",
    "Arthur",
    "Sarah",
    "Raphaël",
    "Zoé",
    "Adam",
    "Jade",
    "Nathan",
    "Louise",
    "Théo",
    "Alice",
    "Paul",
    "Lina",
    "Tom",
    "Rose",
    "Noah",
    "Anna",
    "Sacha",
    "Mila",
    "Ethan",
    "Yasmine",
    "Karim",
    "Fatou",
    "Mamadou",
    "Sofia",
    "Bilal",
]
LAST_NAMES = [
    "Bonvoisin",
    "Delaplace",
    "Duparvis",
    "Grandchemin",
    "Beaupré",
    "Petitpont",
    "Clairbois",
    "Hautval",
    "Boisjoli",
    "Vieuxmoulin",
    "Lacroisée",
    "Bellerive",
    "Champvert",
    "Fontclaire",
    "Montjoli",
    "Roseraie",
    "Valdoux",
    "Pierrefeu",
    "Troisponts",
    "Beaulieu-Fictif",
]
ASSOCIATIONS = [
    "Les Amis du Lavoir",
    "Club de randonnée des Trois Vallées",
    "Atelier vélo solidaire",
    "Chorale À Tue-Tête",
    "Jardins partagés du Parvis",
    "Comité des fêtes",
    "Échecs et mat en Picardie",
    "Aide aux devoirs du quartier",
]
SHOPS = ["Boulangerie du Pont", "Librairie La Page Blanche", "Épicerie Bonvoisin", "Fromagerie des Marais"]


class Command(BaseCommand):
    help = "Load fictional demo data into the instance's territory (idempotent; --reset starts again)."

    def add_arguments(self, parser):
        parser.add_argument("--inhabitants", type=int, default=300)
        parser.add_argument("--reset", action="store_true", help="Delete the demo accounts and spaces first.")

    def handle(self, *args, inhabitants: int, reset: bool, **options):
        if reset:
            User.objects.filter(email__endswith=f"@{DEMO_DOMAIN}").delete()
            Space.objects.filter(is_official=False, description__contains="(démo)").delete()
        if User.objects.filter(email=INHABITANT_EMAIL).exists():
            self.stdout.write("Demo data already loaded (use --reset to load it again).")
            return
        roots = instance_territories()
        if not roots:
            raise CommandError("Import the instance's territories first: parvis territories import --instance")
        official_spaces_ensure()
        with transaction.atomic():
            self._load(roots[0], inhabitants)
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo loaded. Sign in as {INHABITANT_EMAIL}, {AGENT_EMAIL} or {OPERATOR_EMAIL} "
                f"with the password {DEMO_PASSWORD}."
            )
        )

    def _load(self, root: Territory, count: int) -> None:
        rng = random.Random(60)  # noqa: S311 - demo data, reproducible on purpose
        communes = list(Territory.objects.within(root).communes().order_by("-population")[:25])
        main_commune = communes[0]
        password = make_password(DEMO_PASSWORD)
        quartier = quartier_create(commune=main_commune, name="Centre-ville")
        residence = residence_create(
            parent=quartier, name="Résidence Les Tilleuls", address="12 rue des Tilleuls", homes=84
        )

        def person(email, first, last, commune, **extra):
            return User(
                email=email,
                password=password,
                display_name=f"{first} {last}",
                bio="Compte de démonstration (démo).",
                home_commune=commune,
                profile_visibility=rng.choice(ProfileVisibility.values),
                **extra,
            )

        people = [
            person(INHABITANT_EMAIL, "Camille", "Bonvoisin", main_commune, quartier=quartier, residence=residence),
            person(AGENT_EMAIL, "Dominique", "Delaplace", main_commune),
            person(OPERATOR_EMAIL, "Alex", "Duparvis", main_commune, is_staff=True, is_superuser=True),
        ]
        for index in range(count):
            first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
            commune = communes[min(int(rng.paretovariate(1.2)) - 1, len(communes) - 1)]
            people.append(person(f"{first.lower()}.{last.lower()}.{index}@{DEMO_DOMAIN}", first, last, commune))
        User.objects.bulk_create(people)
        people = list(User.objects.filter(email__endswith=f"@{DEMO_DOMAIN}").order_by("pk"))
        self._verify_emails(people)
        self._operator_totp(next(p for p in people if p.email == OPERATOR_EMAIL))
        inhabitant, agent = people[0], people[1]
        crowd = people[3:]

        memberships = []
        # The agent administers the official spaces of the département and of the main commune.
        for space in Space.objects.official().filter(territory__in=[root, main_commune]):
            memberships.append(Membership(space=space, user=agent, role=Role.ADMIN))
        # Élus: one per large commune, in the professional network.
        network = Space.objects.create(
            name=f"Réseau des élus et agents — {root.name}",
            slug="reseau-elus-agents",
            nature=Nature.PROFESSIONNEL,
            territory=root,
            visibility=Visibility.MEMBERS,
            join_policy=JoinPolicy.INVITATION,
            description="Espace professionnel des élus et des agents (démo).",
            is_verified=True,
        )
        memberships.append(Membership(space=network, user=agent, role=Role.OWNER))
        for elected in crowd[: len(communes)]:
            memberships.append(Membership(space=network, user=elected, role=Role.MEMBER))

        def group(name, nature, commune, visibility=Visibility.PUBLIC, policy=JoinPolicy.OPEN, verified=False):
            space = Space.objects.create(
                name=name,
                slug=f"{slugify(name)[:60]}-{commune.code}",
                nature=nature,
                territory=commune,
                visibility=visibility,
                join_policy=policy,
                description=f"{name} à {commune.name} (démo).",
                is_verified=verified,
            )
            owner = rng.choice(crowd)
            memberships.append(Membership(space=space, user=owner, role=Role.OWNER))
            for member in rng.sample(crowd, 12):
                if member != owner:
                    memberships.append(Membership(space=space, user=member, role=Role.MEMBER))
            return space

        for index, name in enumerate(ASSOCIATIONS):
            group(name, Nature.ASSOCIATIF, communes[index % len(communes)], verified=index % 2 == 0)
        for index, name in enumerate(SHOPS):
            group(name, Nature.COMMERCIAL, communes[index % 3], verified=True)
        tilleuls = group("Voisins des Tilleuls", Nature.VOISINAGE, main_commune, Visibility.MEMBERS, JoinPolicy.REQUEST)
        group("Parents de CM2 B", Nature.VOISINAGE, main_commune, Visibility.SECRET, JoinPolicy.INVITATION)
        memberships.append(Membership(space=tilleuls, user=inhabitant, role=Role.MEMBER))
        official_main = Space.objects.official().get(territory=main_commune)
        for member in [inhabitant, *rng.sample(crowd, 60)]:
            memberships.append(Membership(space=official_main, user=member, role=Role.MEMBER))
        Membership.objects.bulk_create(memberships, ignore_conflicts=True)
        Membership.objects.filter(space__description__contains="(démo)").update(status=MembershipStatus.ACTIVE)
        self._content(root, main_commune, agent, inhabitant, tilleuls, rng)

    def _content(self, root, main_commune, agent, inhabitant, tilleuls, rng) -> None:
        """Posts, comments, reactions and events written through the services, as people would."""
        from datetime import timedelta

        from django.utils import timezone

        from parvis.agenda.models import AgendaEditor
        from parvis.agenda.services import agenda_submit, event_create, rsvp_set
        from parvis.posts.services import comment_create, post_create, reaction_set

        official_main = Space.objects.official().get(territory=main_commune)
        official_root = Space.objects.official().get(territory=root)
        AgendaEditor.objects.get_or_create(territory=root, user=agent)
        post_create(
            author=agent,
            space=official_root,
            body="Les inscriptions aux **transports scolaires** sont ouvertes jusqu'au 15 du mois prochain.",
        )
        news = post_create(
            author=agent,
            space=official_main,
            body="Travaux rue de la République : circulation alternée pendant deux semaines. Merci de votre patience.",
        )
        private = post_create(
            author=inhabitant, space=tilleuls, body="Qui a un escabeau à prêter pour samedi ? Réponse entre voisins."
        )
        groups = list(Space.objects.filter(description__contains="(démo)", visibility=Visibility.PUBLIC))
        texts = [
            "Assemblée générale jeudi à 19 h, salle des fêtes. Venez nombreux !",
            "Nous cherchons des bénévoles pour la fête du quartier.",
            "Merci à toutes et à tous pour la belle journée de dimanche.",
            "Nouvel horaire à partir de lundi : ouvert de 8 h à 19 h.",
            "Sortie découverte des marais samedi matin, départ de la mairie.",
        ]
        now = timezone.now()
        for index, space in enumerate(groups):
            owner = space.memberships.filter(role=Role.OWNER).select_related("user").first().user
            post = post_create(author=owner, space=space, body=texts[index % len(texts)])
            members = [m.user for m in space.memberships.exclude(user=owner).select_related("user")[:3]]
            for member in members:
                reaction_set(user=member, post=post, kind=rng.choice(["like", "thanks", "support"]))
            if members:
                comment_create(author=members[0], post=post, body="Très bonne idée, je serai là.")
            event = event_create(
                creator=owner,
                space=space,
                title=f"Rencontre — {space.name}",
                description="Un moment convivial ouvert à tous (démo).",
                start=now + timedelta(days=3 + index, hours=2),
                end=now + timedelta(days=3 + index, hours=4),
                venue_name="Salle des fêtes",
                commune=space.territory,
                category=rng.choice(["culture", "sport", "solidarity", "party"]),
                capacity=30 if index % 3 == 0 else None,
            )
            for member in members:
                rsvp_set(user=member, event=event, status="going")
            if index % 2 == 0:
                agenda_submit(user=owner, event=event, territory=event.space.territory)
        comment_create(author=inhabitant, post=news, body="Merci pour l'information.")
        comment_create(author=inhabitant, post=private, body="J'en ai un, je le dépose devant ta porte.")
        market = event_create(
            creator=agent,
            space=official_main,
            title="Marché du samedi",
            start=now.replace(hour=8, minute=0, second=0, microsecond=0) + timedelta(days=(5 - now.weekday()) % 7 or 7),
            end=now.replace(hour=13, minute=0, second=0, microsecond=0) + timedelta(days=(5 - now.weekday()) % 7 or 7),
            rrule="FREQ=WEEKLY;BYDAY=SA",
            venue_name="Place de l'Hôtel de Ville",
            commune=main_commune,
            category="market",
            accessibility=["wheelchair"],
        )
        agenda_submit(user=agent, event=market, territory=main_commune)

    def _verify_emails(self, people) -> None:
        from allauth.account.models import EmailAddress

        EmailAddress.objects.bulk_create(
            [EmailAddress(user=p, email=p.email, verified=True, primary=True) for p in people],
            ignore_conflicts=True,
        )

    def _operator_totp(self, operator) -> None:
        from allauth.mfa.models import Authenticator
        from allauth.mfa.utils import encrypt

        Authenticator.objects.create(
            user=operator, type=Authenticator.Type.TOTP, data={"secret": encrypt(OPERATOR_TOTP_SECRET)}
        )
