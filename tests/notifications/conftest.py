import pytest

from parvis.notifications.models import NotificationPreference
from parvis.posts.services import comment_create, post_create


@pytest.fixture(autouse=True)
def handles(inhabitant, neighbour, outsider):
    """Handles for mentions: @camille (owns the spaces), @dominique (a neighbour), @sacha (from Compiègne)."""
    for user, handle in ((inhabitant, "camille"), (neighbour, "dominique"), (outsider, "sacha")):
        user.handle = handle
        user.save(update_fields=["handle"])


def prefer(user, frequency: str):
    NotificationPreference.objects.update_or_create(user=user, defaults={"email_frequency": frequency})


@pytest.fixture
def publish(django_capture_on_commit_callbacks):
    """Publish a post with its after-commit side effects run, as they would be in production."""

    def run(**kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return post_create(**kwargs)

    return run


@pytest.fixture
def answer(django_capture_on_commit_callbacks):
    def run(**kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return comment_create(**kwargs)

    return run
