import pytest

from parvis.posts.services import post_create


@pytest.fixture
def private_post(spaces, inhabitant):
    return post_create(author=inhabitant, space=spaces["members"], body="Réunion secrète des voisins du troisième")


@pytest.fixture
def public_post(spaces, inhabitant):
    return post_create(author=inhabitant, space=spaces["public"], body="Fête des voisins samedi sur la place")
