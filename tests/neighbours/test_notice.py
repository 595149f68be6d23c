"""The notice a landlord prints for each building: its code, a QR code to the join page, only for the managers."""

import pytest
from django.urls import reverse

from parvis.neighbours import services


def notice_url(residence) -> str:
    return reverse("neighbours:residence_notice", args=[residence.pk])


@pytest.fixture
def manager_client(client, landlord_user):
    client.force_login(landlord_user)
    return client


@pytest.mark.django_db
def test_landlord_prints_one_sheet_per_building_with_the_code_and_a_qr_code(manager_client, residence, code, settings):
    settings.PARVIS_BASE_URL = "https://parvis.example.org"
    response = manager_client.get(notice_url(residence))
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count(code.display) >= 2  # the fixture's residence has two buildings
    assert "building 1" in html and "building 2" in html
    assert html.count("<svg") == 2
    # The QR code and the printed address lead to the page where the code is typed, on the site's own address.
    assert f"https://parvis.example.org/voisins/code/?code={code.code}" in html
    assert 'class="site-header"' not in html  # a sheet for a wall: no menu


@pytest.mark.django_db
def test_the_join_page_opens_with_the_code_already_typed(signed_in, code):
    response = signed_in.get(reverse("neighbours:code") + f"?code={code.code.lower()}")
    assert f'value="{code.code}"' in response.content.decode()


@pytest.mark.django_db
def test_notice_prefers_a_code_for_several_homes_and_lets_the_landlord_choose(manager_client, residence, landlord_user):
    shared = services.residence_code_create(actor=landlord_user, residence=residence, max_uses=40)
    single = services.residence_code_create(actor=landlord_user, residence=residence, max_uses=1)
    html = manager_client.get(notice_url(residence)).content.decode()
    assert shared.display in html.split("<main>")[1] and single.display not in html.split("<main>")[1]
    html = manager_client.get(notice_url(residence) + f"?code={single.pk}").content.decode()
    assert single.display in html.split("<main>")[1]
    assert "lets one household in" in html


@pytest.mark.django_db
def test_withdrawn_codes_are_never_printed(manager_client, residence, code, landlord_user):
    services.residence_code_revoke(actor=landlord_user, code=code)
    response = manager_client.get(notice_url(residence) + f"?code={code.pk}")
    assert response.status_code == 200
    assert code.display not in response.content.decode()
    assert "no valid code to print" in response.content.decode()


@pytest.mark.django_db
def test_notice_is_a_404_for_residents_and_strangers(client, residence, residents, outsider, code):
    inhabitant, _neighbour = residents
    for person in (inhabitant, outsider):
        client.force_login(person)
        response = client.get(notice_url(residence))
        assert response.status_code == 404
        assert code.display not in response.content.decode()


@pytest.mark.django_db
def test_notice_asks_anonymous_visitors_to_sign_in(client, residence, code):
    response = client.get(notice_url(residence))
    assert response.status_code == 302
    assert "/comptes/" in response["Location"] or "login" in response["Location"]
