import pytest
from django.core.cache import cache
from django.utils import translation

from parvis.spaces.models import OrganisationKind
from parvis.spaces.services import organisation_request, organisation_verify
from tests.conftest import make_user


@pytest.fixture(autouse=True)
def english(settings):
    """Messages are read in English (the msgids): the point is that a clear message is given."""
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def _fresh_rate_counters():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def operator(db):
    return make_user("operateur@example.org", display_name="Opérateur", is_staff=True)


def staff_client(client, user):
    """A staff member signed in with a second factor (the middleware asks staff for one)."""
    client.force_login(user)
    session = client.session
    session["parvis_staff_has_mfa"] = True
    session.save()
    return client


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
        siret="732829320",
    )
