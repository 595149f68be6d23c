import pytest

from parvis.neighbours import services as neighbours
from parvis.spaces.models import OrganisationKind, Role, Space
from parvis.spaces.services.organisations import organisation_request, organisation_verify
from tests.factories import add_member, make_user


@pytest.fixture(autouse=True)
def _every_test(fresh_rate_counters, english):
    """Fresh rate counters and English messages for every test (tests/conftest.py)."""


@pytest.fixture
def landlord_user(beauvais):
    return make_user("bailleur@example.org", display_name="Claude du bailleur")


@pytest.fixture
def residence(landlord_user, beauvais, operator):
    page = organisation_request(
        requester=landlord_user,
        name="Oise Habitat",
        kind=OrganisationKind.LANDLORD,
        commune=beauvais,
        siret="732829320",
    )
    organisation_verify(operator=operator, space=page)
    return neighbours.residence_create(
        actor=landlord_user,
        manager=page,
        parent=beauvais,
        name="Résidence Les Tilleuls",
        address="12 rue des Tilleuls, 60000 Beauvais",
        buildings=2,
        homes=48,
    )


@pytest.fixture
def residents(residence, landlord_user, inhabitant, neighbour):
    """The inhabitant and the neighbour, both verified residents of the residence."""
    code = neighbours.residence_code_create(actor=landlord_user, residence=residence, max_uses=10)
    for person in (inhabitant, neighbour):
        neighbours.residence_code_redeem(user=person, code=code.code)
        person.refresh_from_db()
    return inhabitant, neighbour


@pytest.fixture
def town_hall(beauvais):
    return Space.objects.official().get(territory=beauvais)


@pytest.fixture
def agent(town_hall):
    person = make_user("agent.beauvais@example.org", display_name="Agent de Beauvais", home_commune=town_hall.territory)
    add_member(town_hall, person, role=Role.ADMIN)
    return person
