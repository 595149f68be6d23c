"""Organisation pages: identifiers checked as typed, verified by the operator with a log, never the official badge."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from parvis.core.audit import AuditEntry
from parvis.spaces.identifiers import normalise_rna, normalise_siret
from parvis.spaces.models import Nature, OrganisationKind, Role, Space, SpaceLogAction
from parvis.spaces.services.organisations import organisation_request, organisation_verify
from tests.conftest import give_operator_role, staff_client


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("732 829 320", "732829320"),
        ("732.829.320.00074", "73282932000074"),
        ("", ""),
        ("35600000000048", "35600000000048"),
    ],
)
def test_valid_siren_and_siret(typed, expected):
    assert normalise_siret(typed) == expected


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("73282932000075", "check digit is wrong"),
        ("732829321", "check digit is wrong"),
        ("12345", "9 digits and a SIRET number 14; this one has 5"),
        ("7328293200007", "this one has 13"),
        ("73282932A", "digits only"),
    ],
)
def test_invalid_siret_says_what_is_wrong(typed, message):
    with pytest.raises(ValidationError, match=message):
        normalise_siret(typed)


@pytest.mark.parametrize("typed", ["W601234567", "w 601 234 567", "W2A1234567"])
def test_valid_rna(typed):
    assert normalise_rna(typed).startswith("W")


@pytest.mark.parametrize("typed", ["W60123456", "601234567", "W6012345678", "X601234567"])
def test_invalid_rna_says_the_format(typed):
    with pytest.raises(ValidationError, match="letter W followed by 9 digits"):
        normalise_rna(typed)


def test_an_organisation_request_opens_an_unverified_page_owned_by_the_requester(inhabitant, beauvais):
    space = organisation_request(
        requester=inhabitant,
        name="Boulangerie du Beffroi",
        kind=OrganisationKind.SHOP,
        commune=beauvais,
        siret="732 829 320 00074",
    )
    assert (space.nature, space.is_verified, space.siret, space.visibility) == (
        Nature.COMMERCIAL,
        False,
        "73282932000074",
        "public",
    )
    assert space.memberships.get(user=inhabitant).role == Role.OWNER


def test_an_association_gives_its_rna(inhabitant, beauvais):
    space = organisation_request(
        requester=inhabitant,
        name="Les Amis du Théâtre",
        kind=OrganisationKind.ASSOCIATION,
        commune=beauvais,
        rna="W601234567",
    )
    assert space.nature == Nature.ASSOCIATIF and space.rna == "W601234567"


def test_a_request_without_identifier_or_with_a_bad_one_is_refused_with_messages(inhabitant, beauvais):
    with pytest.raises(ValidationError) as error:
        organisation_request(requester=inhabitant, name="Épicerie", kind=OrganisationKind.SHOP, commune=beauvais)
    assert "SIREN or SIRET" in error.value.message_dict["siret"][0]
    with pytest.raises(ValidationError) as error:
        organisation_request(
            requester=inhabitant, name="Épicerie", kind=OrganisationKind.SHOP, commune=beauvais, rna="W601234567"
        )
    assert "Only associations have an RNA number" in error.value.message_dict["rna"][0]


def test_only_the_operator_opens_a_town_hall_page(inhabitant, beauvais):
    with pytest.raises(PermissionDenied):
        organisation_request(
            requester=inhabitant,
            name="Mairie de Beauvais",
            kind=OrganisationKind.TOWN_HALL,
            commune=beauvais,
            siret="732829320",
        )


def test_the_page_form_shows_the_identifier_errors_next_to_the_fields(signed_in):
    response = signed_in.post(
        "/espaces/organisation/nouvelle/",
        {"name": "Librairie", "kind": "shop", "commune": "Beauvais (60057)", "siret": "73282932000075"},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "check digit is wrong" in page and "Some fields need your attention" in page
    assert not Space.objects.filter(name="Librairie").exists()
    response = signed_in.post(
        "/espaces/organisation/nouvelle/",
        {"name": "Librairie", "kind": "shop", "commune": "Beauvais (60057)", "siret": "73282932000074"},
    )
    space = Space.objects.get(name="Librairie")
    assert response.status_code == 302
    assert "Organisation not verified yet" in signed_in.get(space.get_absolute_url()).content.decode()


def test_verification_by_the_operator_sets_the_badge_and_writes_a_log(client, inhabitant, outsider, beauvais):
    space = organisation_request(
        requester=inhabitant,
        name="Cinéma Agnès Varda",
        kind=OrganisationKind.CULTURAL_VENUE,
        commune=beauvais,
        siret="732829320",
    )
    with pytest.raises(PermissionDenied):
        organisation_verify(operator=inhabitant, space=space)
    outsider.is_staff = True
    give_operator_role(outsider)
    outsider.save()
    organisation_verify(operator=outsider, space=space, reason="Kbis reçu")
    space.refresh_from_db()
    assert space.is_verified
    entry = AuditEntry.objects.get(space_id=space.pk, verb=SpaceLogAction.VERIFIED)
    assert (entry.actor, entry.reason, entry.details["detail"]) == (outsider, "Kbis reçu", "732829320")
    assert (entry.kind, entry.object_id) == ("spaces.space", space.pk)
    page = client.get(space.get_absolute_url()).content.decode()
    assert "Verified organisation" in page and "Official space" not in page


def test_the_admin_action_verifies_and_logs(client, inhabitant, beauvais):
    from django.contrib.auth import get_user_model

    space = organisation_request(
        requester=inhabitant,
        name="Le Quadrilatère",
        kind=OrganisationKind.CULTURAL_VENUE,
        commune=beauvais,
        rna="W601234567",
    )
    from allauth.mfa.models import Authenticator
    from allauth.mfa.utils import encrypt

    operator = get_user_model().objects.create_superuser(email="operateur@example.org", password="x-long-password")
    # Staff reach the administration with a second factor only.
    Authenticator.objects.create(
        user=operator, type=Authenticator.Type.TOTP, data={"secret": encrypt("JBSWY3DPEHPK3PXP")}
    )
    staff_client(client, operator, password="x-long-password")
    response = client.post("/admin/spaces/space/", {"action": "verify_organisations", "_selected_action": [space.pk]})
    assert response.status_code in (200, 302)
    space.refresh_from_db()
    assert space.is_verified
    assert AuditEntry.objects.filter(space_id=space.pk, actor=operator, verb=SpaceLogAction.VERIFIED).exists()


def test_official_space_and_verified_town_hall_page_show_different_badges(client, beauvais, outsider):
    outsider.is_staff = True
    give_operator_role(outsider)
    outsider.save()
    from allauth.account.models import EmailAddress

    assert EmailAddress.objects.filter(user=outsider, verified=True).exists()
    official = Space.objects.get(territory=beauvais, is_official=True)
    town_hall = organisation_request(
        requester=outsider,
        name="Mairie de Beauvais — services",
        kind=OrganisationKind.TOWN_HALL,
        commune=beauvais,
        siret="732829320",
    )
    organisation_verify(operator=outsider, space=town_hall)
    official_page = client.get(official.get_absolute_url()).content.decode()
    town_hall_page = client.get(town_hall.get_absolute_url()).content.decode()
    assert "badge--official" in official_page
    assert "badge--official" not in town_hall_page and "badge--verified" in town_hall_page
    with pytest.raises(ValidationError):
        organisation_verify(operator=outsider, space=official)


def test_renaming_a_verified_page_withdraws_its_badge(inhabitant, outsider, beauvais):
    from parvis.spaces.services.spaces import space_update

    space = organisation_request(
        requester=inhabitant, name="Boulangerie", kind=OrganisationKind.SHOP, commune=beauvais, siret="732829320"
    )
    outsider.is_staff = True
    give_operator_role(outsider)
    outsider.save()
    organisation_verify(operator=outsider, space=space)
    space = space_update(
        actor=inhabitant,
        space=space,
        name="Mairie de Beauvais",
        description="",
        visibility="public",
        join_policy="invitation",
    )
    assert not space.is_verified


def test_the_request_page_offers_the_home_commune_and_hides_the_town_hall(signed_in):
    page = signed_in.get("/espaces/organisation/nouvelle/").content.decode()
    assert "Beauvais (60057)" in page
    assert 'value="town_hall"' not in page


@pytest.fixture
def verified_bakery(inhabitant, beauvais, operator):
    page = organisation_request(
        requester=inhabitant,
        name="Boulangerie du Beffroi",
        kind=OrganisationKind.SHOP,
        commune=beauvais,
        siret="73282932000074",
    )
    return organisation_verify(operator=operator, space=page)


# The same establishment, or the company's bare SIREN, which covers all its establishments.
@pytest.mark.parametrize("siret", ["73282932000074", "732 829 320 00074", "732 829 320"])
def test_a_verified_siret_cannot_be_claimed_by_another_page(verified_bakery, outsider, beauvais, siret):
    with pytest.raises(ValidationError) as refused:
        organisation_request(
            requester=outsider,
            name="Boulangerie du Beffroi",
            kind=OrganisationKind.SHOP,
            commune=beauvais,
            siret=siret,
        )
    assert "Boulangerie du Beffroi" in refused.value.message_dict["siret"][0]
    assert Space.objects.filter(organisation_kind=OrganisationKind.SHOP).count() == 1


def test_a_verified_rna_cannot_be_claimed_by_another_page(inhabitant, outsider, beauvais, operator):
    club = organisation_request(
        requester=inhabitant,
        name="Club de judo",
        kind=OrganisationKind.ASSOCIATION,
        commune=beauvais,
        rna="W601234567",
    )
    organisation_verify(operator=operator, space=club)
    with pytest.raises(ValidationError) as refused:
        organisation_request(
            requester=outsider,
            name="Judo club",
            kind=OrganisationKind.ASSOCIATION,
            commune=beauvais,
            rna="w 601 234 567",
        )
    assert "Club de judo" in refused.value.message_dict["rna"][0]


def test_the_request_form_says_the_number_is_taken_and_keeps_what_was_typed(client, verified_bakery, outsider):
    client.force_login(outsider)
    response = client.post(
        "/espaces/organisation/nouvelle/",
        {"name": "Ma boulangerie", "kind": "shop", "commune": "Beauvais (60057)", "siret": "73282932000074"},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Ma boulangerie" in page and "Boulangerie du Beffroi" in page
    assert not Space.objects.filter(name="Ma boulangerie").exists()


def test_the_operator_verifies_one_page_per_number(inhabitant, outsider, beauvais, operator):
    first = organisation_request(
        requester=inhabitant, name="Épicerie", kind=OrganisationKind.SHOP, commune=beauvais, siret="552100554"
    )
    second = organisation_request(
        requester=outsider, name="Épicerie bis", kind=OrganisationKind.SHOP, commune=beauvais, siret="55210055400013"
    )
    organisation_verify(operator=operator, space=first)
    with pytest.raises(ValidationError, match="Épicerie is already verified"):
        organisation_verify(operator=operator, space=second)
    second.refresh_from_db()
    assert not second.is_verified


def test_a_number_held_by_an_unverified_page_can_still_be_requested(inhabitant, outsider, beauvais):
    organisation_request(
        requester=inhabitant, name="Fleuriste", kind=OrganisationKind.SHOP, commune=beauvais, siret="542051180"
    )
    organisation_request(
        requester=outsider, name="Fleuriste du marché", kind=OrganisationKind.SHOP, commune=beauvais, siret="542051180"
    )
    assert Space.objects.filter(siret="542051180").count() == 2


def test_another_establishment_of_a_verified_company_may_ask_for_its_page(verified_bakery, outsider, beauvais):
    branch = organisation_request(
        requester=outsider,
        name="Boulangerie, gare",
        kind=OrganisationKind.SHOP,
        commune=beauvais,
        siret="73282932000082",
    )
    assert not branch.is_verified


def test_a_verified_page_made_secret_is_not_named_to_a_claimant(verified_bakery, outsider, beauvais):
    Space.objects.filter(pk=verified_bakery.pk).update(visibility="secret")
    with pytest.raises(ValidationError) as refused:
        organisation_request(
            requester=outsider, name="Copie", kind=OrganisationKind.SHOP, commune=beauvais, siret="73282932000074"
        )
    message = refused.value.message_dict["siret"][0]
    assert "verified organisation" in message and "Beffroi" not in message
