import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from parvis.territories.models import Level, PostalCode, Territory
from parvis.territories.services import territories_import


def snapshot():
    return (
        list(Territory.objects.order_by("level", "code").values_list()),
        list(PostalCode.objects.order_by("code", "commune_id").values_list("code", "commune_id")),
    )


@pytest.mark.django_db
def test_import_of_all_france_matches_the_reference_figures_and_a_second_run_changes_nothing():
    report = territories_import()

    assert Territory.objects.filter(level=Level.COMMUNE).count() == 34_969
    assert report.total[Level.COMMUNE] == 34_969
    assert Territory.objects.filter(level=Level.REGION).count() == 26
    assert Territory.objects.filter(level=Level.DEPARTEMENT).count() == 109

    before = snapshot()
    second = territories_import()
    assert second.created[Level.COMMUNE] == 0
    assert second.created["postal_code"] == 0
    assert snapshot() == before


@pytest.mark.django_db
def test_oise_has_680_communes_and_829899_inhabitants():
    oise = Territory.objects.get(level=Level.DEPARTEMENT, code="60")
    communes = Territory.objects.within(oise).communes()
    assert communes.count() == 680
    assert sum(communes.values_list("population", flat=True)) == 829_899
    assert oise.population == 829_899
    assert oise.parent.name == "Hauts-de-France"


@pytest.mark.django_db
def test_evry_courcouronnes_has_its_population_postal_codes_and_intercommunality():
    evry = Territory.objects.get(level=Level.COMMUNE, code="91228")
    assert evry.population == 66_919
    assert evry.postal_code_list == ["91000", "91080"]
    assert evry.epci is not None
    assert [t.level for t in evry.ancestors()] == [Level.REGION, Level.DEPARTEMENT, Level.EPCI]


@pytest.mark.django_db
def test_rennes_is_imported_with_its_insee_code():
    rennes = Territory.objects.get(level=Level.COMMUNE, code="35238")
    assert rennes.name == "Rennes"
    assert rennes.get_absolute_url() == "/territoires/commune/rennes-35238/"


@pytest.mark.django_db
def test_unknown_departement_is_refused_with_a_clear_message():
    with pytest.raises(ValidationError, match="99"):
        territories_import(departements=["99"])


@pytest.mark.django_db
def test_command_shows_progress_and_creates_official_spaces(capsys):
    call_command("territories", "import", "--departement", "60")
    out = capsys.readouterr().out
    assert "communes: 680 (0 new)" in out
    assert "official spaces: 0 new" in out


@pytest.mark.django_db
def test_every_commune_of_the_instance_has_one_official_space():
    from parvis.spaces.models import Space

    oise = Territory.objects.get(level=Level.DEPARTEMENT, code="60")
    communes = Territory.objects.within(oise).communes()
    official = Space.objects.official().filter(territory__in=communes)
    assert official.count() == 680
    assert not Space.objects.official().filter(territory__code="91228").exists()  # outside the instance


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("typed", "expected"),
    [("Compiègne", "60159"), ("compiegne", "60159"), ("60200", None), ("st just en chaussee", "60581")],
)
def test_search_finds_communes_by_name_without_accents_or_by_postal_code(typed, expected):
    found = list(Territory.objects.communes().search(typed)[:5])
    assert found
    if expected:
        assert found[0].code == expected
    else:
        assert all("60200" in c.postal_code_list for c in found)


def test_the_parvis_command_offers_the_territory_import():
    import os
    import subprocess
    import sys
    from pathlib import Path

    parvis = Path(sys.executable).parent / "parvis"
    env = {**os.environ, "DEBUG": "1"}  # a development command line: no production secret needed
    result = subprocess.run(
        [str(parvis), "territories", "import", "--help"], capture_output=True, text=True, timeout=900, env=env
    )
    assert result.returncode == 0, result.stderr
    assert "--departement" in result.stdout
