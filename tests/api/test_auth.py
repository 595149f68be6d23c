import pytest

from parvis.accounts.services import api_token_create, api_token_revoke
from tests.factories import PASSWORD


def bearer(raw: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def test_me_needs_authentication(client, db):
    response = client.get("/api/v1/me")
    assert response.status_code == 401
    assert response.json()["detail"]


def test_personal_token_authenticates_and_is_shown_only_once(client, inhabitant):
    token, raw = api_token_create(user=inhabitant, name="script")
    assert raw not in token.token_hash and token.hint == raw[:8]
    response = client.get("/api/v1/me", **bearer(raw))
    assert response.status_code == 200
    body = response.json()
    assert body["email"] == inhabitant.email
    assert body["home_commune_name"] == "Beauvais"


def test_revoked_or_unknown_token_is_refused(client, inhabitant):
    token, raw = api_token_create(user=inhabitant, name="script")
    api_token_revoke(user=inhabitant, token_id=token.pk)
    assert client.get("/api/v1/me", **bearer(raw)).status_code == 401
    assert client.get("/api/v1/me", **bearer("pvs_not-a-token")).status_code == 401
    assert client.get("/api/v1/me", **bearer("x" * 5000)).status_code == 401


def test_a_person_cannot_revoke_someone_elses_token(inhabitant, outsider):
    from django.core.exceptions import ValidationError

    token, raw = api_token_create(user=inhabitant, name="script")
    with pytest.raises(ValidationError):
        api_token_revoke(user=outsider, token_id=token.pk)


def test_session_auth_works_for_reads_and_needs_csrf_for_writes(inhabitant, spaces):
    from django.test import Client

    browser = Client(enforce_csrf_checks=True)
    browser.force_login(inhabitant)
    assert browser.get("/api/v1/me").status_code == 200
    assert browser.post(f"/api/v1/spaces/{spaces['public'].slug}/join").status_code in (401, 403)


def test_token_joins_and_leaves_a_space_without_csrf(client, outsider, spaces):
    _token, raw = api_token_create(user=outsider, name="app", scope="write")
    space = spaces["public"]
    response = client.post(f"/api/v1/spaces/{space.slug}/join", **bearer(raw))
    assert response.status_code == 200
    assert response.json()["status"] == "active"
    assert space.pk in client.get("/api/v1/me", **bearer(raw)).json()["spaces"]
    assert client.post(f"/api/v1/spaces/{space.slug}/leave", **bearer(raw)).status_code == 204
    assert not space.memberships.filter(user=outsider).exists()


def test_joining_a_secret_space_by_guessing_its_address_is_a_404(client, outsider, spaces):
    _token, raw = api_token_create(user=outsider, name="app", scope="write")
    assert client.post(f"/api/v1/spaces/{spaces['secret'].slug}/join", **bearer(raw)).status_code == 404


def test_token_page_creates_and_revokes_tokens(signed_in, inhabitant):
    signed_in.post("/accounts/reauthenticate/", {"password": PASSWORD})  # creating a token asks for it
    response = signed_in.post("/profil/jetons/", {"name": "Mon agenda", "scope": "read", "days": "30"})
    page = response.content.decode()
    token = inhabitant.api_tokens.get()
    assert "pvs_" in page and token.hint in page
    signed_in.post(f"/profil/jetons/{token.pk}/revoquer/")
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert signed_in.post("/profil/jetons/", {"name": "", "scope": "read", "days": "30"}).status_code == 200
