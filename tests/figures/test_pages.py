"""The operator's dashboard, its exports and the monthly report: for the operator only, readable without JavaScript
(plots in SVG beside their tables), bad choices said in words, small counts hidden on every path."""

import csv
import io
import json

import pytest
from django.utils import timezone

from parvis.figures.services import figures_compute
from parvis.territories.models import Territory
from tests.conftest import staff_client

pytestmark = pytest.mark.django_db


@pytest.fixture
def computed(dataset, day):
    figures_compute(first=day, last=day)
    return day


def query(beauvais, day, **more):
    values = {"territoire": beauvais.pk, "mois": f"{day:%Y-%m}", **more}
    return "&".join(f"{key}={value}" for key, value in values.items())


def test_only_the_operator_opens_the_figures(client, inhabitant, operator):
    for path in ("/chiffres/", "/chiffres/rapport/", "/chiffres/export.csv", "/chiffres/export.json"):
        assert client.get(path).status_code == 302  # to the sign-in page
    client.force_login(inhabitant)
    for path in ("/chiffres/", "/chiffres/rapport/", "/chiffres/export.csv", "/chiffres/export.json"):
        assert client.get(path).status_code == 403
    response = staff_client(client, operator).get("/chiffres/", follow=True)
    assert response.status_code == 200
    # One address per page: the territory served, this month and the registered inhabitants, written in it.
    month = f"{timezone.localdate():%Y-%m}"
    oise = Territory.objects.get(level="departement", code="60")
    assert response.redirect_chain == [(f"/chiffres/?territoire={oise.pk}&mois={month}&indicateur=registered", 302)]


def test_the_old_figures_pages_lead_to_the_dashboard(client):
    for old in ("/voisins/chiffres/", "/annuaire/chiffres/"):
        response = client.get(old)
        assert response.status_code == 301 and response["Location"] == "/chiffres/"


def test_the_dashboard_shows_beauvais_figures_plots_and_tables(client, operator, computed, beauvais):
    client = staff_client(client, operator)
    page = client.get(f"/chiffres/?{query(beauvais, computed)}").content.decode()
    assert "Figures of Beauvais" in page
    assert "6 % of 100 households" in page and "12 % of the shops" in page and "mean delay 20 h" in page
    assert page.count('role="img"') == 3  # the days, the map, the bars: each with its table
    assert "<caption>" in page and "Allonne" in page
    assert "&lt;5" in page  # the exchange, Allonne's registered
    messages = client.get(f"/chiffres/?{query(beauvais, computed, indicateur='messages')}").content.decode()
    assert "messages between neighbours per day" in messages.lower()


def test_a_commune_is_found_by_its_name(client, operator, computed, beauvais):
    client = staff_client(client, operator)
    page = client.get("/chiffres/?lieu=Beauvais").content.decode()
    assert "Figures of Beauvais" in page


@pytest.mark.parametrize(
    ("params", "words"),
    [
        ("mois=13-2026", "The month is written as 2026-11"),
        ("mois=2026-13", "The month is written as 2026-11"),
        ("territoire=abc", "This territory does not exist"),
        ("territoire=99999999999999999999", "This territory does not exist"),
        ("indicateur=%3Cscript%3E", "This figure does not exist"),
        ("lieu=Zzzzqqq", "No commune is called"),
    ],
)
def test_bad_choices_are_said_and_the_page_still_answers(client, operator, beauvais, params, words):
    client = staff_client(client, operator)
    response = client.get(f"/chiffres/?{params}")
    assert response.status_code == 400
    assert words in response.content.decode()
    assert "<script>" not in response.content.decode()


def test_csv_and_json_exports_leave_small_counts_empty(client, operator, computed, beauvais):
    client = staff_client(client, operator)
    response = client.get(f"/chiffres/export.csv?{query(beauvais, computed)}")
    assert response["Content-Type"].startswith("text/csv")
    rows = {row["territoire"]: row for row in csv.DictReader(io.StringIO(response.content.decode()))}
    assert rows["Beauvais"]["registered"] == "6" and rows["Beauvais"]["exchanges"] == ""
    assert rows["Beauvais"]["resolution_hours"] == "40" and rows["Allonne"]["registered"] == ""
    data = json.loads(client.get(f"/chiffres/export.json?{query(beauvais, computed)}").content)
    first = data["territories"][0]
    assert first["territoire"] == "Beauvais" and first["messages"] == 8 and first["exchanges"] is None
    assert data["threshold"] == 5


def test_the_monthly_report_compares_with_the_month_before(client, operator, computed, beauvais):
    client = staff_client(client, operator)
    page = client.get(f"/chiffres/rapport/?{query(beauvais, computed)}").content.decode()
    assert "Monthly report of Beauvais" in page and "Previous month" in page and "6 % of 100 households" in page


@pytest.mark.parametrize("communes", [2, 40])
def test_the_dashboard_reads_a_fixed_number_of_queries(
    client, operator, beauvais, django_assert_max_num_queries, communes
):
    today = timezone.localdate()
    oise = Territory.objects.get(level="departement", code="60")
    from parvis.figures.models import DailyFigure

    places = list(Territory.objects.filter(parent=oise)[:communes])
    DailyFigure.objects.bulk_create(
        DailyFigure(day=today, territory=place, indicator="registered", value=10 + n) for n, place in enumerate(places)
    )
    client = staff_client(client, operator)
    with django_assert_max_num_queries(30):
        assert client.get(f"/chiffres/?territoire={oise.pk}").status_code == 200


def test_the_dashboard_shows_new_figures_as_soon_as_they_are_computed_or_entered(
    client, operator, dataset, day, beauvais
):
    """The dashboard's body is kept between two computations: a computation or the operator's new count of households
    must show at the next request, never the body kept from before."""
    client = staff_client(client, operator)
    address = f"/chiffres/?{query(beauvais, day)}"
    assert "0 % of 100 households" in client.get(address).content.decode()  # nothing computed yet
    figures_compute(first=day, last=day)
    assert "6 % of 100 households" in client.get(address).content.decode()
    beauvais.households = 50
    beauvais.save(update_fields=["households"])
    assert "12 % of 50 households" in client.get(address).content.decode()
