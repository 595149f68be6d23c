"""A NUL byte anywhere a person or a client can put one (path, query string, API form, JSON body) is answered 400
with a sentence, on every page and API operation, and nothing is saved; PostgreSQL would refuse it with a 500. A
page's form answers it with the form again and the field's sentence (tests/core/test_hostile_forms.py).
Values past a column (too long, too big, too far in time) are refused before the database by every save."""

import json

import pytest
from django.core.exceptions import ValidationError

from parvis.accounts.services import api_token_create
from parvis.posts.models import Post
from parvis.spaces.models import Space
from tests.factories import jpeg

SENTENCE_FR = "caractère NUL"


@pytest.mark.parametrize(
    "url",
    [
        "/agenda/agenda.ics?categorie=%00",
        "/espaces/?nature=%00",
        "/territoires/communes/suggestions/?q=Beau%00vais",
        "/espaces/%00/",
    ],
)
def test_a_nul_byte_in_a_page_address_without_a_form_is_a_400_with_a_sentence(client, db, url):
    """A search or filter form in the query string answers with the form instead (tests/core/test_hostile_forms.py)."""
    response = client.get(url)
    assert response.status_code == 400
    assert SENTENCE_FR in response.content.decode()


def test_a_nul_byte_in_a_page_form_brings_the_form_back_with_a_sentence_and_nothing_is_saved(signed_in, spaces):
    response = signed_in.post(f"/espaces/{spaces['public'].slug}/publier/", {"body": "Bonjour\x00 à tous"}, follow=True)
    assert response.status_code == 200
    page = response.content.decode()
    assert "message--error" in page and "Le caractère nul n’est pas autorisé." in page
    assert "à tous" in page  # what was typed is still in the form
    assert not Post.objects.exists()


def test_a_nul_byte_in_a_multipart_form_field_is_refused_but_not_in_a_file(signed_in, spaces):
    from django.core.files.uploadedfile import SimpleUploadedFile

    url = f"/espaces/{spaces['public'].slug}/publier/"
    refused = signed_in.post(url, {"body": "x", "alt_texts": "a\x00b", "photos": [jpeg()]}, follow=True)
    assert "Le caractère nul n’est pas autorisé." in refused.content.decode()
    assert not Post.objects.exists()
    # An image is full of NUL bytes: files are not inspected, only the fields around them.
    binary = SimpleUploadedFile("carte.png", jpeg().read(), content_type="image/png")
    assert b"\x00" in binary.read()
    binary.seek(0)
    signed_in.post(url, {"body": "Avec une photo", "alt_texts": "La place", "photos": [binary]})
    assert Post.objects.get().body == "Avec une photo"


def test_a_nul_byte_in_an_api_form_is_a_400_with_a_sentence(client, inhabitant, spaces):
    _token, raw = api_token_create(user=inhabitant, name="t", scope="write")
    response = client.post(
        "/api/v1/posts/", {"space": spaces["public"].slug, "body": "a\x00b"}, HTTP_AUTHORIZATION=f"Bearer {raw}"
    )
    assert response.status_code == 400
    assert SENTENCE_FR in response.json()["detail"]
    assert not Post.objects.exists()


@pytest.mark.parametrize(
    "body",
    [
        '{"space": "%s", "body": "nul \\u0000 byte"}',
        '{"space": "%s", "body": "ok", "as_organisation": "\\u0000"}',
        '{"space": "%s", "body": "ok", "\\u0000": 1}',
    ],
)
def test_a_nul_byte_in_a_json_body_is_a_400_with_a_sentence(client, inhabitant, spaces, body, english):
    _token, raw = api_token_create(user=inhabitant, name="t", scope="write")
    response = client.post(
        "/api/v1/posts/",
        body % spaces["public"].slug,
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {raw}",
    )
    assert response.status_code == 400
    assert "NUL" in response.json()["detail"]
    assert not Post.objects.exists()


def test_an_escaped_backslash_before_u0000_is_ordinary_text(client, inhabitant, spaces):
    _token, raw = api_token_create(user=inhabitant, name="t", scope="write")
    body = json.dumps({"space": spaces["public"].slug, "body": "le motif \\u0000 en toutes lettres"})
    assert "\\\\u0000" in body
    response = client.post("/api/v1/posts/", body, content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert response.status_code == 201
    assert Post.objects.get().body == "le motif \\u0000 en toutes lettres"


def test_api_input_errors_are_400_with_a_sentence_in_french(client, inhabitant, spaces):
    _token, raw = api_token_create(user=inhabitant, name="t", scope="write")
    response = client.post(
        "/api/v1/spaces/",
        {"name": "x" * 500, "territory_id": 10**30},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {raw}",
    )
    assert response.status_code == 400
    detail = response.json()["detail"]
    assert isinstance(detail, str)
    assert "name : 120 caractères au plus." in detail
    assert "territory_id" in detail
    # The description says so, for clients and the fuzzer.
    operation = client.get("/api/v1/openapi.json").json()["paths"]["/api/v1/spaces/"]["post"]
    assert "400" in operation["responses"] and "422" not in operation["responses"]


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"name": "n" * 121}, "name"),
        ({"description": "d\x00"}, "description"),
    ],
)
def test_every_save_refuses_what_the_column_cannot_hold(spaces, fields, field):
    space = spaces["public"]
    for name, value in fields.items():
        setattr(space, name, value)
    with pytest.raises(ValidationError) as refused:
        space.save()
    assert field in refused.value.message_dict
    assert Space.objects.get(pk=space.pk).name == "Groupe public"  # nothing already saved is lost


def test_a_save_of_some_fields_checks_only_those(spaces):
    """A row stored before the bounds (here a name too long, written straight into the table) can still have its
    other fields saved: only the fields being written are checked."""
    space = spaces["public"]
    space.name = "n" * 200  # as loaded from such a row
    space.description = "Nouvelle description"
    space.save(update_fields=["description"])
    assert Space.objects.get(pk=space.pk).description == "Nouvelle description"
    with pytest.raises(ValidationError):
        space.save(update_fields=["name"])


def test_a_nul_byte_in_an_uploaded_file_name_is_no_500(signed_in, spaces):
    from django.core.files.uploadedfile import SimpleUploadedFile

    signed_in.raise_request_exception = False
    image = SimpleUploadedFile("la\x00place.png", jpeg().read(), content_type="image/png")
    url = f"/espaces/{spaces['public'].slug}/publier/"
    response = signed_in.post(url, {"body": "Avec une photo", "alt_texts": "La place", "photos": [image]})
    assert response.status_code < 500
