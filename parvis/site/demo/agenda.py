"""The coming weeks of the Beauvaisis: events at the hours they really happen (a market at 8:00, a match at 14:30,
a play at 20:00), placed on the map, answered by people, one full with a waiting list, and the common agendas of
the commune and the département filled by the agent's reviews (one proposal still waiting in the queue)."""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.utils import timezone

from parvis.agenda.models import AgendaEditor, Event
from parvis.agenda.services.events import event_create
from parvis.agenda.services.rsvps import rsvp_set
from parvis.agenda.services.submissions import agenda_review, agenda_submit

PARIS = ZoneInfo("Europe/Paris")
MONDAY, TUESDAY, WEDNESDAY, THURSDAY, FRIDAY, SATURDAY, SUNDAY = range(7)


@dataclass
class Plan:
    space: str  # a key of the spaces built before: an organisation, a group, "beauvais", "oise", "tilleuls"
    by: str  # who publishes it
    title: str
    description: str
    weekday: int
    week: int  # 0: the coming one, 1: the one after…
    start: tuple[int, int]
    hours: float
    venue: str
    address: str
    commune: str
    lat: str
    lon: str
    category: str
    capacity: int | None = None
    rrule: str = ""
    accessibility: list = field(default_factory=list)
    price: str = ""
    going: tuple = ()
    agendas: tuple = ()  # "commune" and/or "departement": proposed and accepted
    waiting_review: str = ""  # proposed to this agenda, not yet reviewed


PLANS = [
    Plan(
        "beauvais",
        "agent",
        "Marché du samedi",
        "Fruits et légumes des producteurs du Beauvaisis, fromagers, poissonnier, fleuriste : une soixantaine "
        "d'étals autour de la statue de Jeanne Hachette.",
        SATURDAY,
        0,
        (8, 0),
        5,
        "Place Jeanne-Hachette",
        "Place Jeanne-Hachette, 60000 Beauvais",
        "60057",
        "49.429700",
        "2.081300",
        "market",
        rrule="FREQ=WEEKLY;BYDAY=SA",
        accessibility=["wheelchair"],
        going=("samuel", "camille", "monique"),
        agendas=("commune",),
    ),
    Plan(
        "beauvais",
        "agent",
        "Conseil municipal",
        "Ordre du jour : budget supplémentaire, rénovation de l'école Jean-Moulin, tarifs de la cantine. "
        "Séance publique, retransmise en direct.",
        THURSDAY,
        1,
        (19, 0),
        2.5,
        "Hôtel de Ville, salle du conseil",
        "1 rue Desgroux, 60000 Beauvais",
        "60057",
        "49.430100",
        "2.081900",
        "citizenship",
        accessibility=["wheelchair", "hearing_loop"],
        agendas=("commune",),
    ),
    Plan(
        "beauvais",
        "agent",
        "Collecte des encombrants — quartier Saint-Jean",
        "Sortez vos encombrants la veille au soir, sans gêner le passage. Pas de gravats ni de pneus : "
        "déchetterie de Beauvais.",
        TUESDAY,
        1,
        (7, 0),
        5,
        "Quartier Saint-Jean",
        "Rues du quartier Saint-Jean, 60000 Beauvais",
        "60057",
        "49.421800",
        "2.097500",
        "other",
    ),
    Plan(
        "oise",
        "agent",
        "Forum de l'emploi et de l'apprentissage",
        "Quatre-vingts employeurs de l'Oise, des ateliers CV et des entretiens sur place. Entrée libre.",
        TUESDAY,
        3,
        (9, 30),
        7.5,
        "Elispace",
        "3 avenue Paul-Henri-Spaak, 60000 Beauvais",
        "60057",
        "49.445200",
        "2.095800",
        "training",
        accessibility=["wheelchair", "sign_language"],
        agendas=("departement",),
    ),
    Plan(
        "jardins",
        "nadia",
        "Chantier participatif au jardin partagé",
        "Taille, paillage et compost : apportez gants et bonne humeur, on fournit les outils et le goûter. "
        "Ouvert à toutes et à tous.",
        SATURDAY,
        1,
        (14, 30),
        3,
        "Jardins partagés de Voisinlieu",
        "Chemin de halage, 60000 Beauvais",
        "60057",
        "49.422600",
        "2.076400",
        "nature",
        going=("camille", "monique", "maria"),
        agendas=("commune",),
    ),
    Plan(
        "foot",
        "thomas",
        "Match U11 : AS Saint-Jean – US Chaumont-en-Vexin",
        "Venez encourager nos U11 ! Buvette tenue par les parents.",
        SATURDAY,
        0,
        (14, 30),
        2,
        "Stade Saint-Jean",
        "Rue de Clermont, 60000 Beauvais",
        "60057",
        "49.424800",
        "2.100600",
        "sport",
        going=("mehdi", "theo", "rachid"),
    ),
    Plan(
        "devoirs",
        "fatoumata",
        "Réunion des bénévoles de l'aide aux devoirs",
        "On fait le point sur les inscriptions et on accueille les nouveaux bénévoles. Café offert.",
        MONDAY,
        1,
        (18, 0),
        1.5,
        "Centre social Saint-Jean",
        "Rue Jean-Monnet, 60000 Beauvais",
        "60057",
        "49.420900",
        "2.095100",
        "solidarity",
    ),
    Plan(
        "fetes",
        "julien",
        "Vide-grenier du comité des fêtes",
        "150 exposants dans les rues du centre, restauration sur place. Emplacement 2 € le mètre, inscription "
        "en mairie.",
        SUNDAY,
        2,
        (8, 0),
        10,
        "Centre d'Allonne",
        "Place de la Mairie, 60000 Allonne",
        "60009",
        "49.395400",
        "2.116200",
        "market",
        going=("emma", "patrick", "bruno", "camille"),
        agendas=("commune", "departement"),
    ),
    Plan(
        "rando",
        "jeanpierre",
        "Randonnée : la boucle du Thérain (12 km)",
        "Départ groupé, bonnes chaussures conseillées. Retour vers 12 h 30.",
        SUNDAY,
        1,
        (9, 0),
        3.5,
        "Parking de l'église de Tillé",
        "Rue de l'Église, 60000 Tillé",
        "60639",
        "49.466200",
        "2.116800",
        "nature",
        going=("yannick", "zoe"),
        waiting_review="departement",
    ),
    Plan(
        "theatre",
        "sophie",
        "« Le Malade imaginaire » par la troupe du Franc-Marché",
        "Molière joué par la troupe amateur du théâtre. Durée 1 h 50. Tarif 8 €, gratuit pour les moins de 12 ans.",
        FRIDAY,
        1,
        (20, 0),
        2,
        "Théâtre du Franc-Marché",
        "Place du Franc-Marché, 60000 Beauvais",
        "60057",
        "49.432400",
        "2.077600",
        "culture",
        capacity=180,
        price="8 €",
        accessibility=["wheelchair", "hearing_loop"],
        going=("maria", "paul", "ines", "zoe", "yannick", "mathilde"),
        agendas=("commune", "departement"),
    ),
    Plan(
        "theatre",
        "sophie",
        "Scène ouverte : chanson et slam",
        "Inscrivez-vous sur place à partir de 20 h : trois morceaux chacun, toutes les envies sont bienvenues.",
        FRIDAY,
        4,
        (20, 30),
        2.5,
        "Théâtre du Franc-Marché",
        "Place du Franc-Marché, 60000 Beauvais",
        "60057",
        "49.432400",
        "2.077600",
        "culture",
        waiting_review="commune",
    ),
    Plan(
        "bibliotheque",
        "chantal",
        "L'heure du conte",
        "Histoires et comptines pour les 3-6 ans, accompagnés d'un adulte. Places limitées : réservez !",
        WEDNESDAY,
        0,
        (10, 30),
        1,
        "Bibliothèque de Tillé",
        "2 place de l'Église, 60000 Tillé",
        "60639",
        "49.466900",
        "2.117300",
        "children",
        capacity=12,
        accessibility=["easy_read"],
        going=(
            "zoe",
            "camille",
            "ines",
            "claire",
            "paul",
            "rachid",
            "laura",
            "maria",
            "aicha",
            "emma",
            "nicolas",
            "mathilde",
            "yannick",
            "monique",
            "olivier",
        ),
        agendas=("commune",),
    ),
    Plan(
        "cycles",
        "karim",
        "Atelier d'autoréparation vélo",
        "Crevaison, freins, dérailleur : apprenez à réparer votre vélo avec nos outils. Gratuit.",
        SATURDAY,
        2,
        (10, 0),
        2.5,
        "Cycles du Thérain",
        "41 rue de Paris, 60000 Beauvais",
        "60057",
        "49.425400",
        "2.087900",
        "training",
        going=("ines", "theo"),
    ),
    Plan(
        "chorale",
        "monique",
        "Répétition de la chorale",
        "Chaque jeudi, ouvert aux curieux : pas besoin de savoir lire la musique.",
        THURSDAY,
        0,
        (20, 0),
        2,
        "Maison de quartier Saint-Jean",
        "Rue du Pré-Martinet, 60000 Beauvais",
        "60057",
        "49.422300",
        "2.093400",
        "culture",
        rrule="FREQ=WEEKLY;BYDAY=TH",
        going=("camille", "gerard"),
    ),
    Plan(
        "librairie",
        "elodie",
        "Rencontre et dédicace : un polar à Beauvais",
        "Une autrice de l'Oise présente son roman policier qui se déroule dans les rues de Beauvais.",
        SATURDAY,
        4,
        (16, 0),
        2,
        "Librairie Le Marque-Page",
        "5 rue Carnot, 60000 Beauvais",
        "60057",
        "49.430800",
        "2.083300",
        "culture",
    ),
    Plan(
        "tilleuls",
        "helene",
        "Réunion des locataires : travaux de l'ascenseur",
        "Présentation du chantier et du planning, questions des locataires. Local commun du bâtiment A.",
        TUESDAY,
        0,
        (18, 30),
        1.5,
        "Local commun, bâtiment A",
        "12 rue des Tilleuls, 60000 Beauvais",
        "60057",
        "49.421500",
        "2.098500",
        "citizenship",
        going=("camille", "gerard", "olivier"),
    ),
]


def _day(weekday: int, week: int) -> date:
    """The `week`-th coming `weekday`, never today (an event of today would be half over in the demo)."""
    today = timezone.localdate()
    ahead = (weekday - today.weekday()) % 7 or 7
    return today + timedelta(days=ahead + 7 * week)


def events_create(*, people: dict, spaces: dict, communes: dict, root) -> dict[str, Event]:
    """Every plan published through the agenda's services; returns them by title."""
    AgendaEditor.objects.get_or_create(territory=root, user=people["agent"])  # the operator's choice, in the admin
    agent, events = people["agent"], {}
    for plan in PLANS:
        start = datetime.combine(_day(plan.weekday, plan.week), time(*plan.start), tzinfo=PARIS)
        commune = communes[plan.commune]
        event = event_create(
            creator=people[plan.by],
            space=spaces[plan.space],
            title=plan.title,
            description=plan.description,
            start=start,
            end=start + timedelta(hours=plan.hours),
            time_zone="Europe/Paris",
            rrule=plan.rrule,
            venue_name=plan.venue,
            address=plan.address,
            commune=commune,
            latitude=Decimal(plan.lat),
            longitude=Decimal(plan.lon),
            category=plan.category,
            capacity=plan.capacity,
            accessibility=plan.accessibility,
            is_free=not plan.price,
            price_text=plan.price,
        )
        for key in plan.going:
            rsvp_set(user=people[key], event=event, status="going")
        targets = {"commune": commune, "departement": root}
        for agenda in plan.agendas:
            submission = agenda_submit(user=people[plan.by], event=event, territory=targets[agenda])
            agenda_review(editor=agent, submission=submission, accept=True)
        if plan.waiting_review:
            agenda_submit(user=people[plan.by], event=event, territory=targets[plan.waiting_review])
        events[plan.title] = event
    return events
