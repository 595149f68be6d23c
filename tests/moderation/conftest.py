import pytest

from parvis.posts.services import comment_create, post_create
from parvis.spaces.models import Nature, Visibility
from parvis.spaces.services.spaces import space_create
from tests.factories import add_member, make_user


@pytest.fixture
def public_post(spaces, neighbour):
    """A post by the neighbour in the inhabitant's public group (the inhabitant owns and moderates it)."""
    add_member(spaces[Visibility.PUBLIC], neighbour)
    return post_create(author=neighbour, space=spaces[Visibility.PUBLIC], body="Des mots blessants envers un voisin.")


@pytest.fixture
def private_post(spaces, neighbour):
    add_member(spaces[Visibility.MEMBERS], neighbour)
    return post_create(author=neighbour, space=spaces[Visibility.MEMBERS], body="Une affaire du groupe privé.")


@pytest.fixture
def public_comment(public_post, neighbour):
    return comment_create(author=neighbour, post=public_post, body="Un commentaire déplacé.")


@pytest.fixture
def other_moderator(beauvais):
    """The owner of another space: a moderator, but not of the inhabitant's spaces."""
    user = make_user("alix@example.org", display_name="Alix", home_commune=beauvais)
    space_create(
        creator=user,
        name="Jardins partagés",
        nature=Nature.ASSOCIATIF,
        territory=beauvais,
        visibility=Visibility.PUBLIC,
    )
    return user


@pytest.fixture(autouse=True)
def _every_test(fresh_rate_counters):
    """Fresh rate counters for every test (tests/conftest.py)."""
