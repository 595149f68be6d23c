"""Personal access tokens have a scope and an expiry: a read-only token never writes, an expired one is refused with
a sentence saying so, and a token is created only after the person confirmed their password (or second factor)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from parvis.accounts.models import ApiToken
from parvis.accounts.services import api_token_create
from tests.factories import PASSWORD


def bearer(raw: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def test_a_read_token_reads_but_never_writes(client, outsider, spaces):
    _token, raw = api_token_create(user=outsider, name="lecture", scope="read")
    assert client.get("/api/v1/me", **bearer(raw)).status_code == 200
    response = client.post(f"/api/v1/spaces/{spaces['public'].slug}/join", **bearer(raw))
    assert response.status_code == 403
    assert "ne fait que lire" in response.json()["detail"]
    assert not spaces["public"].memberships.filter(user=outsider).exists()
    response = client.post("/api/v1/agenda/events", {}, content_type="application/json", **bearer(raw))
    assert response.status_code == 403  # refused before the payload is even read


def test_a_write_token_writes(client, outsider, spaces):
    _token, raw = api_token_create(user=outsider, name="écriture", scope="write")
    assert client.post(f"/api/v1/spaces/{spaces['public'].slug}/join", **bearer(raw)).status_code == 200


def test_an_expired_token_is_refused_with_a_sentence_even_on_public_reads(client, inhabitant):
    token, raw = api_token_create(user=inhabitant, name="ancien", scope="write", days=7)
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    for url in ("/api/v1/me", "/api/v1/agenda/events"):
        response = client.get(url, **bearer(raw))
        assert response.status_code == 401
        assert "a expiré le" in response.json()["detail"]


def test_a_token_lasts_the_chosen_number_of_days(inhabitant):
    token, _raw = api_token_create(user=inhabitant, name="un an", days=365)
    assert timedelta(days=364) < token.expires_at - timezone.now() <= timedelta(days=365)
    assert token.scope == "read"  # what a token may do unless the person asks for more


def test_creating_a_token_asks_for_the_password_then_creates_it(client, inhabitant):
    client.force_login(inhabitant)  # signed in long ago, as far as the session knows
    form = {"name": "Mon agenda", "scope": "write", "days": "90"}
    response = client.post("/profil/jetons/", form)
    assert response.status_code == 302 and "/accounts/reauthenticate/" in response["Location"]
    assert not inhabitant.api_tokens.exists()
    response = client.post(response["Location"], {"password": "pas le bon"})
    assert response.status_code == 200 and not inhabitant.api_tokens.exists()
    response = client.post("/accounts/reauthenticate/?next=/profil/jetons/", {"password": PASSWORD}, follow=True)
    token = inhabitant.api_tokens.get()
    assert (token.name, token.scope) == ("Mon agenda", "write")
    assert "pvs_" in response.content.decode()


@pytest.mark.parametrize(
    "form",
    [
        {"name": "x", "scope": "admin", "days": "30"},
        {"name": "x", "scope": "read", "days": "3650"},
        {"name": "x", "scope": "read", "days": "trente"},
        {"name": "x"},
    ],
)
def test_bad_scope_or_duration_gets_a_message_and_no_token(client, inhabitant, form):
    client.force_login(inhabitant)
    client.post("/accounts/reauthenticate/", {"password": PASSWORD})
    response = client.post("/profil/jetons/", form)
    assert response.status_code == 200
    assert 'class="error"' in response.content.decode()
    assert not inhabitant.api_tokens.exists()


def test_the_service_refuses_an_unknown_scope_or_duration(inhabitant):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        api_token_create(user=inhabitant, name="x", scope="root")
    with pytest.raises(ValidationError):
        api_token_create(user=inhabitant, name="x", days=10_000)
