"""Any inhabitant with a verified e-mail address creates a group in their commune."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from parvis.core.audit import AuditEntry
from parvis.spaces.models import Membership, Nature, Role, Space, SpaceLogAction
from parvis.spaces.services import spaces as spaces_services
from parvis.spaces.services.spaces import space_create
from parvis.territories.services import quartier_create
from tests.factories import make_user


def test_unverified_person_cannot_create_a_group(beauvais):
    person = make_user("pas-verifie@example.org", verified=False, home_commune=beauvais)
    with pytest.raises(PermissionDenied, match="Confirm your e-mail address"):
        space_create(creator=person, name="Jardin partagé", nature=Nature.VOISINAGE, territory=beauvais)
    assert not Space.objects.filter(name="Jardin partagé").exists()


def test_unverified_person_sees_why_on_the_page(client, beauvais):
    person = make_user("pas-verifie@example.org", verified=False, home_commune=beauvais)
    client.force_login(person)
    response = client.post(
        "/espaces/nouveau/",
        {
            "name": "Jardin",
            "nature": "voisinage",
            "territory": beauvais.pk,
            "visibility": "public",
            "join_policy": "open",
        },
    )
    assert response.status_code == 200
    assert "Confirm your e-mail address" in response.content.decode()


def test_group_creation_from_the_page(client, signed_in, inhabitant, beauvais):
    page = signed_in.get("/espaces/nouveau/")
    assert page.status_code == 200
    assert f'value="{beauvais.pk}" selected' in page.content.decode()  # the home commune by default
    response = signed_in.post(
        "/espaces/nouveau/",
        {
            "name": "Les jardiniers du quartier",
            "description": "Graines et outils",
            "nature": "associatif",
            "territory": beauvais.pk,
            "visibility": "members",
            "join_policy": "request",
        },
    )
    space = Space.objects.get(name="Les jardiniers du quartier")
    assert response.status_code == 302 and response.url == space.get_absolute_url()
    assert (space.nature, space.visibility, space.join_policy) == ("associatif", "members", "request")
    assert Membership.objects.get(space=space, user=inhabitant).role == Role.OWNER
    assert AuditEntry.objects.filter(space_id=space.pk, actor=inhabitant, verb=SpaceLogAction.CREATED).exists()


def test_the_form_refuses_a_territory_outside_the_home_commune(signed_in, compiegne):
    response = signed_in.post(
        "/espaces/nouveau/",
        {
            "name": "Ailleurs",
            "nature": "voisinage",
            "territory": compiegne.pk,
            "visibility": "public",
            "join_policy": "open",
        },
    )
    assert response.status_code == 200
    assert not Space.objects.filter(name="Ailleurs").exists()


def test_the_service_refuses_a_territory_outside_the_home_commune(inhabitant, compiegne):
    with pytest.raises(ValidationError) as error:
        space_create(creator=inhabitant, name="Ailleurs", nature=Nature.VOISINAGE, territory=compiegne)
    assert "territory" in error.value.message_dict


def test_a_group_may_belong_to_a_quartier_of_the_home_commune(inhabitant, beauvais):
    quartier = quartier_create(commune=beauvais, name="Saint-Jean")
    space = space_create(creator=inhabitant, name="Saint-Jean solidaire", nature=Nature.VOISINAGE, territory=quartier)
    assert space.territory == quartier


def test_no_more_than_the_daily_limit(inhabitant, beauvais, monkeypatch):
    monkeypatch.setattr(spaces_services, "SPACES_PER_DAY", 2)
    for number in range(2):
        space_create(creator=inhabitant, name=f"Groupe {number}", nature=Nature.VOISINAGE, territory=beauvais)
    with pytest.raises(ValidationError, match="come back tomorrow"):
        space_create(creator=inhabitant, name="Un de trop", nature=Nature.VOISINAGE, territory=beauvais)


def test_a_space_never_takes_the_address_of_a_page(inhabitant, beauvais):
    space = space_create(creator=inhabitant, name="Nouveau", nature=Nature.VOISINAGE, territory=beauvais)
    assert space.slug != "nouveau"
    assert Space.objects.filter(slug=space.slug).exists()


def test_create_links_on_the_spaces_list_and_the_home_feed(signed_in):
    assert "/espaces/nouveau/" in signed_in.get("/espaces/").content.decode()
    assert "/espaces/nouveau/" in signed_in.get("/fil/").content.decode()


def test_an_anonymous_visitor_is_sent_to_sign_in(client):
    assert client.get("/espaces/nouveau/").status_code == 302
