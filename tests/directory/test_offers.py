"""Shops' offers: codes for the shop's commune only, expired offers hidden."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from parvis.directory import services
from parvis.directory.models import Offer

pytestmark = pytest.mark.django_db


@pytest.fixture
def offer(shop, shopkeeper):
    return services.offer_create(
        actor=shopkeeper,
        space=shop,
        title="Une baguette offerte",
        code="PARVIS10",
        valid_until=timezone.now() + timedelta(days=7),
    )


def test_code_hidden_from_anonymous_and_from_another_commune(client, offer, shop, outsider):
    url = reverse("directory:entry", args=[shop.slug])
    page = client.get(url).content.decode()
    assert "Une baguette offerte" in page
    assert "PARVIS10" not in page
    assert client.get(f"/api/v1/directory/{shop.slug}/offers").json()[0]["code"] is None
    client.force_login(outsider)
    assert "PARVIS10" not in client.get(url).content.decode()
    assert client.get(f"/api/v1/directory/{shop.slug}/offers").json()[0]["code"] is None


def test_code_shown_to_people_of_the_shop_commune(client, offer, shop, neighbour):
    client.force_login(neighbour)
    assert "PARVIS10" in client.get(reverse("directory:entry", args=[shop.slug])).content.decode()
    assert client.get(f"/api/v1/directory/{shop.slug}/offers").json()[0]["code"] == "PARVIS10"


def test_expired_and_future_offers_hidden(client, offer, shop, shopkeeper, neighbour):
    now = timezone.now()
    Offer.objects.create(space=shop, title="Soldes d'hiver", valid_from=now - timedelta(days=30), valid_until=now)
    Offer.objects.create(
        space=shop, title="Fête du pain", valid_from=now + timedelta(days=3), valid_until=now + timedelta(days=5)
    )
    client.force_login(neighbour)
    page = client.get(reverse("directory:entry", args=[shop.slug])).content.decode()
    assert "Une baguette offerte" in page
    assert "Soldes d'hiver" not in page
    assert "Fête du pain" not in page
    services.offer_end(actor=shopkeeper, offer=offer)
    assert "Une baguette offerte" not in client.get(reverse("directory:entry", args=[shop.slug])).content.decode()


def test_offer_form_checks_dates_and_rights(client, shop, shopkeeper, neighbour):
    url = reverse("directory:offer_create", args=[shop.slug])
    client.force_login(neighbour)
    assert client.post(url, {"title": "x", "valid_until": "2099-01-01"}).status_code == 403
    client.force_login(shopkeeper)
    yesterday = (timezone.localdate() - timedelta(days=1)).isoformat()
    response = client.post(url, {"title": "Trop tard", "valid_until": yesterday})
    assert response.status_code == 400
    assert "must be in the future" in response.content.decode()
    response = client.post(url, {"title": "Trop long", "valid_until": "2099-01-01"})
    assert "one year at most" in response.content.decode()
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    assert client.post(url, {"title": "Croissant offert", "code": "CROI", "valid_until": tomorrow}).status_code == 302
    assert Offer.objects.current().filter(space=shop, title="Croissant offert").exists()


def test_only_shops_publish_offers(association, inhabitant):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="Only shops publish offers"):
        services.offer_create(
            actor=inhabitant, space=association, title="x", valid_until=timezone.now() + timedelta(days=1)
        )


@pytest.mark.parametrize(
    "dates", [{"valid_until": "9999-12-31"}, {"valid_from": "1850-01-01", "valid_until": "2026-12-01"}]
)
def test_offer_form_refuses_a_date_outside_1900_2100_with_a_sentence(client, shop, shopkeeper, dates):
    client.force_login(shopkeeper)
    response = client.post(reverse("directory:offer_create", args=[shop.slug]), {"title": "Pain perdu", **dates})
    assert response.status_code in (200, 400)
    assert "Give a date between the years 1900 and 2100." in response.content.decode()
    assert not Offer.objects.filter(title="Pain perdu").exists()
