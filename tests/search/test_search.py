import pytest

from parvis.accounts.models import ProfileVisibility
from parvis.core import kinds
from parvis.posts.services import post_create
from parvis.search import queries
from parvis.spaces.models import Nature, OrganisationKind
from parvis.spaces.services.spaces import space_create


@pytest.fixture
def content(inhabitant, spaces, beauvais):
    post_create(author=inhabitant, space=spaces["public"], body="Les réunions du comité des fêtes reprennent")
    post_create(author=inhabitant, space=spaces["members"], body="Réunion privée du bureau")
    library = space_create(creator=inhabitant, name="Librairie Élan", nature=Nature.ASSOCIATIF, territory=beauvais)
    library.organisation_kind = OrganisationKind.SHOP
    library.save()
    return library


def search_posts(user, text):
    """The "post" kind's own search, as the search pages and API call it through the registry."""
    return queries.search_kind(kinds.get("post"), user, text)


def bodies(posts):
    return sorted(post.body for post in posts)


def test_words_are_found_without_accents_or_exact_endings(content, inhabitant):
    # "reunion" finds "réunions" (stemming on PostgreSQL, prefixes on SQLite) and "Réunion".
    found = bodies(search_posts(inhabitant, "reunion"))
    assert found == ["Les réunions du comité des fêtes reprennent", "Réunion privée du bureau"]
    assert bodies(search_posts(inhabitant, "COMITÉ fetes")) == ["Les réunions du comité des fêtes reprennent"]


def test_search_results_follow_the_visibility_rule(content, outsider):
    assert bodies(search_posts(outsider, "reunion")) == ["Les réunions du comité des fêtes reprennent"]
    from django.contrib.auth.models import AnonymousUser

    assert bodies(search_posts(AnonymousUser(), "bureau")) == []
    names = [space.name for space in queries.search_spaces(outsider, "groupe")]
    assert "Groupe secret" not in names and "Groupe public" in names


def test_organisations_and_people_are_found_by_name(content, inhabitant, neighbour, outsider):
    assert [s.name for s in queries.search_spaces(outsider, "librairie elan", organisations=True)] == ["Librairie Élan"]
    neighbour.display_name = "Dominique Lefèvre"
    neighbour.profile_visibility = ProfileVisibility.COMMUNE
    neighbour.save()
    assert list(queries.search_people(inhabitant, "lefevre")) == [neighbour]  # same commune
    assert list(queries.search_people(outsider, "lefevre")) == []  # another commune: private profile


def test_search_page_and_api(client, content, inhabitant):
    page = client.get("/recherche/", {"q": "comite"}).content.decode()
    assert "Les réunions du comité" in page and "Réunion privée" not in page
    data = client.get("/api/v1/search", {"q": "librairie"}).json()
    assert [o["name"] for o in data["organisations"]] == ["Librairie Élan"]
    assert client.get("/recherche/", {"q": '"*) OR (" NEAR'}).status_code == 200  # query syntax is not injected
    assert client.get("/api/v1/search", {"q": "x" * 5000}).status_code == 200
