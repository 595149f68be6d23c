import pytest

from parvis.neighbours import services
from parvis.spaces.models import OrganisationKind
from parvis.spaces.services.organisations import organisation_request, organisation_verify
from tests.factories import make_user


@pytest.fixture
def landlord_user(beauvais):
    return make_user("bailleur@example.org", display_name="Claude du bailleur")


@pytest.fixture
def landlord(landlord_user, beauvais, operator):
    """A verified social landlord's page, administered by landlord_user."""
    page = organisation_request(
        requester=landlord_user,
        name="Oise Habitat",
        kind=OrganisationKind.LANDLORD,
        commune=beauvais,
        siret="732829320",
    )
    return organisation_verify(operator=operator, space=page)


@pytest.fixture
def residence(landlord, landlord_user, beauvais):
    return services.residence_create(
        actor=landlord_user,
        manager=landlord,
        parent=beauvais,
        name="Résidence Les Tilleuls",
        address="12 rue des Tilleuls, 60000 Beauvais",
        buildings=2,
        homes=48,
    )


@pytest.fixture
def code(residence, landlord_user):
    return services.residence_code_create(actor=landlord_user, residence=residence, max_uses=10)


@pytest.fixture
def residents(code, inhabitant, neighbour):
    """The inhabitant and the neighbour, both verified residents of the residence."""
    services.residence_code_redeem(user=inhabitant, code=code.code)
    services.residence_code_redeem(user=neighbour, code=code.code)
    inhabitant.refresh_from_db()
    neighbour.refresh_from_db()
    return inhabitant, neighbour


@pytest.fixture(autouse=True)
def _every_test(fresh_rate_counters, english):
    """Fresh rate counters and English messages for every test (tests/conftest.py)."""
