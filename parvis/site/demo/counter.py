"""The Beauvais counter: the town's technical services and the Oise's roads service, their categories, and a dozen
reports of inhabitants in every state, on the map of Beauvais. Dominique (the département's agent) and Yasmine (the
town's) are agents: they administer the official spaces."""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from parvis.counter.models import Report, ReportUpdate, State
from parvis.counter.services import (
    category_create,
    report_assign,
    report_create,
    report_note_add,
    report_state_set,
    report_support,
    service_create,
)

from .pictures import picture

# (reporter, category, description, address, metres north, metres east of the centre, steps, days ago)
REPORTS = [
    (
        "camille",
        "light",
        "Le lampadaire devant l'école Jean-Moulin clignote puis s'éteint, le soir c'est tout noir.",
        "Rue Jean-Moulin",
        420,
        -310,
        [],
        1,
    ),
    (
        "maria",
        "dumping",
        "Des sacs de gravats déposés au pied des conteneurs depuis samedi.",
        "Allée des Tilleuls",
        -380,
        520,
        [(State.ACKNOWLEDGED, "Merci, l'équipe propreté passe jeudi matin.")],
        3,
    ),
    (
        "gerard",
        "bench",
        "Le banc près de l'arrêt de bus a une latte cassée, on se pince les doigts.",
        "Place Jeanne-Hachette",
        60,
        40,
        [(State.ACKNOWLEDGED, ""), (State.IN_PROGRESS, "Latte commandée, pose prévue la semaine prochaine.")],
        8,
    ),
    (
        "olivier",
        "pothole",
        "Gros nid-de-poule dans le virage, les vélos font un écart dangereux.",
        "RD 1001, sortie nord",
        1900,
        300,
        [(State.ACKNOWLEDGED, "Signalé à l'agence routière de Beauvais.")],
        5,
    ),
    (
        "aicha",
        "pothole",
        "Panneau de limitation couché dans le fossé après la tempête.",
        "RD 981, entrée de ville",
        -1500,
        -1700,
        [(State.ACKNOWLEDGED, ""), (State.RESOLVED, "Panneau remis en place et scellé.")],
        20,
    ),
    (
        "camille",
        "green",
        "Les haies du square débordent sur le trottoir, les poussettes passent sur la route.",
        "Square Saint-Jean",
        -650,
        -420,
        [(State.ACKNOWLEDGED, ""), (State.RESOLVED, "Taille faite ce matin.")],
        15,
    ),
    (
        "ines",
        "light",
        "Trois lampadaires éteints d'affilée rue de la Madeleine.",
        "Rue de la Madeleine",
        150,
        260,
        [(State.ACKNOWLEDGED, ""), (State.IN_PROGRESS, "Panne de l'armoire électrique, Enedis est prévenu.")],
        6,
    ),
    (
        "paul",
        "dumping",
        "Un canapé abandonné sur le trottoir.",
        "Rue de Calais",
        700,
        150,
        [(State.REFUSED, "Ce canapé est sur une parcelle privée : nous avons écrit au propriétaire.")],
        12,
    ),
    (
        "rachid",
        "bench",
        "Une poubelle de rue arrachée, les déchets s'envolent.",
        "Boulevard Saint-André",
        -200,
        800,
        [],
        0,
    ),
    (
        "monique",
        "green",
        "Un arbre a perdu une grosse branche sur l'allée du parc.",
        "Parc Marcel-Dassault",
        900,
        -900,
        [(State.ACKNOWLEDGED, ""), (State.RESOLVED, "Branche évacuée, arbre contrôlé.")],
        30,
    ),
    (
        "yannick",
        "light",
        "Le passage piéton n'est plus éclairé depuis les travaux.",
        "Avenue de la République",
        -900,
        100,
        [(State.ACKNOWLEDGED, "Vu, les services techniques vérifient le câblage.")],
        2,
    ),
    (
        "mehdi",
        "pothole",
        "Bande cyclable effacée sur 200 m, les voitures s'y garent.",
        "RD 1001, Saint-Just-des-Marais",
        -300,
        -1200,
        [],
        4,
    ),
]


def _offset(centre: tuple, north: int, east: int) -> tuple[Decimal, Decimal]:
    latitude = Decimal(centre[0]) + Decimal(north) / Decimal(111_000)
    longitude = Decimal(centre[1]) + Decimal(east) / Decimal(73_000)
    return latitude.quantize(Decimal("0.000001")), longitude.quantize(Decimal("0.000001"))


def counter_create(*, people: dict, officials: dict, beauvais, root) -> None:
    agent, town_agent = people["agent"], people["yasmine"]
    technical = service_create(actor=town_agent, space=officials["beauvais"], name="Services techniques")
    roads = service_create(actor=agent, space=officials["oise"], name="Voirie départementale")
    categories = {
        "light": category_create(
            actor=town_agent,
            territory=beauvais,
            service=technical,
            name="Éclairage public",
            icon="lampadaire",
            position=1,
        ),
        "dumping": category_create(
            actor=town_agent, territory=beauvais, service=technical, name="Dépôt sauvage", icon="dechet", position=2
        ),
        "bench": category_create(
            actor=town_agent, territory=beauvais, service=technical, name="Mobilier urbain", icon="banc", position=3
        ),
        "green": category_create(
            actor=town_agent, territory=beauvais, service=technical, name="Espaces verts", icon="arbre", position=4
        ),
        "pothole": category_create(
            actor=agent,
            territory=root,
            service=roads,
            name="Route départementale (chaussée, signalisation)",
            icon="route",
            position=5,
        ),
    }
    centre = beauvais.centre
    now = timezone.now()
    for index, (who, key, description, address, north, east, steps, days) in enumerate(REPORTS):
        latitude, longitude = _offset(centre, north, east)
        photos = (
            [(picture("street", f"signalement-{index}"), "La rue à l'endroit du problème")] if index % 3 == 0 else []
        )
        report = report_create(
            reporter=people[who],
            category=categories[key],
            description=description,
            address=address,
            latitude=latitude,
            longitude=longitude,
            photos=photos,
            anonymous=index % 4 == 1,
        )
        handler = agent if key == "pothole" else town_agent
        if index % 2 == 0 and steps:
            report_assign(agent=handler, report=report, assignee=handler)
        for state, message in steps:
            report_state_set(agent=handler, report=report, state=state, message=message)
        if index == 6:
            report_note_add(agent=handler, report=report, text="Armoire n° 14, rappeler Enedis vendredi.")
            report_support(user=people["camille"], report=report)
        # The story's dates: reported `days` ago, each step a few hours after the previous one.
        created = now - timedelta(days=days, hours=2)
        Report.objects.filter(pk=report.pk).update(created_at=created)
        for step, update in enumerate(ReportUpdate.objects.filter(report=report).order_by("pk")):
            ReportUpdate.objects.filter(pk=update.pk).update(created_at=created + timedelta(hours=5 * step))
        report.refresh_from_db()
        Report.objects.filter(pk=report.pk).update(
            acknowledged_at=created + timedelta(hours=5) if report.acknowledged_at else None,
            closed_at=created + timedelta(hours=5 * len(steps)) if report.closed_at else None,
        )
