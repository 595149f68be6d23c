"""The API's anonymous reads are kept like the pages visitors see (parvis/core/pagecache.py): the same answer for
every visitor, served again without a query of its own and answered 304 when the client has it, until anything is
written. A request with a token is somebody's: it is never served the visitor's copy, nor kept for visitors."""

import pytest

from parvis.accounts.services import api_token_create
from parvis.posts.services import post_create
from parvis.spaces.models import Visibility


@pytest.fixture(autouse=True)
def _answers_kept(settings):
    settings.PARVIS_VISITOR_PAGE_SECONDS = 30


def bearer(raw: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def test_a_visitors_read_is_served_again_without_its_queries_and_304_when_unchanged(
    client, inhabitant, spaces, django_assert_max_num_queries
):
    post = post_create(author=inhabitant, space=spaces[Visibility.PUBLIC], body="Marché de Noël samedi")
    first = client.get(f"/api/v1/posts/{post.pk}")
    assert first.status_code == 200 and "Marché de Noël" in first.json()["body"]
    with django_assert_max_num_queries(1):  # the generation, read in the cache table
        again = client.get(f"/api/v1/posts/{post.pk}")
    assert again.content == first.content and again["Content-Type"] == first["Content-Type"]
    assert client.get(f"/api/v1/posts/{post.pk}", headers={"if-none-match": again["ETag"]}).status_code == 304


def test_a_token_holders_read_is_never_the_visitors_copy_nor_kept_for_visitors(client, inhabitant, neighbour, spaces):
    club = spaces[Visibility.MEMBERS]
    secret = post_create(author=inhabitant, space=club, body="Code du portail : 4512")
    _token, raw = api_token_create(user=inhabitant, name="lecture", scope="read")
    path = f"/api/v1/posts/{secret.pk}"
    assert client.get(path).status_code == 404  # a visitor does not read it (and a 404 is not kept)
    mine = client.get(path, **bearer(raw))
    assert mine.status_code == 200 and "4512" in mine.json()["body"]
    assert client.get(path).status_code == 404  # the member's answer was not kept for visitors
    # A public read kept for visitors, then asked with a token: answered for the token's holder.
    public = post_create(author=inhabitant, space=spaces[Visibility.PUBLIC], body="Vide-grenier dimanche")
    client.get(f"/api/v1/posts/{public.pk}")
    with_token = client.get(f"/api/v1/posts/{public.pk}", **bearer(raw))
    assert with_token.status_code == 200 and not with_token.has_header("ETag")


def test_a_write_through_the_api_forgets_the_kept_answers(client, inhabitant, spaces):
    space = spaces[Visibility.PUBLIC]
    before = client.get("/api/v1/spaces/").json()
    _token, raw = api_token_create(user=inhabitant, name="écriture", scope="write")
    created = client.post(
        "/api/v1/spaces/",
        {"name": "Atelier vélo du quartier", "nature": space.nature, "territory_id": space.territory_id},
        content_type="application/json",
        **bearer(raw),
    )
    assert created.status_code in (200, 201), created.content
    after = client.get("/api/v1/spaces/").json()
    assert after != before
