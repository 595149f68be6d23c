import pytest

from parvis.polls.services import poll_create
from tests.factories import add_member


@pytest.fixture
def ask(django_capture_on_commit_callbacks):
    """Ask a poll with its after-commit side effects run (notifications), as in production."""

    def run(**kwargs):
        kwargs.setdefault("options", ["Samedi matin", "Dimanche après-midi"])
        with django_capture_on_commit_callbacks(execute=True):
            return poll_create(**kwargs)

    return run


@pytest.fixture
def private_poll(spaces, inhabitant, neighbour, ask):
    """A poll of the members-only group, owned by the inhabitant; the neighbour is a member."""
    add_member(spaces["members"], neighbour)
    return ask(author=inhabitant, space=spaces["members"], question="Quand nettoyer le local à vélos ?")


@pytest.fixture
def public_poll(spaces, inhabitant, neighbour, ask):
    add_member(spaces["public"], neighbour)
    return ask(
        author=inhabitant,
        space=spaces["public"],
        question="Quel jour pour la fête des voisins ?",
        options=["Vendredi soir", "Samedi midi", "Dimanche"],
    )
