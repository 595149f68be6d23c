"""Signing in through an OpenID Connect provider: the local test provider runs in its own process
(tests/oidc_provider.py); Parvis talks to it over HTTP as it would to FranceConnect."""

from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from allauth.socialaccount.models import SocialAccount
from django.test import Client

from parvis.accounts.models import User, Verification
from parvis.core.identity_providers import allauth_providers
from tests.factories import make_user
from tests.oidc import local_provider


@pytest.fixture(scope="module")
def provider():
    with local_provider() as running:
        yield running


def configure(settings, provider, **extra):
    settings.PARVIS_OIDC_PROVIDERS = [provider.config(**extra)]
    settings.SOCIALACCOUNT_PROVIDERS = allauth_providers(settings.PARVIS_OIDC_PROVIDERS)


def sign_in_through(client: Client, provider, *, tamper_state: bool = False, tamper_nonce: bool = False):
    """Press the button, let the provider consent, come back: the answer of Parvis's callback."""
    start = client.post("/accounts/oidc/franceconnect/login/")
    assert start.status_code == 302
    authorize = start.headers["Location"]
    assert authorize.startswith(provider.url + "/authorize")
    query = parse_qs(urlsplit(authorize).query)
    assert query["code_challenge_method"] == ["S256"]
    assert len(query["nonce"][0]) >= 32  # FranceConnect refuses a request without one
    if tamper_nonce:
        # The provider signs a token for another request than this browser's (a token replayed from elsewhere).
        authorize = authorize.replace(query["nonce"][0], "a-nonce-parvis-never-gave")
    back = requests.get(authorize, allow_redirects=False, timeout=30)
    assert back.status_code == 302
    callback = urlsplit(back.headers["Location"])
    params = {name: values[0] for name, values in parse_qs(callback.query).items()}
    if tamper_state:
        params["state"] = "not-the-state-parvis-gave"
    return client.get(callback.path, params)


@pytest.mark.django_db
def test_sign_in_page_shows_the_providers_button(client, settings, provider):
    configure(settings, provider)
    page = client.get("/accounts/login/").content.decode()
    assert "FranceConnect" in page
    assert 'action="/accounts/oidc/franceconnect/login/?process=login"' in page


@pytest.mark.django_db
def test_a_newcomer_signs_up_through_the_provider_and_is_verified_by_it(client, settings, provider, beauvais):
    configure(settings, provider)
    provider.next_person(sub="fc-new", email="nina.petit@example.org", email_verified=True, name="Nina Petit")
    response = sign_in_through(client, provider)
    # The sign-up form, once: name, commune, charter; the address comes from the provider.
    assert response.status_code == 302
    assert response.headers["Location"] == "/accounts/3rdparty/signup/"
    form = client.get("/accounts/3rdparty/signup/").content.decode()
    assert "nina.petit@example.org" in form
    response = client.post(
        "/accounts/3rdparty/signup/",
        {"email": "nina.petit@example.org", "display_name": "Nina Petit", "accept_charter": "on"},
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    person = User.objects.get(email="nina.petit@example.org")
    assert person.charter_accepted_at is not None
    assert SocialAccount.objects.filter(user=person, uid="fc-new").exists()
    verification = Verification.objects.get(user=person)
    assert (verification.level, verification.verifier_label) == ("identity", "FranceConnect")
    page = client.get("/profil/").content.decode()
    assert "FranceConnect" in page


@pytest.mark.django_db
def test_a_trusted_provider_with_a_verified_address_signs_in_to_the_existing_account(client, settings, provider):
    configure(settings, provider, trusted_email=True)
    existing = make_user("louise.martin@example.org", display_name="Louise Martin")
    provider.next_person(sub="fc-louise", email="louise.martin@example.org", email_verified=True)
    response = sign_in_through(client, provider)
    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    assert client.get("/profil/").wsgi_request.user == existing
    assert SocialAccount.objects.get(uid="fc-louise").user == existing
    assert Verification.objects.filter(user=existing, level="identity").exists()


@pytest.mark.django_db
def test_an_unverified_address_does_not_take_over_an_existing_account(client, settings, provider):
    configure(settings, provider, trusted_email=True)
    existing = make_user("victime@example.org")
    provider.next_person(sub="fc-intruder", email="victime@example.org", email_verified=False)
    response = sign_in_through(client, provider)
    assert response.headers["Location"] == "/accounts/3rdparty/signup/"
    # Signing up with that address answers as for any address (no enumeration) but creates nothing: the owner
    # must sign in to their account and link the provider from there.
    response = client.post("/accounts/3rdparty/signup/", {"email": "victime@example.org", "accept_charter": "on"})
    assert response.headers["Location"] == "/accounts/confirm-email/"
    assert User.objects.filter(email="victime@example.org").count() == 1
    assert not SocialAccount.objects.filter(uid="fc-intruder").exists()
    assert "_auth_user_id" not in client.session
    existing.refresh_from_db()
    assert existing.has_usable_password()


@pytest.mark.django_db
def test_a_provider_not_trusted_for_email_does_not_link_even_a_verified_address(client, settings, provider):
    configure(settings, provider)  # trusted_email is off by default
    make_user("robert.leroy@example.org")
    provider.next_person(sub="fc-robert", email="robert.leroy@example.org", email_verified=True)
    response = sign_in_through(client, provider)
    assert response.headers["Location"] == "/accounts/3rdparty/signup/"
    assert "_auth_user_id" not in client.session
    assert not SocialAccount.objects.filter(uid="fc-robert").exists()


@pytest.mark.django_db
def test_a_signed_in_person_links_the_provider_to_their_account(client, settings, provider):
    configure(settings, provider)
    person = make_user("sarah.benali@example.org")
    client.force_login(person)
    provider.next_person(sub="fc-sarah", email="autre.adresse@example.org", email_verified=True)
    start = client.post("/accounts/oidc/franceconnect/login/", {"process": "connect"})
    back = requests.get(start.headers["Location"], allow_redirects=False, timeout=30)
    callback = urlsplit(back.headers["Location"])
    client.get(callback.path, {k: v[0] for k, v in parse_qs(callback.query).items()})
    assert SocialAccount.objects.get(uid="fc-sarah").user == person
    assert Verification.objects.filter(user=person, level="identity", verifier_label="FranceConnect").exists()
    connections = client.get("/accounts/3rdparty/")
    assert connections.status_code == 200 and "FranceConnect" in connections.content.decode()


@pytest.mark.django_db
def test_a_callback_with_another_state_is_refused(client, settings, provider):
    configure(settings, provider)
    provider.next_person(sub="fc-state", email="state@example.org", email_verified=True)
    response = sign_in_through(client, provider, tamper_state=True)
    assert response.status_code == 401
    assert "_auth_user_id" not in client.session
    assert not SocialAccount.objects.filter(uid="fc-state").exists()


@pytest.mark.django_db
def test_an_id_token_made_for_another_request_is_refused(client, settings, provider):
    """The nonce: the token signed by the provider must name the request this browser made."""
    configure(settings, provider, trusted_email=True)
    existing = make_user("nonce@example.org", display_name="Nonce")
    provider.next_person(sub="fc-nonce", email="nonce@example.org", email_verified=True)
    response = sign_in_through(client, provider, tamper_nonce=True)
    assert response.status_code == 401
    assert "_auth_user_id" not in client.session
    assert not SocialAccount.objects.filter(uid="fc-nonce").exists()
    assert not Verification.objects.filter(user=existing).exists()


@pytest.mark.django_db
def test_a_code_replayed_without_the_browsers_verifier_is_refused(client, settings, provider):
    """PKCE: a code stolen on its way back is useless to whoever does not hold the session that asked for it."""
    configure(settings, provider)
    provider.next_person(sub="fc-pkce", email="pkce@example.org", email_verified=True)
    start = client.post("/accounts/oidc/franceconnect/login/")
    back = requests.get(start.headers["Location"], allow_redirects=False, timeout=30)
    callback = urlsplit(back.headers["Location"])
    params = {k: v[0] for k, v in parse_qs(callback.query).items()}
    other = Client()
    other.post("/accounts/oidc/franceconnect/login/")  # its own state and verifier
    response = other.get(callback.path, params)
    assert "_auth_user_id" not in other.session
    assert not SocialAccount.objects.filter(uid="fc-pkce").exists()
    assert response.status_code == 401
