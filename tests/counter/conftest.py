import pytest

from parvis.counter.services import category_create, report_create, service_create
from parvis.spaces.models import Role, Space
from parvis.territories.models import Territory
from tests.factories import add_member, make_user

# A point in the centre of Beauvais (near the cathedral) and one a few metres from it.
NEAR_CATHEDRAL = ("49.432800", "2.081300")
BESIDE_IT = ("49.433000", "2.081500")


@pytest.fixture
def counter(beauvais, compiegne):
    """Beauvais's counter: its town hall's service (street lights, dumping), the Oise's roads service (potholes),
    an agent of each, the administrator of Beauvais's official space; and Compiègne's own category."""
    town_hall = Space.objects.get(territory=beauvais, is_official=True)
    oise = Space.objects.get(territory__level="departement", territory__code="60", is_official=True)
    compiegne_hall = Space.objects.get(territory=compiegne, is_official=True)
    admin = make_user("maire@example.org", display_name="Administration Beauvais")
    add_member(town_hall, admin, role=Role.ADMIN)
    department_admin = make_user("cd60@example.org", display_name="Administration Oise")
    add_member(oise, department_admin, role=Role.ADMIN)
    add_member(compiegne_hall, department_admin, role=Role.ADMIN)
    agent = make_user("agent.beauvais@example.org", display_name="Agent Beauvais")
    add_member(town_hall, agent, role=Role.MODERATOR)
    road_agent = make_user("agent.routes@example.org", display_name="Agent Routes")
    add_member(oise, road_agent, role=Role.MODERATOR)
    compiegne_agent = make_user("agent.compiegne@example.org", display_name="Agent Compiègne")
    add_member(compiegne_hall, compiegne_agent, role=Role.MODERATOR)
    technical = service_create(actor=admin, space=town_hall, name="Services techniques")
    roads = service_create(actor=department_admin, space=oise, name="Voirie départementale")
    compiegne_service = service_create(actor=department_admin, space=compiegne_hall, name="Propreté")
    return {
        "town_hall": town_hall,
        "oise": oise,
        "admin": admin,
        "agent": agent,
        "road_agent": road_agent,
        "compiegne_agent": compiegne_agent,
        "technical": technical,
        "roads": roads,
        "light": category_create(
            actor=admin, territory=beauvais, service=technical, name="Éclairage public", icon="lampadaire"
        ),
        "dumping": category_create(
            actor=admin, territory=beauvais, service=technical, name="Dépôt sauvage", icon="dechet"
        ),
        "pothole": category_create(
            actor=department_admin,
            territory=Territory.objects.get(level="departement", code="60"),
            service=roads,
            name="Nid-de-poule sur route départementale",
            icon="route",
        ),
        "compiegne_litter": category_create(
            actor=department_admin, territory=compiegne, service=compiegne_service, name="Propreté", icon="dechet"
        ),
    }


@pytest.fixture
def report(counter, inhabitant, beauvais, django_capture_on_commit_callbacks):
    """A broken street light reported by the inhabitant, pinned near the cathedral."""
    with django_capture_on_commit_callbacks(execute=True):
        return report_create(
            reporter=inhabitant,
            category=counter["light"],
            description="Le lampadaire devant le 12 est éteint depuis une semaine.",
            commune=beauvais,
            address="12 rue Saint-Pierre",
            latitude=NEAR_CATHEDRAL[0],
            longitude=NEAR_CATHEDRAL[1],
        )
