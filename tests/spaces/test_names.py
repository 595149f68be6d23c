"""A space's name, given through the page or the API, is stored without bidirectional overrides or zero-width
characters, so that nobody disguises a group as another one."""

from parvis.accounts.services import api_token_create
from parvis.spaces.models import Space

OVERRIDE = "\u202e"
ZERO_WIDTH = "\u200b"


def test_the_group_form_removes_invisible_characters_from_the_name(signed_in, beauvais):
    response = signed_in.post(
        "/espaces/nouveau/",
        {
            "name": f"Mairie{OVERRIDE} de{ZERO_WIDTH} Beauvais",
            "nature": "voisinage",
            "territory": beauvais.pk,
            "visibility": "public",
            "join_policy": "open",
        },
    )
    assert response.status_code in (200, 302)
    assert Space.objects.filter(name="Mairie de Beauvais").exists()


def test_the_api_removes_invisible_characters_from_the_name(client, inhabitant):
    _token, raw = api_token_create(user=inhabitant, name=f"script{ZERO_WIDTH}", scope="write")
    response = client.post(
        "/api/v1/spaces/",
        {"name": f"\ufeffJardins{OVERRIDE}\u2066 partagés\u2069"},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {raw}",
    )
    assert response.status_code == 201, response.content
    assert response.json()["name"] == "Jardins partagés"
    assert inhabitant.api_tokens.get().name == "script"
