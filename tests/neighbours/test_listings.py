from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.utils import timezone

from parvis.figures.services import figures_compute
from parvis.neighbours import services
from parvis.neighbours.models import Exchange, Listing, ListingStatus
from tests.conftest import staff_client
from tests.factories import jpeg, make_user


def drill(author, **fields):
    values = {
        "direction": "offer",
        "kind": "loan",
        "scope": "residence",
        "title": "Je prête une perceuse",
        "description": "Perceuse à percussion, avec mèches béton.",
        "availability": "Le soir en semaine",
    }
    values.update(fields)
    return services.listing_create(author=author, **values)


def messaging_installed(settings) -> bool:
    return services._conversation_start() is not None


def test_neighbours_lend_a_drill_from_listing_to_thanks(client, settings, residents, outsider):
    """The issue's journey: two verified residents, one lends a drill, the other answers, the exchange is done."""
    lender, borrower = residents
    client.force_login(lender)
    response = client.post(
        "/voisins/annonces/nouvelle/",
        {
            "direction": "offer",
            "kind": "loan",
            "scope": "residence",
            "title": "Je prête une perceuse",
            "description": "Avec ses mèches.",
            "alt_texts": "Une perceuse bleue posée sur une table",
            "photos": [jpeg()],
        },
    )
    listing = Listing.objects.get(author=lender)
    assert response.status_code == 302 and response["Location"] == listing.get_absolute_url()
    assert listing.photos.get().alt_text == "Une perceuse bleue posée sur une table"
    assert listing.expires_at > timezone.now() + timedelta(days=29)

    client.force_login(borrower)
    assert "Je prête une perceuse" in client.get("/voisins/").content.decode()
    client.post(f"/voisins/annonces/{listing.pk}/repondre/", {"message": "Je peux la prendre samedi ?"})
    answer = listing.answers.get()
    assert answer.user == borrower
    if messaging_installed(settings):
        from parvis.messaging.models import Conversation

        conversation = Conversation.objects.get(pk=answer.conversation_id)
        assert conversation.context_listing_id == listing.pk
        assert set(conversation.participants.values_list("user_id", flat=True)) == {lender.pk, borrower.pk}

    client.force_login(lender)
    page = client.get(listing.get_absolute_url()).content.decode()
    assert "Je peux la prendre samedi ?" in page
    client.post(f"/voisins/annonces/{listing.pk}/service-rendu/", {"partner": borrower.pk})
    listing.refresh_from_db()
    assert listing.status == ListingStatus.DONE
    exchange = Exchange.objects.get(listing=listing)
    assert (exchange.author, exchange.partner, exchange.commune) == (lender, borrower, lender.home_commune)

    client.post(f"/voisins/echanges/{exchange.pk}/merci/", {"message": "Merci pour ta ponctualité !"})
    client.force_login(borrower)
    client.post(f"/voisins/echanges/{exchange.pk}/merci/", {"message": "Merci pour le prêt !"})
    page = client.get(listing.get_absolute_url()).content.decode()
    assert "Merci pour ta ponctualité !" in page and "Merci pour le prêt !" in page

    for person in (lender, borrower):
        client.force_login(person)
        assert "Je prête une perceuse" in client.get("/voisins/historique/").content.decode()
    client.force_login(outsider)
    assert client.post(f"/voisins/echanges/{exchange.pk}/merci/", {"message": "Hé"}).status_code == 404


def test_a_residence_listing_is_invisible_outside_the_residence(client, residents, beauvais, django_user_model):
    lender, _borrower = residents
    listing = drill(lender)
    # Same commune, but not a verified resident of the residence.
    other = make_user("voisin-d-en-face@example.org", display_name="Alix", home_commune=beauvais)
    assert not Listing.objects.visible_to(other).filter(pk=listing.pk).exists()
    client.force_login(other)
    assert "Je prête une perceuse" not in client.get("/voisins/").content.decode()
    assert client.get(listing.get_absolute_url()).status_code == 404
    assert client.post(f"/voisins/annonces/{listing.pk}/repondre/", {"message": "Moi !"}).status_code == 404
    api = client.get("/api/v1/neighbours/listings").json()
    assert listing.pk not in [item["id"] for item in api["items"]]
    assert client.get(f"/api/v1/neighbours/listings/{listing.pk}").status_code == 404
    response = client.post(
        f"/api/v1/neighbours/listings/{listing.pk}/answer", {"message": "Moi"}, content_type="application/json"
    )
    assert response.status_code == 404
    with pytest.raises(PermissionDenied):
        services.listing_answer(user=other, listing=listing, message="Moi !")
    client.logout()
    assert client.get(listing.get_absolute_url()).status_code == 302  # sign in first


def test_scopes_reach_the_quartier_and_the_commune(residents, outsider, beauvais, operator, landlord, landlord_user):
    lender, borrower = residents
    for_commune = drill(lender, scope="commune", title="Pour la commune")
    stranger = make_user("alix@example.org", home_commune=beauvais)
    assert Listing.objects.visible_to(stranger).filter(pk=for_commune.pk).exists()
    assert not Listing.objects.visible_to(outsider).filter(pk=for_commune.pk).exists()
    with pytest.raises(ValidationError) as error:
        drill(lender, scope="quartier")  # the lender's residence is in no quartier
    assert (
        "Only verified residents of a residence in the neighbourhood post to it: enter your residence code first."
        in error.value.messages
    )
    quartier = services.quartier_create(operator=operator, commune=beauvais, name="Notre-Dame")
    in_quartier = services.residence_create(
        actor=landlord_user,
        manager=landlord,
        parent=quartier,
        name="Résidence du Jeu de Paume",
        address="3 rue du Jeu de Paume, 60000 Beauvais",
        homes=20,
    )
    code = services.residence_code_create(actor=landlord_user, residence=in_quartier, max_uses=5)
    for person in (lender, stranger):
        services.residence_code_redeem(user=person, code=code.code)
        person.refresh_from_db()
    for_quartier = drill(lender, scope="quartier", title="Pour le quartier")
    assert for_quartier.territory == quartier
    assert Listing.objects.visible_to(stranger).filter(pk=for_quartier.pk).exists()
    assert not Listing.objects.visible_to(borrower).filter(pk=for_quartier.pk).exists()


def test_a_listing_without_title_is_refused_with_a_clear_message(client, inhabitant):
    client.force_login(inhabitant)
    response = client.post("/voisins/annonces/nouvelle/", {"direction": "offer", "kind": "gift", "scope": "commune"})
    assert response.status_code == 400
    assert "Give your listing a title" in response.content.decode()
    assert not Listing.objects.exists()
    response = client.post(
        "/api/v1/neighbours/listings",
        {"direction": "offer", "kind": "gift", "scope": "commune", "title": "  "},
        content_type="application/json",
    )
    assert response.status_code == 400 and "Give your listing a title" in response.json()["detail"]


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"kind": "gift", "price": "10"}, "Only a sale has a price"),
        ({"kind": "sale", "price": "dix euros"}, "Give the price in euros"),
        ({"kind": "sale", "price": "-3"}, "Give the price in euros"),
        ({"kind": "bazar"}, "Choose the kind of exchange."),
        ({"direction": "swap"}, "Say whether you offer or request something."),
        ({"scope": "planet"}, "Choose who sees the listing"),
        ({"scope": "residence"}, "enter your residence code first"),
        ({"title": "x" * 121}, "The title is too long"),
    ],
)
def test_bad_listing_input_gets_a_clear_message(inhabitant, fields, message):
    values = {"direction": "offer", "kind": "gift", "scope": "commune", "title": "Des livres"} | fields
    with pytest.raises(ValidationError) as error:
        services.listing_create(author=inhabitant, **values)
    assert any(message in text for text in error.value.messages)


def test_a_sale_keeps_its_price(inhabitant):
    listing = services.listing_create(
        author=inhabitant, direction="offer", kind="sale", scope="commune", title="Vélo", price="45,50"
    )
    assert str(listing.price) == "45.50"


def test_photos_are_four_at_most_and_described(inhabitant):
    with pytest.raises(ValidationError) as error:
        drill(inhabitant, scope="commune", photos=[(jpeg(), "une photo")] * 5)
    assert "At most 4 photos per listing." in error.value.messages
    with pytest.raises(ValidationError) as error:
        drill(inhabitant, scope="commune", photos=[(jpeg(), "")])
    assert "Describe each photo" in error.value.messages[0]


def test_lifecycle_withdraw_renew_expire(inhabitant, neighbour):
    listing = drill(inhabitant, scope="commune")
    with pytest.raises(PermissionDenied):
        services.listing_withdraw(user=neighbour, listing=listing)
    Listing.objects.filter(pk=listing.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    call_command("neighbours_expire")
    listing.refresh_from_db()
    assert listing.status == ListingStatus.EXPIRED
    call_command("neighbours_expire")  # idempotent
    services.listing_renew(user=inhabitant, listing=listing)
    listing.refresh_from_db()
    assert listing.status == ListingStatus.OPEN and listing.expires_at > timezone.now() + timedelta(days=29)
    services.listing_withdraw(user=inhabitant, listing=listing)
    listing.refresh_from_db()
    assert listing.status == ListingStatus.WITHDRAWN
    with pytest.raises(ValidationError):
        services.listing_renew(user=inhabitant, listing=listing)
    with pytest.raises(ValidationError) as error:
        services.listing_answer(user=neighbour, listing=listing, message="Encore là ?")
    assert "no longer takes answers" in error.value.messages[0]


def test_marking_done_needs_someone_who_answered(inhabitant, neighbour, outsider):
    listing = drill(inhabitant, scope="commune")
    with pytest.raises(ValidationError) as error:
        services.listing_mark_done(user=inhabitant, listing=listing, partner_id=neighbour.pk)
    assert "among the people who answered" in error.value.messages[0]
    services.listing_answer(user=neighbour, listing=listing, message="Intéressé")
    with pytest.raises(ValidationError):
        services.listing_answer(user=neighbour, listing=listing, message="Toujours intéressé")
    with pytest.raises(PermissionDenied):
        services.listing_mark_done(user=neighbour, listing=listing, partner_id=neighbour.pk)
    exchange = services.listing_mark_done(user=inhabitant, listing=listing, partner_id=neighbour.pk)
    with pytest.raises(ValidationError):
        services.listing_mark_done(user=inhabitant, listing=listing, partner_id=neighbour.pk)
    with pytest.raises(PermissionDenied):
        services.exchange_thank(user=outsider, exchange=exchange, message="Bravo")
    with pytest.raises(ValidationError):
        services.exchange_thank(user=neighbour, exchange=exchange, message="")


def test_api_journey(client, residents):
    lender, borrower = residents
    client.force_login(lender)
    response = client.post(
        "/api/v1/neighbours/listings",
        {"direction": "offer", "kind": "loan", "scope": "residence", "title": "Escabeau"},
        content_type="application/json",
    )
    assert response.status_code == 201
    listing_id = response.json()["id"]
    client.force_login(borrower)
    assert listing_id in [item["id"] for item in client.get("/api/v1/neighbours/listings").json()["items"]]
    response = client.post(
        f"/api/v1/neighbours/listings/{listing_id}/answer", {"message": "Dispo ?"}, content_type="application/json"
    )
    assert response.status_code == 201
    assert client.post(f"/api/v1/neighbours/listings/{listing_id}/withdraw").status_code == 403
    client.force_login(lender)
    assert client.post(f"/api/v1/neighbours/listings/{listing_id}/renew").status_code == 200
    response = client.post(
        f"/api/v1/neighbours/listings/{listing_id}/done", {"partner_id": lender.pk}, content_type="application/json"
    )
    assert response.status_code == 400
    response = client.post(
        f"/api/v1/neighbours/listings/{listing_id}/done", {"partner_id": borrower.pk}, content_type="application/json"
    )
    assert response.status_code == 201
    assert client.post(f"/api/v1/neighbours/listings/{listing_id}/withdraw").status_code == 400
    assert len(client.get("/api/v1/neighbours/exchanges").json()["items"]) == 1
    client.logout()
    assert client.get("/api/v1/neighbours/listings").status_code == 401


def test_figures_per_commune_hide_small_counts(client, operator, inhabitant, residents, beauvais):
    lender, borrower = residents
    for number in range(6):
        listing = drill(lender, scope="commune", title=f"Objet {number}")
        services.listing_answer(user=borrower, listing=listing, message="Oui")
        services.listing_mark_done(user=lender, listing=listing, partner_id=borrower.pk)
    assert Exchange.objects.count_by_commune()[0]["count"] == 6
    # The exchanges are a line of the operator's dashboard now (`/chiffres/`, where the old address leads).
    client.force_login(lender)
    assert client.get("/voisins/chiffres/", follow=True).status_code == 403
    client = staff_client(client, operator)
    today = timezone.localdate()
    figures_compute(first=today, last=today, names=["exchanges"])
    page = client.get(f"/chiffres/?territoire={beauvais.pk}&indicateur=exchanges").content.decode()
    assert "Figures of Beauvais" in page and 'class="figures-number">6<' in page
    Exchange.objects.filter(pk__in=Exchange.objects.values("pk")[:3]).delete()
    figures_compute(first=today, last=today, names=["exchanges"])
    page = client.get(f"/chiffres/?territoire={beauvais.pk}&indicateur=exchanges").content.decode()
    assert "&lt;5" in page and 'class="figures-number">3<' not in page


@pytest.mark.parametrize("count", [1, 20])
def test_list_pages_have_bounded_queries(client, residents, django_assert_max_num_queries, count):
    lender, borrower = residents
    for number in range(count):
        listing = drill(lender, scope="commune", title=f"Objet {number}", photos=[(jpeg(), "un objet")])
        services.listing_answer(user=borrower, listing=listing, message="Oui")
        services.listing_mark_done(user=lender, listing=listing, partner_id=borrower.pk)
    for number in range(count):
        drill(lender, title=f"Ouvert {number}")
    client.force_login(borrower)
    with django_assert_max_num_queries(14):
        assert client.get("/voisins/").status_code == 200
    with django_assert_max_num_queries(14):
        assert client.get("/voisins/historique/").status_code == 200
    with django_assert_max_num_queries(10):
        assert client.get("/api/v1/neighbours/listings").status_code == 200


@pytest.mark.parametrize(
    "payload",
    [
        {},
        {"title": "Vélo", "kind": "sale", "scope": "commune", "direction": "offer", "price": "abc"},
        {"title": "Vélo", "kind": "sale", "scope": "commune", "direction": "offer", "price": 1e30},
        {"title": "\x00", "kind": "gift", "scope": "commune", "direction": "offer"},
        {"title": "Vélo", "kind": "gift", "scope": "residence", "direction": "offer"},
    ],
)
def test_api_answers_bad_listings_with_a_sentence(client, inhabitant, payload):
    client.force_login(inhabitant)
    response = client.post("/api/v1/neighbours/listings", payload, content_type="application/json")
    assert response.status_code == 400
    assert isinstance(response.json()["detail"], str) and response.json()["detail"]


def test_api_takes_a_price_as_a_number(client, inhabitant):
    client.force_login(inhabitant)
    payload = {"title": "Vélo", "kind": "sale", "scope": "commune", "direction": "offer", "price": 7.5}
    response = client.post("/api/v1/neighbours/listings", payload, content_type="application/json")
    assert response.status_code == 201 and response.json()["price"] == "7.50"


def test_a_listing_title_loses_its_invisible_characters(residents):
    listing = drill(residents[0], title="\u202eJe prête\u200b une perceuse\ufeff")
    assert listing.title == "Je prête une perceuse"
