import pytest
from django.contrib.auth.models import Permission
from django.core.cache import cache

from parvis.posts.services import comment_create, post_create
from parvis.spaces.models import Membership, MembershipStatus, Nature, Role, Visibility
from parvis.spaces.services import space_create
from tests.conftest import make_user


@pytest.fixture(autouse=True)
def _fresh_rate_counters():
    # Rate counters live in the cache, which outlives each test's database transaction.
    cache.clear()
    yield
    cache.clear()


def add_member(space, user, role=Role.MEMBER):
    return Membership.objects.create(space=space, user=user, role=role, status=MembershipStatus.ACTIVE)


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
def operator_moderator(db):
    """A member of the operator's moderation team (a permission rather than is_staff, which requires MFA)."""
    user = make_user("moderation@example.org", display_name="Équipe de modération")
    user.user_permissions.add(
        Permission.objects.get(codename="moderate_anything", content_type__app_label="moderation")
    )
    return user


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
