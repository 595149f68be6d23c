import pytest

from parvis.neighbours.services.residences import quartier_create
from parvis.spaces.models import Role, Space
from tests.factories import add_member, make_user


@pytest.fixture(autouse=True)
def _english(english):
    """Sentences are checked in English (the msgids)."""


@pytest.fixture
def town_hall(beauvais):
    return Space.objects.official().get(territory=beauvais)


@pytest.fixture
def agent(town_hall):
    person = make_user("agent.beauvais@example.org", display_name="Agent de Beauvais", home_commune=town_hall.territory)
    add_member(town_hall, person, role=Role.ADMIN)
    return person


@pytest.fixture
def saint_jean(beauvais, operator):
    return quartier_create(operator=operator, commune=beauvais, name="Saint-Jean")


@pytest.fixture
def send(django_capture_on_commit_callbacks):
    """Send with the after-commit delivery run, as in production."""
    from parvis.bulletins.services import bulletin_send

    def run(**kwargs):
        kwargs.setdefault("title", "Travaux rue de la Madeleine")
        kwargs.setdefault("text", "La rue sera fermée lundi.")
        with django_capture_on_commit_callbacks(execute=True):
            return bulletin_send(**kwargs)

    return run
