from io import BytesIO

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from PIL import Image

from parvis.neighbours import services
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
    # Rate counters live in the cache, which outlives each test's database transaction.
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


def photo(name="perceuse.jpg", size=(800, 600)) -> SimpleUploadedFile:
    buffer = BytesIO()
    Image.new("RGB", size, (200, 80, 20)).save(buffer, format="JPEG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")
