import pytest
from django.core.exceptions import ValidationError

from parvis.core.audit import AuditEntry
from parvis.posts.services import post_create
from parvis.spaces.models import Follow, Role, Space, SpaceLogAction
from parvis.spaces.services.memberships import space_join
from parvis.spaces.services.spaces import space_follow, space_update
from tests.factories import add_member


def test_admins_change_the_settings_and_it_is_logged(client, spaces, inhabitant):
    space = spaces["public"]
    client.force_login(inhabitant)
    assert client.get(f"/espaces/{space.slug}/parametres/").status_code == 200
    response = client.post(
        f"/espaces/{space.slug}/parametres/",
        {"name": "Nouveau nom", "description": "Ici", "visibility": "members", "join_policy": "request"},
    )
    assert response.status_code == 302
    space.refresh_from_db()
    assert (space.name, space.visibility, space.join_policy) == ("Nouveau nom", "members", "request")
    assert AuditEntry.objects.filter(space_id=space.pk, verb=SpaceLogAction.SETTINGS_CHANGED).exists()


def test_bad_settings_get_a_message_not_a_500(client, spaces, inhabitant):
    client.force_login(inhabitant)
    response = client.post(
        f"/espaces/{spaces['public'].slug}/parametres/", {"name": "", "visibility": "nope", "join_policy": "open"}
    )
    assert response.status_code == 200
    assert "Some fields need your attention" in response.content.decode()


def test_an_official_space_stays_public(beauvais, inhabitant):
    official = Space.objects.get(territory=beauvais, is_official=True)
    add_member(official, inhabitant, Role.ADMIN)
    with pytest.raises(ValidationError) as error:
        space_update(
            actor=inhabitant,
            space=official,
            name=official.name,
            description="",
            visibility="secret",
            join_policy="open",
        )
    assert "visibility" in error.value.message_dict
    space_update(
        actor=inhabitant,
        space=official,
        name=official.name,
        description="Mairie",
        visibility="public",
        join_policy="open",
    )


def test_follow_and_unfollow_a_public_space(client, spaces, inhabitant, outsider):
    space = spaces["public"]
    post_create(author=inhabitant, space=space, body="Vide-grenier dimanche")
    client.force_login(outsider)
    assert "Vide-grenier" not in client.get("/fil/").content.decode()
    page = client.get(space.get_absolute_url()).content.decode()
    assert f"/espaces/{space.slug}/suivre/" in page
    client.post(f"/espaces/{space.slug}/suivre/")
    assert Follow.objects.filter(user=outsider, space=space).exists()
    assert "Vide-grenier" in client.get("/fil/").content.decode()
    assert "Stop following" in client.get(space.get_absolute_url()).content.decode()
    client.post(f"/espaces/{space.slug}/ne-plus-suivre/")
    assert not Follow.objects.filter(user=outsider, space=space).exists()
    assert "Vide-grenier" not in client.get("/fil/").content.decode()


def test_a_members_only_space_cannot_be_followed(client, spaces, outsider):
    with pytest.raises(ValidationError):
        space_follow(user=outsider, space=spaces["members"])
    client.force_login(outsider)
    response = client.post(f"/espaces/{spaces['members'].slug}/suivre/", follow=True)
    assert "Only a public space can be followed" in response.content.decode()


def test_api_create_group_members_approve_invite_follow(client, spaces, inhabitant, outsider, neighbour):
    client.force_login(inhabitant)
    created = client.post(
        "/api/v1/spaces/", {"name": "Voisins du Jeu de Paume", "visibility": "members"}, content_type="application/json"
    )
    assert created.status_code == 201, created.content
    assert created.json()["territory_name"] == "Beauvais"
    bad = client.post(
        "/api/v1/spaces/", {"name": "Mairie bis", "nature": "institutionnel"}, content_type="application/json"
    )
    assert bad.status_code == 403
    assert client.post("/api/v1/spaces/", {"name": " "}, content_type="application/json").status_code == 400
    assert (
        client.post("/api/v1/spaces/", {"name": "x", "territory_id": 0}, content_type="application/json").status_code
        == 404
    )

    space = spaces["members"]
    request = space_join(space=space, user=outsider)
    pending = client.get(f"/api/v1/spaces/{space.slug}/members?status=requested").json()["items"]
    assert [m["id"] for m in pending] == [request.pk]
    assert client.post(f"/api/v1/spaces/{space.slug}/members/{request.pk}/approve").json()["status"] == "active"

    neighbour.handle = "dominique"
    neighbour.save()
    invited = client.post(
        f"/api/v1/spaces/{space.slug}/invitations", {"handle": "@dominique"}, content_type="application/json"
    )
    assert invited.status_code == 201 and invited.json()["status"] == "invited"
    unknown = client.post(
        f"/api/v1/spaces/{space.slug}/invitations", {"handle": "nobody"}, content_type="application/json"
    )
    assert unknown.status_code == 400 and "Nobody has the handle" in unknown.json()["detail"]

    client.force_login(outsider)  # now a plain member: reads the list, manages nothing
    names = {m["name"] for m in client.get(f"/api/v1/spaces/{space.slug}/members").json()["items"]}
    assert names == {"Camille", "Sacha"}
    assert client.get(f"/api/v1/spaces/{space.slug}/members?status=requested").status_code == 403
    assert client.post(f"/api/v1/spaces/{space.slug}/members/{request.pk}/refuse").status_code == 403
    assert client.get(f"/api/v1/spaces/{spaces['secret'].slug}/members").status_code == 404

    assert client.post(f"/api/v1/spaces/{spaces['public'].slug}/follow").json() == {
        "space_id": spaces["public"].pk,
        "following": True,
    }
    assert client.post(f"/api/v1/spaces/{space.slug}/follow").status_code == 400
    assert client.post(f"/api/v1/spaces/{spaces['public'].slug}/unfollow").json()["following"] is False
    client.logout()
    assert client.post(f"/api/v1/spaces/{spaces['public'].slug}/follow").status_code == 401
