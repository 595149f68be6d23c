"""The weekly digest pinned in the hall counts the week's alerts of its place and never shows one: an alert is for
the signed-in people of its area."""

import pytest
from django.utils import timezone

from parvis.alerts import services
from parvis.digest.week import Week

pytestmark = pytest.mark.django_db


def digest(client) -> str:
    week = Week.of(timezone.localdate())
    response = client.get(f"/communes/60057/semaine/?semaine={week.key}")
    assert response.status_code == 200
    return response.content.decode()


def test_the_digest_says_a_few_alerts_were_sent_without_their_words(client, residents, residence):
    inhabitant, _ = residents
    assert "alerts were sent here" not in digest(client)
    services.alert_send(
        sender=inhabitant, area=residence.territory, kind="lost_animal", title="Chat gris perdu près du bâtiment B"
    )
    page = digest(client)
    assert "A few alerts were sent here this week." in page
    assert "Chat gris" not in page and "Tilleuls" not in page


def test_the_digest_counts_the_alerts_of_the_commune_once_they_are_many(client, agent, town_hall, beauvais):
    for number in range(6):
        services.alert_send(
            sender=agent, area=beauvais, official_space=town_hall, kind="road_closed", title=f"Route fermée n°{number}"
        )
    page = digest(client)
    assert "6 alerts were sent here this week." in page
    assert "Route fermée" not in page
