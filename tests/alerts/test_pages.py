import base64

import pytest
from django.urls import reverse

from parvis.alerts import services
from parvis.alerts.models import Alert, AlertDismissal, AlertStatus
from tests.factories import api_client, jpeg_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def cat(residents, residence):
    return services.alert_send(
        sender=residents[0],
        area=residence.territory,
        kind="lost_animal",
        title="Chat gris perdu près du bâtiment B",
        text="Minou, collier rouge.",
    )


def test_the_alert_is_on_top_of_the_residents_home_feed_with_its_kind_in_words(client, residents, cat):
    client.force_login(residents[1])
    page = client.get("/fil/").content.decode()
    assert "Urgent alerts" in page and cat.title in page and "Lost animal" in page


def test_the_banner_is_on_the_residence_group_and_the_commune_page(client, residents, cat, residence, beauvais):
    client.force_login(residents[1])
    assert cat.title in client.get(residence.space.get_absolute_url()).content.decode()
    services.alert_send(
        sender=residents[0], area=beauvais, kind="found_object", title="Clés trouvées place Jeanne-Hachette"
    )
    assert "Clés trouvées" in client.get(beauvais.get_absolute_url()).content.decode()


def test_a_person_outside_the_area_sees_no_banner_and_a_404(client, outsider, cat):
    client.force_login(outsider)
    assert cat.title not in client.get("/fil/").content.decode()
    assert client.get(cat.get_absolute_url()).status_code == 404
    assert client.get(reverse("alerts:list")).content.decode().count(cat.title) == 0


def test_closing_the_banner_keeps_the_alert_on_the_alerts_page(client, residents, cat):
    neighbour = residents[1]
    client.force_login(neighbour)
    response = client.post(reverse("alerts:dismiss", args=[cat.pk]), {"next": "/fil/"})
    assert response.status_code == 302 and response["Location"] == "/fil/"
    assert AlertDismissal.objects.filter(user=neighbour, alert=cat).exists()
    assert cat.title not in client.get("/fil/").content.decode()
    assert cat.title in client.get(reverse("alerts:list")).content.decode()


def test_sending_through_the_form_then_found(client, residents, residence):
    inhabitant = residents[0]
    client.force_login(inhabitant)
    form = client.get(reverse("alerts:new")).content.decode()
    assert "Résidence Les Tilleuls" in form
    refused = client.post(reverse("alerts:new"), {"target": f"t{residence.territory.pk}", "kind": "lost_animal"})
    assert refused.status_code == 400 and "short title" in refused.content.decode()
    sent = client.post(
        reverse("alerts:new"),
        {"target": f"t{residence.territory.pk}", "kind": "lost_animal", "title": "Chienne perdue", "hours": "48"},
    )
    alert = Alert.objects.get()
    assert sent["Location"] == alert.get_absolute_url()
    detail = client.get(alert.get_absolute_url()).content.decode()
    assert "Found! Close the alert" in detail
    client.post(reverse("alerts:resolve", args=[alert.pk]))
    assert Alert.objects.get().status == AlertStatus.RESOLVED


def test_a_neighbour_writes_to_the_sender_by_private_message(client, residents, cat):
    client.force_login(residents[1])
    assert f"{reverse('messaging:new')}?a={cat.sender_id}" in client.get(cat.get_absolute_url()).content.decode()


def test_a_person_without_a_verified_residence_is_told_how_to_get_one(client, inhabitant):
    client.force_login(inhabitant)
    response = client.get(reverse("alerts:new"))
    assert response.status_code == 403 and "code" in response.content.decode()


def test_preferences_page_saves_the_choice(client, inhabitant):
    client.force_login(inhabitant)
    client.post(reverse("alerts:preferences"), {"neighbours": "on"})
    preference = services.alert_preference_of(inhabitant)
    assert (preference.official, preference.neighbours) == (False, True)


def test_the_api_lists_creates_and_resolves(residents, residence, outsider):
    inhabitant, neighbour = residents
    api = api_client(inhabitant)
    created = api.post(
        reverse("api:alert_create"),
        {
            "area_id": residence.territory.pk,
            "kind": "lost_animal",
            "title": "Chat roux perdu",
            "photo": base64.b64encode(jpeg_bytes((200, 150))).decode(),
            "photo_alt": "Un chat roux",
        },
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    alert_id = created.json()["id"]
    assert created.json()["photo_url"]
    assert [row["id"] for row in api_client(neighbour).get(reverse("api:alert_list")).json()] == [alert_id]
    assert api_client(outsider).get(reverse("api:alert_list")).json() == []
    assert api_client(outsider).get(reverse("api:alert_detail", args=[alert_id])).status_code == 404
    assert api_client(neighbour).post(reverse("api:alert_resolve", args=[alert_id])).status_code == 403
    resolved = api.post(reverse("api:alert_resolve", args=[alert_id]))
    assert resolved.status_code == 200 and resolved.json()["status"] == "resolved"
    refused = api_client(outsider).post(
        reverse("api:alert_create"),
        {"area_id": residence.territory.pk, "kind": "lost_animal", "title": "Chat"},
        content_type="application/json",
    )
    assert refused.status_code == 403
    wrong = api.post(
        reverse("api:alert_create"),
        {"area_id": residence.territory.pk, "kind": "dragon", "title": "Dragon"},
        content_type="application/json",
    )
    assert wrong.status_code == 400 and "Choose what the alert is about" in wrong.json()["detail"]


def test_the_photo_reaches_the_area_only(client, residents, residence, outsider):
    from parvis.core.media import media_url
    from tests.factories import jpeg

    alert = services.alert_send(
        sender=residents[0],
        area=residence.territory,
        kind="lost_animal",
        title="Chat avec photo",
        photo=jpeg(),
        photo_alt="Un chat",
    )
    url = media_url(alert, "photo")
    client.force_login(residents[1])
    assert client.get(url).status_code == 200
    client.force_login(outsider)
    assert client.get(url).status_code == 404


def test_the_home_feed_banner_costs_one_query_whatever_the_alerts(
    client, residents, residence, django_assert_max_num_queries
):
    for number in range(3):
        services.alert_send(
            sender=residents[0], area=residence.territory, kind="lost_object", title=f"Objet numéro {number}"
        )
    client.force_login(residents[1])
    client.get("/fil/")
    # Once computed, the banner is kept for the person until the next write: the list pages' bounds hold.
    with django_assert_max_num_queries(13):
        page = client.get("/fil/").content.decode()
    assert page.count('class="alert-item"') == 3
