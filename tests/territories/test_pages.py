import pytest

from parvis.territories.models import Territory
from parvis.territories.services import quartier_create


def test_commune_page_shows_population_postal_codes_and_official_space(
    client, compiegne, django_assert_max_num_queries
):
    with django_assert_max_num_queries(12):
        response = client.get(compiegne.get_absolute_url())
    assert response.status_code == 200
    page = response.content.decode()
    assert "Compiègne" in page
    assert "60200" in page
    assert "Espace officiel" in page  # the "where am I" frame of the commune's official space


def test_unknown_level_or_commune_is_a_404(client, db):
    assert client.get("/territoires/pays/france/").status_code == 404
    assert client.get("/territoires/commune/nulle-part-00000/").status_code == 404


def test_autocomplete_suggests_communes_by_name_or_postal_code(client, db):
    response = client.get("/territoires/communes/suggestions/", {"q": "60200"})
    assert "Compiègne (60159)" in response.content.decode()
    response = client.get("/territoires/communes/suggestions/", {"home_commune": "Beauv"})
    assert "Beauvais (60057)" in response.content.decode()


def test_quartier_is_below_its_commune_and_shown_on_its_page(client, beauvais):
    quartier = quartier_create(commune=beauvais, name="Saint-Jean")
    assert quartier in Territory.objects.within(beauvais)
    assert quartier.ancestors()[-1] == beauvais
    assert "Saint-Jean" in client.get(beauvais.get_absolute_url()).content.decode()


@pytest.mark.django_db
def test_departement_page_lists_its_communes(client):
    oise = Territory.objects.get(level="departement", code="60")
    response = client.get(oise.get_absolute_url())
    assert response.status_code == 200
    assert "Beauvais" in response.content.decode()
