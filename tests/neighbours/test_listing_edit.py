"""The author of a listing corrects it on its own page; nobody else opens that page."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from parvis.neighbours import services
from parvis.neighbours.models import Direction, ListingKind, Scope


@pytest.fixture
def listing(inhabitant):
    return services.listing_create(
        author=inhabitant,
        direction=Direction.OFFER,
        kind=ListingKind.LOAN,
        scope=Scope.COMMUNE,
        title="Je prête une perceuse",
        description="Avec ses mèches.",
    )


def edit_url(listing) -> str:
    return reverse("neighbours:listing_edit", args=[listing.pk])


def form_values(**changes) -> dict:
    values = {
        "direction": Direction.OFFER,
        "kind": ListingKind.LOAN,
        "title": "Je prête une perceuse et une scie",
        "description": "Avec ses mèches.",
        "availability": "Le soir",
        "price": "",
    }
    return values | changes


@pytest.mark.django_db
def test_the_author_changes_the_words_and_the_page_shows_them(signed_in, listing):
    assert "Je prête une perceuse" in signed_in.get(edit_url(listing)).content.decode()
    response = signed_in.post(edit_url(listing), form_values())
    assert response.status_code == 302
    listing.refresh_from_db()
    assert listing.title == "Je prête une perceuse et une scie" and listing.availability == "Le soir"
    assert listing.scope == Scope.COMMUNE


@pytest.mark.django_db
def test_a_neighbour_who_sees_the_listing_cannot_edit_it(client, neighbour, listing):
    client.force_login(neighbour)
    assert client.get(reverse("neighbours:listing", args=[listing.pk])).status_code == 200
    assert client.get(edit_url(listing)).status_code == 404
    assert client.post(edit_url(listing), form_values(title="Volée")).status_code == 404
    listing.refresh_from_db()
    assert listing.title == "Je prête une perceuse"
    with pytest.raises(PermissionDenied):
        services.listing_update(user=neighbour, listing=listing, **form_values(title="Volée"))


@pytest.mark.django_db
def test_bad_input_comes_back_with_sentences_and_loses_nothing(signed_in, listing):
    response = signed_in.post(edit_url(listing), form_values(title="", price="12"))
    html = response.content.decode()
    assert response.status_code == 400
    assert "Give your listing a title" in html
    assert "Only a sale has a price" in html
    assert "Le soir" in html  # what was typed is still there
    listing.refresh_from_db()
    assert listing.title == "Je prête une perceuse"


@pytest.mark.django_db
def test_a_withdrawn_listing_is_no_longer_edited(signed_in, inhabitant, listing):
    services.listing_withdraw(user=inhabitant, listing=listing)
    response = signed_in.post(edit_url(listing), form_values())
    assert response.status_code == 400
    assert "Only an open listing can be changed" in response.content.decode()
