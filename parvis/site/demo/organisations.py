"""Organisation pages of every kind (the directory's associations, venues, shops and schools, a social landlord and
a condo manager), their profiles and a partner shop's offers, the groups people open, school classes and the
official spaces' administrators (the élus' network is in network.py).

No town-hall page: a commune speaks through its official space, which the instance already gives it, and a second
page "Mairie de Beauvais" beside it would teach visitors the confusion the natures exist to prevent."""

from datetime import timedelta

from django.utils import timezone

from parvis.directory.services import offer_create, profile_update, school_class_create, school_class_set_teacher
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
from parvis.spaces.services.invitations import membership_invite
from parvis.spaces.services.memberships import membership_approve, space_join
from parvis.spaces.services.organisations import organisation_request, organisation_verify
from parvis.spaces.services.spaces import space_create, space_follow


def siret(seed: int) -> str:
    """A 14-digit number that passes the Luhn check, as a real SIRET does (the demo's are invented). The seed is in
    the first nine digits, the SIREN: each demo shop is its own company."""
    body = f"84{seed:03d}6271" + "0001"
    for last in "0123456789":
        digits = body + last
        total = sum(
            (int(c) * 2 - 9 if int(c) * 2 > 9 else int(c) * 2) if i % 2 else int(c)
            for i, c in enumerate(reversed(digits))
        )
        if total % 10 == 0:
            return digits
    raise AssertionError("unreachable: one check digit always fits")


# key: kind, name, commune, owner, identifier (RNA for associations, a SIRET seed otherwise), verified, description
ORGANISATIONS = {
    "jardins": (
        OrganisationKind.ASSOCIATION,
        "Jardins partagés de Voisinlieu",
        "60057",
        "nadia",
        "W601004321",
        True,
        "Vingt-deux parcelles au bord du Thérain, un composteur collectif et un goûter le premier samedi du mois.",
    ),
    "foot": (
        OrganisationKind.ASSOCIATION,
        "AS Saint-Jean Football",
        "60057",
        "thomas",
        "W601002874",
        True,
        "Le club de foot du quartier Saint-Jean : des U7 aux vétérans, filles et garçons.",
    ),
    "devoirs": (
        OrganisationKind.ASSOCIATION,
        "Coup de pouce — aide aux devoirs",
        "60057",
        "fatoumata",
        "W601006610",
        True,
        "Aide aux devoirs du CP à la 3e, lundi, mardi et jeudi de 16 h 45 à 18 h, au centre social Saint-Jean.",
    ),
    "fetes": (
        OrganisationKind.ASSOCIATION,
        "Comité des fêtes d'Allonne",
        "60009",
        "julien",
        "W601001122",
        True,
        "Vide-grenier, feu de la Saint-Jean, repas des aînés : le comité anime Allonne depuis 1978.",
    ),
    "rando": (
        OrganisationKind.ASSOCIATION,
        "Les Randonneurs du Beauvaisis",
        "60639",
        "jeanpierre",
        "W601003399",
        False,
        "Randonnées de 8 à 20 km chaque dimanche, balisage des chemins du pays de Bray.",
    ),
    "theatre": (
        OrganisationKind.CULTURAL_VENUE,
        "Théâtre du Franc-Marché",
        "60057",
        "sophie",
        "W601005050",
        True,
        "Salle de 180 places : théâtre, concerts, scènes ouvertes et ateliers pour les 8-15 ans.",
    ),
    "bibliotheque": (
        OrganisationKind.CULTURAL_VENUE,
        "Bibliothèque de Tillé",
        "60639",
        "chantal",
        "W601007788",
        True,
        "Bibliothèque associative : 6 000 livres, l'heure du conte le mercredi, portage à domicile.",
    ),
    "boulangerie": (
        OrganisationKind.SHOP,
        "Boulangerie Au Pain de Jeanne",
        "60057",
        "marc",
        11,
        True,
        "Pain au levain, viennoiseries maison et galettes en janvier. Farines du Beauvaisis.",
    ),
    "librairie": (
        OrganisationKind.SHOP,
        "Librairie Le Marque-Page",
        "60057",
        "elodie",
        12,
        True,
        "Librairie indépendante : romans, BD, jeunesse, commandes en 48 h et rencontres d'auteurs.",
    ),
    "cycles": (
        OrganisationKind.SHOP,
        "Cycles du Thérain",
        "60057",
        "karim",
        13,
        False,
        "Réparation et vente de vélos d'occasion révisés, atelier d'autoréparation le samedi.",
    ),
    "ecole": (
        OrganisationKind.SCHOOL,
        "École élémentaire Jean-Moulin",
        "60057",
        "ahmed",
        14,
        True,
        "Dix classes du CP au CM2 dans le quartier Saint-Jean. Accueil périscolaire de 7 h 30 à 18 h 30.",
    ),
    "maternelle": (
        OrganisationKind.SCHOOL,
        "École maternelle Les Coquelicots",
        "60057",
        "ahmed",
        15,
        True,
        "Cinq classes de la petite à la grande section, rue des Coquelicots.",
    ),
    "bailleur": (
        OrganisationKind.LANDLORD,
        "Habitat du Beauvaisis",
        "60057",
        "helene",
        16,
        True,
        "Bailleur social : 4 200 logements dans le Beauvaisis. Une question sur votre logement ? Votre résidence.",
    ),
    "syndic": (
        OrganisationKind.CONDO_MANAGER,
        "Syndic Thérain Gestion",
        "60009",
        "bruno",
        17,
        True,
        "Gestion de copropriétés à Allonne, Beauvais et alentours.",
    ),
}

PROFILES = {
    "jardins": {
        "themes": ["environment", "leisure"],
        "activities": "Parcelles individuelles et collectives, compost, ateliers semis au printemps.",
        "email": "contact@jardins-voisinlieu.example",
        "address": "Chemin de halage, 60000 Beauvais",
    },
    "foot": {
        "themes": ["sport", "youth"],
        "activities": "École de foot le mercredi, matchs le samedi, section féminine.",
        "phone": "03 44 00 12 34",
        "address": "Stade Saint-Jean, rue de Clermont, 60000 Beauvais",
    },
    "devoirs": {
        "themes": ["education", "solidarity", "youth"],
        "activities": "Soutien scolaire gratuit, tenu par des bénévoles.",
        "email": "coupdepouce@example.org",
    },
    "fetes": {
        "themes": ["leisure", "citizenship"],
        "activities": "Vide-grenier de printemps, fête de la Saint-Jean, repas des aînés.",
        "address": "Salle des fêtes, rue de la Mairie, 60000 Allonne",
    },
    "rando": {"themes": ["sport", "environment"], "activities": "Randonnées du dimanche, sorties à la journée."},
    "theatre": {
        "themes": ["culture", "youth"],
        "activities": "Spectacles, scènes ouvertes, ateliers théâtre enfants.",
        "website": "https://theatre-franc-marche.example",
        "address": "Place du Franc-Marché, 60000 Beauvais",
        "opening_hours": "Billetterie : mardi–vendredi 14:00–18:00\nSoirs de spectacle : dès 19:00",
    },
    "bibliotheque": {
        "themes": ["culture", "elderly"],
        "activities": "Prêt de livres, heure du conte, portage à domicile pour les aînés.",
        "address": "2 place de l'Église, 60000 Tillé",
        "opening_hours": "Mercredi : 10:00–12:00, 14:00–18:00\nSamedi : 10:00–12:30",
    },
    "boulangerie": {
        "shop_category": "food",
        "phone": "03 44 00 56 78",
        "address": "18 rue de la Madeleine, 60000 Beauvais",
        "opening_hours": "Mardi–samedi : 6:30–19:30\nDimanche : 7:00–13:00\nFermé le lundi",
    },
    "librairie": {
        "shop_category": "culture",
        "email": "bonjour@marque-page.example",
        "address": "5 rue Carnot, 60000 Beauvais",
        "opening_hours": "Mardi–samedi : 10:00–19:00",
    },
    "cycles": {
        "shop_category": "services",
        "address": "41 rue de Paris, 60000 Beauvais",
        "opening_hours": "Mercredi–samedi : 9:30–12:30, 14:00–18:30",
    },
    "ecole": {"address": "3 rue Jean-Moulin, 60000 Beauvais", "phone": "03 44 00 90 10"},
    "maternelle": {"address": "12 rue des Coquelicots, 60000 Beauvais"},
}

# Groups people open themselves: key: name, nature, commune, owner, visibility, join policy, description, members
GROUPS = {
    "saintjean": (
        "Voisins de Saint-Jean",
        Nature.VOISINAGE,
        "60057",
        "olivier",
        Visibility.PUBLIC,
        JoinPolicy.OPEN,
        "Entraide, objets trouvés et bons plans entre voisins du quartier Saint-Jean.",
        ["camille", "maria", "gerard", "paul", "ines", "claire", "nicolas", "rachid", "monique", "jordan", "aicha"],
    ),
    "potager": (
        "Potager des Tilleuls",
        Nature.VOISINAGE,
        "60057",
        "camille",
        Visibility.MEMBERS,
        JoinPolicy.REQUEST,
        "Les bacs du pied du bâtiment B : qui arrose, qui plante, qui récolte.",
        ["maria", "monique"],
    ),
    "chorale": (
        "Chorale À Tue-Tête",
        Nature.ASSOCIATIF,
        "60057",
        "monique",
        Visibility.PUBLIC,
        JoinPolicy.OPEN,
        "On chante faux mais on chante ensemble, le jeudi à 20 h à la maison de quartier.",
        ["camille", "mathilde", "gerard", "zoe"],
    ),
    "allonne": (
        "Allonne, entre nous",
        Nature.VOISINAGE,
        "60009",
        "emma",
        Visibility.PUBLIC,
        JoinPolicy.OPEN,
        "Nouveaux et anciens d'Allonne : on se présente, on se rend service.",
        ["julien", "patrick", "bruno"],
    ),
}


def organisations_create(*, people: dict, communes: dict) -> dict[str, Space]:
    """Each page asked for by its owner, checked by the operator (all but two, which wait for their badge), with
    its directory profile and its team."""
    operator = people["operator"]
    pages = {}
    for key, (kind, name, commune, owner, identifier, verified, description) in ORGANISATIONS.items():
        numbers = {"rna": identifier} if isinstance(identifier, str) else {"siret": siret(identifier)}
        page = organisation_request(
            requester=people[owner], name=name, kind=kind, commune=communes[commune], description=description, **numbers
        )
        if verified:
            page = organisation_verify(operator=operator, space=page, reason="Numéro vérifié sur l'annuaire officiel")
        if key in PROFILES:
            profile_update(actor=people[owner], space=page, **PROFILES[key])
        pages[key] = page
    # Teams: a page is joined by invitation; the invited person accepts by joining.
    for page_key, member in (("ecole", "sylvie"), ("theatre", "mathilde"), ("foot", "mehdi"), ("jardins", "monique")):
        page, owner = pages[page_key], people[ORGANISATIONS[page_key][3]]
        membership_invite(actor=owner, space=page, handle=people[member].handle)
        space_join(space=page, user=people[member])
    return pages


def offers_create(*, people: dict, pages: dict) -> None:
    now = timezone.now()
    offer_create(
        actor=people["marc"],
        space=pages["boulangerie"],
        title="Une baguette offerte pour 10 achetées",
        description="Demandez votre carte au comptoir ; valable aussi sur la baguette de tradition.",
        valid_until=now + timedelta(days=90),
    )
    offer_create(
        actor=people["elodie"],
        space=pages["librairie"],
        title="−5 % sur les livres jeunesse pour les habitants de Beauvais",
        description="Sur présentation du code en caisse, hors livres scolaires.",
        code="BEAUVAIS5",
        valid_until=now + timedelta(days=60),
    )


def groups_create(*, people: dict, communes: dict) -> dict[str, Space]:
    groups = {}
    for key, (name, nature, commune, owner, visibility, policy, description, members) in GROUPS.items():
        group = space_create(
            creator=people[owner],
            name=name,
            nature=nature,
            territory=communes[commune],
            visibility=visibility,
            join_policy=policy,
            description=description,
        )
        for member in members:
            membership = space_join(space=group, user=people[member])
            if membership.status == MembershipStatus.REQUESTED:
                membership_approve(actor=people[owner], space=group, membership=membership)
        groups[key] = group
    return groups


def school_classes_create(*, people: dict, pages: dict) -> list:
    """Two classes opened by parents, with the teacher named and parents let in. One request stays waiting, so
    that the class's page shows what a teacher sees."""
    year = _school_year()
    cm2 = school_class_create(
        creator=people["laura"], year="CM2", class_name="B", school_year=year, school=pages["ecole"]
    )
    school_class_set_teacher(actor=people["laura"], school_class=cm2, handle=people["sylvie"].handle)
    space_join(space=cm2.space, user=people["sylvie"])
    for parent in ("camille", "rachid", "ines"):
        membership = space_join(space=cm2.space, user=people[parent])
        membership_approve(actor=people["sylvie"], space=cm2.space, membership=membership)
    space_join(space=cm2.space, user=people["paul"])  # waits for the teacher's answer
    gs = school_class_create(
        creator=people["ines"], year="GS", class_name="Coquelicots", school_year=year, school=pages["maternelle"]
    )
    membership = space_join(space=gs.space, user=people["claire"])
    membership_approve(actor=people["ines"], space=gs.space, membership=membership)
    return [cm2, gs]


def _school_year() -> str:
    today = timezone.localdate()
    start = today.year if today.month >= 8 else today.year - 1
    return f"{start}-{start + 1}"


def official_roles_set(*, people: dict, officials: dict) -> None:
    """Dominique, the département's agent, administers the official spaces of the Oise and of Beauvais; Yasmine
    speaks for the town of Beauvais. The operator does this in the administration (no service: a Django admin
    form), which is what these rows are."""
    roles = [(officials["oise"], "agent"), (officials["beauvais"], "agent"), (officials["beauvais"], "yasmine")]
    Membership.objects.bulk_create(
        [
            Membership(space=space, user=people[key], role=Role.ADMIN, status=MembershipStatus.ACTIVE)
            for space, key in roles
        ],
        ignore_conflicts=True,
    )


def follows_create(*, people: dict, pages: dict, officials: list) -> None:
    """Who follows what: Camille follows her garden, her theatre and her bakery, so she is told of their news."""
    for key in ("jardins", "theatre", "boulangerie", "foot"):
        space_follow(user=people["camille"], space=pages[key])
    for key in ("maria", "paul", "ines", "zoe", "yannick", "emma"):
        space_follow(user=people[key], space=pages["theatre"])
    for official in officials:
        for key in ("camille", "maria", "gerard", "aicha", "olivier"):
            space_join(space=official, user=people[key])
