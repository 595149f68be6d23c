"""The open-data catalogue: each dataset's CSV and JSON against known rows, its schema, its licence, its caching,
and nothing that an anonymous visitor may not read."""

import csv
import io
import json

import pytest

from parvis.core import kinds
from parvis.opendata.files import LICENCE_URL
from tests.opendata.conftest import SECRET

SLUGS = ["agenda", "signalements", "annuaire", "chiffres-communes", "territoires"]


def streamed(response) -> str:
    assert response.status_code == 200, response.status_code
    assert response.streaming
    return b"".join(response.streaming_content).decode("utf-8")


def rows_of_json(client, slug: str) -> list[dict]:
    data = json.loads(streamed(client.get(f"/donnees/{slug}.json")))
    assert data["licence"]["url"] == LICENCE_URL
    assert data["schema"].endswith(f"/donnees/{slug}/schema.json")
    return data["donnees"]


def rows_of_csv(client, slug: str) -> list[dict]:
    text = streamed(client.get(f"/donnees/{slug}.csv")).removeprefix("\ufeff")
    return list(csv.DictReader(io.StringIO(text)))


def test_every_dataset_is_registered_in_order():
    assert [dataset.slug for dataset in kinds.datasets()] == SLUGS


@pytest.mark.django_db
def test_the_catalogue_page_lists_each_dataset_with_its_files_and_licence(client, published):
    page = client.get("/donnees/").content.decode()
    assert "Licence Ouverte" in page and LICENCE_URL in page
    for slug in SLUGS:
        assert f'href="/donnees/{slug}.csv"' in page and f'href="/donnees/{slug}.json"' in page
        assert f'href="/donnees/{slug}/schema.json"' in page
    assert 'href="/donnees/agenda.openagenda.json"' in page


@pytest.mark.django_db
def test_the_agenda_holds_only_the_public_event(client, published):
    rows = rows_of_json(client, "agenda")
    assert [row["titre"] for row in rows] == ["Concert au Quadrilatère"]
    assert rows[0]["code_insee"] == "60057" and rows[0]["accessibilite"] == ["wheelchair"]
    csv_rows = rows_of_csv(client, "agenda")
    assert [row["titre"] for row in csv_rows] == ["Concert au Quadrilatère"]
    assert csv_rows[0]["accessibilite"] == "wheelchair"


@pytest.mark.django_db
def test_the_agenda_in_openagenda_format(client, published):
    data = json.loads(streamed(client.get("/donnees/agenda.openagenda.json")))
    (event,) = data["events"]
    assert event["title"] == {"fr": "Concert au Quadrilatère"}
    assert event["location"]["insee"] == "60057" and event["location"]["name"] == "Le Quadrilatère"
    assert event["accessibility"]["mi"] is True and event["accessibility"]["vi"] is False
    assert event["timings"][0]["begin"] < event["timings"][0]["end"]
    assert event["status"] == 1 and event["attendanceMode"] == 1


@pytest.mark.django_db
def test_a_report_is_published_without_reporter_nor_description_and_its_place_rounded(client, published, inhabitant):
    (row,) = rows_of_json(client, "signalements")
    assert row["categorie"] == "Éclairage public" and row["code_insee"] == "60057"
    assert row["latitude"] == 49.433 and row["longitude"] == 2.081
    text = json.dumps(row, ensure_ascii=False)
    assert "Martin" not in text and inhabitant.display_name not in text and "description" not in row


@pytest.mark.django_db
def test_the_directory_publishes_the_public_page_and_its_contact(client, published):
    (row,) = rows_of_json(client, "annuaire")
    assert row["nom"] == "Les Amis du Lavoir" and row["type"] == "association" and row["verifiee"] is True
    assert row["rna"] == "W601234567" and row["themes"] == ["culture"]
    assert row["courriel"] == "contact@amis-du-lavoir.fr" and row["commune"] == "Beauvais"


@pytest.mark.django_db
def test_figures_per_commune_hide_counts_of_one_to_four_people(client, published):
    rows = {(row["code_insee"], row["indicateur"]): row for row in rows_of_json(client, "chiffres-communes")}
    assert rows[("60057", "registered")]["valeur"] == 12
    assert rows[("60159", "registered")]["valeur"] is None  # 3 people: under the threshold
    assert rows[("60057", "events")]["valeur"] == 2  # events are not people: shown exactly
    csv_rows = {(row["code_insee"], row["indicateur"]): row for row in rows_of_csv(client, "chiffres-communes")}
    assert csv_rows[("60159", "registered")]["valeur"] == ""


@pytest.mark.django_db
def test_territories_list_the_communes_with_insee_code_postal_codes_and_population(client, beauvais):
    rows = {row["code"]: row for row in rows_of_json(client, "territoires")}
    assert rows["60057"]["nom"] == "Beauvais" and "60000" in rows["60057"]["codes_postaux"]
    assert rows["60057"]["population"] == beauvais.population > 50_000
    assert len(rows) >= 600  # the Oise's 680 communes


@pytest.mark.django_db
@pytest.mark.parametrize("slug", SLUGS)
def test_each_schema_is_a_table_schema_matching_the_files(client, published, slug):
    schema = client.get(f"/donnees/{slug}/schema.json").json()
    assert schema["licenses"][0]["path"] == LICENCE_URL
    names = [field["name"] for field in schema["fields"]]
    assert all(
        field["type"] in {"string", "integer", "number", "boolean", "datetime", "array"} for field in schema["fields"]
    )
    assert all(field["description"] for field in schema["fields"])
    header = streamed(client.get(f"/donnees/{slug}.csv")).removeprefix("\ufeff").splitlines()[0]
    assert header.split(",") == names


@pytest.mark.django_db
def test_files_answer_304_until_a_row_changes(client, published, inhabitant):
    first = client.get("/donnees/agenda.json")
    b"".join(first.streaming_content)
    assert first["ETag"] and first["Last-Modified"] and "public" in first["Cache-Control"]
    assert client.get("/donnees/agenda.json", headers={"if-none-match": first["ETag"]}).status_code == 304
    published["events"]["public"].delete()
    again = client.get("/donnees/agenda.json", headers={"if-none-match": first["ETag"]})
    assert again.status_code == 200 and json.loads(b"".join(again.streaming_content))["donnees"] == []


@pytest.mark.django_db
def test_the_dcat_catalogue_names_every_file(client, published):
    catalog = client.get("/donnees/catalog.json").json()
    assert [entry["dct:identifier"] for entry in catalog["dcat:dataset"]] == SLUGS
    agenda = catalog["dcat:dataset"][0]
    assert {d["dcat:downloadURL"].rsplit("/", 1)[1] for d in agenda["dcat:distribution"]} == {
        "agenda.csv",
        "agenda.json",
        "agenda.openagenda.json",
    }


@pytest.mark.django_db
def test_no_private_word_in_any_file(client, published):
    for slug in SLUGS:
        for path in (f"/donnees/{slug}.csv", f"/donnees/{slug}.json"):
            assert SECRET not in streamed(client.get(path)), path
    assert SECRET not in streamed(client.get("/donnees/agenda.openagenda.json"))


@pytest.mark.django_db
def test_an_unknown_dataset_or_format_is_a_404(client):
    assert client.get("/donnees/inconnu.csv").status_code == 404
    assert client.get("/donnees/inconnu/schema.json").status_code == 404
    assert client.get("/donnees/agenda.inconnu.json").status_code == 404
