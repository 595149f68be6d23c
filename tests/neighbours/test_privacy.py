"""Where someone lives is for the members of their residence: a residence's street address and a person's membership
of its space are shown to nobody else (pages and API). A quartier's listings reach its verified residents, not
whoever declares the quartier in their profile."""

import pytest

from parvis.messaging.services import block_create
from parvis.neighbours import services
from parvis.neighbours.models import Listing
from parvis.spaces.services.memberships import space_leave
from tests.factories import make_user

SECRET_ADDRESS = "7 allée SECRET-RUE, 60000 Beauvais"
SECRET_NAME = "Résidence SECRET-NOM"


@pytest.fixture
def home(landlord, landlord_user, beauvais):
    return services.residence_create(
        actor=landlord_user,
        manager=landlord,
        parent=beauvais,
        name=SECRET_NAME,
        address=SECRET_ADDRESS,
        homes=12,
    )


@pytest.fixture
def residents_of_home(home, landlord_user, inhabitant, neighbour):
    code = services.residence_code_create(actor=landlord_user, residence=home, max_uses=10)
    for person in (inhabitant, neighbour):
        services.residence_code_redeem(user=person, code=code.code)
        person.refresh_from_db()
    inhabitant.profile_visibility = "everyone"  # anyone may open her profile: only where she lives is private
    inhabitant.save()
    return inhabitant, neighbour, code


def _others(inhabitant, home, code, beauvais, outsider):
    """Anonymous, someone of another commune, someone of the same commune, a former resident, a blocked person."""
    former = make_user("ancien-locataire@example.org", display_name="Ancien", home_commune=beauvais)
    services.residence_code_redeem(user=former, code=code.code)
    space_leave(space=home.space, user=former)
    blocked = make_user("bloque@example.org", display_name="Bloqué", home_commune=beauvais)
    block_create(blocker=inhabitant, blocked=blocked)
    same_commune = make_user("voisine-de-rue@example.org", display_name="Alix", home_commune=beauvais)
    return {
        "anonymous": None,
        "outsider": outsider,
        "same commune": same_commune,
        "former member": former,
        "blocked": blocked,
    }


def test_where_someone_lives_is_shown_only_to_members_of_their_residence(
    client, residents_of_home, home, beauvais, outsider
):
    inhabitant, neighbour, code = residents_of_home
    space = home.space
    for who, person in _others(inhabitant, home, code, beauvais, outsider).items():
        client.logout()
        if person is not None:
            client.force_login(person)
        profile = client.get(inhabitant.get_absolute_url())
        assert profile.status_code == 200, who
        assert "SECRET-NOM" not in profile.content.decode(), who
        for path in (
            space.get_absolute_url(),
            f"/api/v1/spaces/{space.slug}",
            f"/api/v1/spaces/?territory_id={home.territory_id}",
            "/recherche/?q=allée",
            "/api/v1/search?q=allée",
            "/recherche/?q=SECRET-NOM",
            "/api/v1/search?q=SECRET-NOM",
            f"/territoires/residence/{home.territory.slug}/",
        ):
            response = client.get(path)
            assert response.status_code in (200, 404), (who, path)
            assert "SECRET-RUE" not in response.content.decode(), (who, path)

    # A fellow resident sees where she lives.
    client.force_login(neighbour)
    assert "SECRET-NOM" in client.get(inhabitant.get_absolute_url()).content.decode()
    # And she sees it on her own profile.
    client.force_login(inhabitant)
    assert "SECRET-NOM" in client.get(inhabitant.get_absolute_url()).content.decode()


@pytest.fixture
def quartier_home(operator, beauvais, landlord, landlord_user):
    quartier = services.quartier_create(operator=operator, commune=beauvais, name="Saint-Jean")
    home = services.residence_create(
        actor=landlord_user,
        manager=landlord,
        parent=quartier,
        name="Résidence des Lilas",
        address="1 rue des Lilas, 60000 Beauvais",
        homes=30,
    )
    return quartier, home


def test_declaring_a_quartier_does_not_open_its_listings(
    client, quartier_home, residence, landlord_user, inhabitant, beauvais
):
    quartier, home = quartier_home
    code = services.residence_code_create(actor=landlord_user, residence=home, max_uses=10)
    services.residence_code_redeem(user=inhabitant, code=code.code)
    inhabitant.refresh_from_db()
    listing = services.listing_create(
        author=inhabitant,
        direction="offer",
        kind="childcare",
        scope="quartier",
        title="Garde d'enfants SECRET-GARDE",
        description="Je suis seule à la maison le mercredi.",
        availability="",
    )
    assert listing.territory == quartier

    declarer = make_user("declare@example.org", display_name="Déclarant", home_commune=beauvais, quartier=quartier)
    verified = make_user("verifie@example.org", display_name="Vérifié", home_commune=beauvais)
    services.residence_code_redeem(user=verified, code=code.code)
    blocked = make_user("bloque2@example.org", display_name="Bloqué", home_commune=beauvais, quartier=quartier)
    block_create(blocker=inhabitant, blocked=blocked)
    # A former resident of the quartier, who moved to a residence elsewhere in the commune.
    former = make_user("demenage@example.org", display_name="Déménagé", home_commune=beauvais)
    services.residence_code_redeem(user=former, code=code.code)
    elsewhere = services.residence_code_create(actor=landlord_user, residence=residence, max_uses=1)
    services.residence_code_redeem(user=former, code=elsewhere.code)
    former.quartier = quartier  # and who still declares the old quartier
    former.save()
    others = {"anonymous": None, "declarer": declarer, "blocked declarer": blocked, "former resident": former}
    for who, person in others.items():
        client.logout()
        if person is not None:
            client.force_login(person)
        assert "SECRET-GARDE" not in client.get("/voisins/").content.decode(), who
        assert client.get(listing.get_absolute_url()).status_code in (302, 404), who
        if person is not None:
            assert client.get(f"/api/v1/neighbours/listings/{listing.pk}").status_code == 404, who
            assert "SECRET-GARDE" not in client.get("/api/v1/neighbours/listings").content.decode(), who
            assert not Listing.objects.visible_to(person).filter(pk=listing.pk).exists(), who

    client.force_login(verified)
    assert "SECRET-GARDE" in client.get("/voisins/").content.decode()
    assert client.get(f"/api/v1/neighbours/listings/{listing.pk}").status_code == 200


def test_a_declared_quartier_is_labelled_as_declared(client, quartier_home, beauvais):
    quartier, _home = quartier_home
    person = make_user("profil@example.org", display_name="Profil", home_commune=beauvais, quartier=quartier)
    client.force_login(person)
    page = client.get("/profil/").content.decode()
    assert "Neighbourhood (declared)" in page and "not checked" in page
    form = client.get("/voisins/annonces/nouvelle/").content.decode()
    assert "Residence and neighbourhood: only verified residents" in form


@pytest.mark.parametrize("how", ["left", "removed"])
def test_leaving_the_residence_ends_the_verification_and_its_listings_reach(
    client, residence, residents, landlord_user, how
):
    """Leaving the residence's space (or being removed from it by the manager: someone who moved out) ends the
    verified residence: its listings no longer reach the person, and their profile no longer names it."""
    from parvis.neighbours.models import ResidentVerification
    from parvis.spaces.models import Membership
    from parvis.spaces.services.memberships import membership_remove

    inhabitant, neighbour = residents
    listing = services.listing_create(
        author=inhabitant, direction="offer", kind="loan", scope="residence", title="Escabeau SECRET-ESCABEAU"
    )
    assert Listing.objects.visible_to(neighbour).filter(pk=listing.pk).exists()
    if how == "left":
        space_leave(space=residence.space, user=neighbour)
    else:
        membership = Membership.objects.get(space=residence.space, user=neighbour)
        membership_remove(actor=landlord_user, space=residence.space, membership=membership)
    neighbour.refresh_from_db()
    assert not ResidentVerification.objects.filter(user=neighbour).exists()
    assert neighbour.residence is None
    assert not Listing.objects.visible_to(neighbour).filter(pk=listing.pk).exists()
    client.force_login(neighbour)
    assert "SECRET-ESCABEAU" not in client.get("/voisins/").content.decode()
    assert client.get(listing.get_absolute_url()).status_code in (302, 404)
    assert "SECRET-ESCABEAU" not in client.get("/api/v1/neighbours/listings").content.decode()
    assert Listing.objects.visible_to(inhabitant).filter(pk=listing.pk).exists()  # the residents still read it
