from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from parvis.neighbours import services
from parvis.neighbours.models import ResidenceCode, ResidentVerification
from parvis.spaces.models import JoinPolicy, Membership, MembershipStatus, Nature, OrganisationKind, Visibility
from parvis.spaces.services.organisations import organisation_request
from parvis.territories.models import Level, Territory
from tests.conftest import staff_client
from tests.factories import make_user


def test_landlord_creates_a_residence_with_its_own_members_only_space(residence, landlord, landlord_user, beauvais):
    space = residence.space
    assert residence.territory.level == Level.RESIDENCE and residence.territory.parent == beauvais
    assert residence.territory.homes == 48 and residence.buildings == 2
    assert (space.nature, space.visibility, space.join_policy) == (
        Nature.VOISINAGE,
        Visibility.MEMBERS,
        JoinPolicy.INVITATION,
    )
    assert space.territory == residence.territory
    assert Membership.objects.get(space=space, user=landlord_user).role == "owner"


def test_landlord_creates_a_residence_through_the_page(client, landlord, landlord_user):
    client.force_login(landlord_user)
    response = client.post(
        "/voisins/residences/nouvelle/",
        {
            "manager": landlord.pk,
            "name": "Les Acacias",
            "address": "3 place des Acacias",
            "commune": "Beauvais",
            "buildings": "1",
            "homes": "20",
        },
    )
    assert response.status_code == 302
    assert Territory.objects.filter(level=Level.RESIDENCE, name="Les Acacias").exists()


def test_residence_form_says_what_is_missing(client, landlord, landlord_user):
    client.force_login(landlord_user)
    response = client.post(
        "/voisins/residences/nouvelle/", {"manager": landlord.pk, "name": "", "commune": "Beauvais", "homes": "x"}
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "Give the residence a name." in page and "Give the number of homes (1 or more)." in page


def test_a_non_landlord_cannot_create_a_residence(client, inhabitant, beauvais):
    client.force_login(inhabitant)
    assert client.get("/voisins/residences/nouvelle/").status_code == 403
    shop = organisation_request(
        requester=inhabitant, name="Boulangerie", kind=OrganisationKind.SHOP, commune=beauvais, siret="732829320"
    )
    with pytest.raises(PermissionDenied):
        services.residence_create(
            actor=inhabitant, manager=shop, parent=beauvais, name="X", address="1 rue", buildings=1, homes=2
        )


def test_an_unverified_landlord_cannot_create_a_residence(client, landlord_user, beauvais):
    page = organisation_request(
        requester=landlord_user, name="Bailleur", kind=OrganisationKind.LANDLORD, commune=beauvais, siret="732829320"
    )
    with pytest.raises(PermissionDenied):
        services.residence_create(
            actor=landlord_user, manager=page, parent=beauvais, name="X", address="1 rue", buildings=1, homes=2
        )
    client.force_login(landlord_user)
    assert client.get("/voisins/residences/nouvelle/").status_code == 403


def test_code_is_eight_unambiguous_characters(code):
    assert len(code.code) == 8
    assert not set(code.code) & set("IO01")


def test_entering_a_code_makes_a_verified_resident_member_of_the_space(client, code, residence, inhabitant):
    client.force_login(inhabitant)
    response = client.post("/voisins/code/", {"code": f"{code.code[:4].lower()}-{code.code[4:]}"})
    assert response.status_code == 302 and response["Location"] == residence.space.get_absolute_url()
    verification = ResidentVerification.objects.get(user=inhabitant)
    assert verification.residence == residence and verification.method == "residence_code"
    inhabitant.refresh_from_db()
    assert inhabitant.residence == residence.territory
    assert inhabitant.home_commune == residence.territory.parent and inhabitant.quartier is None
    membership = Membership.objects.get(space=residence.space, user=inhabitant)
    assert membership.status == MembershipStatus.ACTIVE
    code.refresh_from_db()
    assert code.uses == 1


def test_a_residence_in_a_quartier_sets_the_quartier(landlord, landlord_user, operator, beauvais, outsider):
    quartier = services.quartier_create(operator=operator, commune=beauvais, name="Saint-Jean")
    residence = services.residence_create(
        actor=landlord_user, manager=landlord, parent=quartier, name="Le Clos", address="1 rue", buildings=1, homes=5
    )
    code = services.residence_code_create(actor=landlord_user, residence=residence)
    services.residence_code_redeem(user=outsider, code=code.code)
    outsider.refresh_from_db()
    assert (outsider.residence, outsider.quartier, outsider.home_commune) == (residence.territory, quartier, beauvais)


@pytest.mark.parametrize(
    ("state", "message"),
    [
        ("unknown", "This code is not valid."),
        ("expired", "This code has expired"),
        ("revoked", "This code was withdrawn by the manager"),
        ("used_up", "This code has already been used as many times as allowed"),
    ],
)
def test_bad_codes_get_a_clear_message(client, code, landlord_user, inhabitant, neighbour, state, message):
    typed = code.code
    if state == "unknown":
        typed = "ZZZZ2222"
    elif state == "expired":
        ResidenceCode.objects.filter(pk=code.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    elif state == "revoked":
        services.residence_code_revoke(actor=landlord_user, code=code)
    else:
        ResidenceCode.objects.filter(pk=code.pk).update(max_uses=1)
        services.residence_code_redeem(user=neighbour, code=code.code)
    client.force_login(inhabitant)
    response = client.post("/voisins/code/", {"code": typed})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not ResidentVerification.objects.filter(user=inhabitant).exists()


def test_an_empty_code_is_a_clear_message(client, inhabitant):
    client.force_login(inhabitant)
    response = client.post("/voisins/code/", {"code": "  "})
    assert response.status_code == 400
    assert "Type the residence code" in response.content.decode()


def test_guessing_codes_is_rate_limited_even_for_a_right_guess(settings, client, code, inhabitant, rate_limits_on):
    client.force_login(inhabitant)
    for attempt in range(services.CODE_TRIES):
        assert client.post("/voisins/code/", {"code": f"ZZZZ222{attempt + 2}"}).status_code == 400
    response = client.post("/voisins/code/", {"code": code.code})
    assert response.status_code == 429
    assert "Too many wrong codes" in response.content.decode()
    assert not ResidentVerification.objects.filter(user=inhabitant).exists()


def test_one_person_guessing_does_not_lock_out_the_building(settings, code, inhabitant, neighbour, rate_limits_on):
    """Neighbours share a connection (the building's Wi-Fi, a phone operator's NAT): one person's wrong guesses hold
    back that person only."""
    for _attempt in range(services.CODE_TRIES):
        with pytest.raises(ValidationError):
            services.residence_code_redeem(user=inhabitant, code="ZZZZ2222", ip="192.0.2.7")
    with pytest.raises(services.CodeGuessesLimited):
        services.residence_code_redeem(user=inhabitant, code=code.code, ip="192.0.2.8")
    # The neighbour at the same address is not held back by someone else's guesses.
    assert services.residence_code_redeem(user=neighbour, code=code.code, ip="192.0.2.7")


def test_guessing_from_many_accounts_meets_the_ceiling_per_address(settings, code, neighbour, rate_limits_on):
    guessers = [make_user(f"guess{number}@example.org") for number in range(services.CODE_TRIES_PER_ADDRESS)]
    for guesser in guessers:  # one wrong guess each: no account reaches its own limit
        with pytest.raises(ValidationError):
            services.residence_code_redeem(user=guesser, code="ZZZZ2222", ip="2001:db8:1:2::7")
    # The address (an IPv6 /64 counts as one) is now paused for everyone, right code included...
    with pytest.raises(services.CodeGuessesLimited):
        services.residence_code_redeem(user=neighbour, code=code.code, ip="2001:db8:1:2::99")
    # ...but not elsewhere.
    assert services.residence_code_redeem(user=neighbour, code=code.code, ip="2001:db8:1:3::7")


def test_api_redeems_a_code_and_answers_429_when_guessing(
    settings, client, code, inhabitant, neighbour, rate_limits_on
):
    client.force_login(neighbour)
    response = client.post("/api/v1/neighbours/residence-code", {"code": code.code}, content_type="application/json")
    assert response.status_code == 201 and response.json()["residence_id"] == code.residence_id
    client.force_login(inhabitant)
    for _attempt in range(services.CODE_TRIES):
        response = client.post(
            "/api/v1/neighbours/residence-code", {"code": "ZZZZ2222"}, content_type="application/json"
        )
        assert response.status_code == 400 and "not valid" in response.json()["detail"]
    response = client.post("/api/v1/neighbours/residence-code", {"code": code.code}, content_type="application/json")
    assert response.status_code == 429 and "Retry-After" in response


def test_only_the_manager_creates_and_revokes_codes(client, residence, code, inhabitant):
    with pytest.raises(PermissionDenied):
        services.residence_code_create(actor=inhabitant, residence=residence)
    client.force_login(inhabitant)
    assert client.get(residence.get_absolute_url()).status_code == 403
    assert client.post(f"/voisins/codes/{code.pk}/revoquer/").status_code == 302
    code.refresh_from_db()
    assert not code.revoked


def test_manager_page_creates_a_code_and_shows_it(client, residence, landlord_user):
    client.force_login(landlord_user)
    client.post(f"/voisins/residences/{residence.pk}/codes/", {"max_uses": "3", "valid_days": "30"})
    code = ResidenceCode.objects.get(residence=residence)
    assert code.max_uses == 3
    page = client.get(residence.get_absolute_url()).content.decode()
    assert code.display in page
    response = client.post(f"/voisins/residences/{residence.pk}/codes/", {"max_uses": "zéro"}, follow=True)
    assert "Give how many people may use the code" in response.content.decode()


def test_operator_creates_a_quartier_and_others_cannot(client, operator, inhabitant, beauvais):
    client.force_login(inhabitant)
    assert client.get("/voisins/quartiers/nouveau/").status_code == 403
    client = staff_client(client, operator)
    response = client.post("/voisins/quartiers/nouveau/", {"commune": "Beauvais", "name": "Argentine"})
    assert response.status_code == 302
    assert Territory.objects.get(level=Level.QUARTIER, name="Argentine").parent == beauvais
    response = client.post("/voisins/quartiers/nouveau/", {"commune": "Beauvais", "name": "argentine"})
    assert "already has a neighbourhood with this name" in response.content.decode()
    with pytest.raises(PermissionDenied):
        services.quartier_create(operator=make_user("x@example.org"), commune=beauvais, name="Y")


def test_pages_of_the_manager_and_the_inhabitant_render(client, residence, landlord_user, inhabitant):
    client.force_login(landlord_user)
    assert residence.territory.name in client.get("/voisins/residences/").content.decode()
    client.force_login(inhabitant)
    for url in ("/voisins/", "/voisins/code/", "/voisins/annonces/nouvelle/", "/voisins/historique/"):
        assert client.get(url).status_code == 200
    assert "Enter a residence code" in client.get("/voisins/").content.decode()
    assert "/voisins/" in client.get("/").content.decode()  # the main menu


def test_the_residence_space_tells_inhabitants_how_to_join(client, residence, inhabitant):
    client.force_login(inhabitant)
    page = client.get(residence.space.get_absolute_url()).content.decode()
    assert "Enter the code from your landlord." in page and "/voisins/code/" in page
