import pytest

from parvis.spaces.models import OrganisationKind
from parvis.spaces.services.organisations import organisation_request, organisation_verify
from tests.factories import make_user


@pytest.fixture
def shopkeeper(beauvais):
    return make_user("boulangerie@example.org", display_name="Alix", home_commune=beauvais, handle="alix")


@pytest.fixture
def shop(shopkeeper, beauvais, operator):
    """A verified shop of Beauvais (a partner shop), administered by the shopkeeper."""
    page = organisation_request(
        requester=shopkeeper,
        name="Boulangerie du Parvis",
        kind=OrganisationKind.SHOP,
        commune=beauvais,
        siret="732829320",
    )
    return organisation_verify(operator=operator, space=page)


@pytest.fixture
def association(inhabitant, beauvais):
    return organisation_request(
        requester=inhabitant,
        name="Club de judo de Beauvais",
        kind=OrganisationKind.ASSOCIATION,
        commune=beauvais,
        rna="W601234567",
    )


@pytest.fixture
def school(shopkeeper, beauvais):
    return organisation_request(
        requester=shopkeeper,
        name="École Jean-Jaurès",
        kind=OrganisationKind.SCHOOL,
        commune=beauvais,
        siret="443061841",
    )


@pytest.fixture(autouse=True)
def _every_test(fresh_rate_counters, english):
    """Fresh rate counters and English messages for every test (tests/conftest.py)."""
