"""Each indicator computed on the known data set (conftest.py) matches the hand count, in the commune, in the
département and région above it, with the privacy threshold applied where people are counted."""

import pytest
from django.core.management import call_command

from parvis.figures import privacy, reading
from parvis.figures.models import DailyFigure
from parvis.figures.reading import Period
from parvis.figures.services import figures_compute
from parvis.territories.models import Territory

pytestmark = pytest.mark.django_db


@pytest.fixture
def computed(dataset, day):
    figures_compute(first=day, last=day)
    return Period(day, day)


def values(territory, period):
    return {line.name: line for line in reading.lines(territory, period)}


def test_each_indicator_matches_the_hand_count_in_beauvais(computed, beauvais):
    lines = values(beauvais, computed)
    hand_counted = {
        "registered": 6,
        "messages": 8,  # 7 between neighbours, and the answer to the listing
        "exchanges": 1,
        "events": 2,
        "rsvps": 5,
        "partner_shops": 1,
        "shops_total": 8,
        "associations": 2,
        "associations_active": 1,
        "active_members": 6,
        "reports": 2,  # filed yesterday: at 2 h (resolved 10 h later) and at noon
        "reports_resolved": 2,
    }
    assert {name: lines[name].value for name in hand_counted} == hand_counted
    assert lines["registered"].note == "6 % of 100 households" and not lines["registered"].estimate
    assert lines["partner_shops"].note == "12 % of the shops"
    assert lines["reports_resolved"].note == "mean delay 20 h"


def test_counts_roll_up_to_the_departement_and_the_region(computed, beauvais):
    oise = Territory.objects.get(level="departement", code="60")
    region = oise.parent
    for place in (oise, region):
        lines = values(place, computed)
        assert lines["registered"].value == 9  # 6 in Beauvais, 2 in Allonne, 1 in Compiègne
        assert lines["messages"].value == 11  # 8 + 3 from Allonne
        assert lines["partner_shops"].value == 1
    # Households: Beauvais's entered, the other communes' estimated from their population: said so.
    assert values(oise, computed)["registered"].estimate
    assert "(estimate)" in values(oise, computed)["registered"].note


def test_small_counts_of_people_are_hidden_but_counts_of_organisations_are_not(computed, allonne, beauvais):
    lines = values(allonne, computed)
    assert lines["registered"].value == 2 and lines["registered"].shown == "<5"
    assert lines["messages"].shown == "<5"
    assert lines["registered"].note == ""  # a share would give the hidden count back
    beauvais_lines = values(beauvais, computed)
    assert beauvais_lines["exchanges"].shown == "<5" and beauvais_lines["exchanges"].exported is None
    assert beauvais_lines["events"].shown == "2"  # events name nobody
    assert privacy.shown(0) == "0" and privacy.shown(5) == "5" and privacy.shown(4) == "<5"


def test_comparison_hides_small_places_and_does_not_rank_them_by_their_hidden_value(computed, beauvais, allonne):
    # Beauvais stands beside the communes of its intercommunality (Allonne is one, Compiègne is not).
    assert reading.compared(beauvais)[1] == "epci"
    rows = reading.comparison(beauvais, "registered", computed)
    shown = {row["territory"].name: row["shown"] for row in rows if row["value"]}
    assert shown == {"Beauvais": "6", "Allonne": "<5"}
    assert rows[0]["territory"] == beauvais


def test_compute_is_idempotent_and_stocks_are_not_summed_over_days(dataset, day, beauvais):
    from datetime import timedelta

    figures_compute(first=day, last=day + timedelta(days=1))
    figures_compute(first=day, last=day + timedelta(days=1))
    two_days = Period(day, day + timedelta(days=1))
    lines = values(beauvais, two_days)
    assert lines["registered"].value == 6  # a level: the last day's, not 6 + 6
    assert lines["messages"].value == 8  # a flow: the day before had none
    assert DailyFigure.objects.filter(territory=beauvais, indicator="messages").count() == 1


def test_the_command_computes_and_refuses_bad_input(dataset, beauvais, capsys):
    from django.core.management.base import CommandError

    call_command("figures_compute", "--days", "2")
    assert DailyFigure.objects.filter(territory=beauvais, indicator="registered").exists()
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("figures_compute", "--since", "hier")
    with pytest.raises(CommandError, match="unknown indicators"):
        call_command("figures_compute", "--indicator", "nope")
