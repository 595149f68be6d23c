import pytest

from parvis.messaging.services import conversation_start
from parvis.spaces.models import Visibility
from tests.factories import add_member


@pytest.fixture
def group(spaces, neighbour):
    """The inhabitant's public group, which the neighbour joined: the two share a group, the outsider does not."""
    add_member(spaces[Visibility.PUBLIC], neighbour)
    return spaces[Visibility.PUBLIC]


@pytest.fixture
def conversation(group, inhabitant, neighbour):
    return conversation_start(initiator=inhabitant, participants=[neighbour], first_message="Bonjour voisin, secret 42")


@pytest.fixture(autouse=True)
def _every_test(fresh_rate_counters):
    """Fresh rate counters for every test (tests/conftest.py)."""
