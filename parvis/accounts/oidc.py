"""OpenID Connect sign-in through allauth (the providers come from PARVIS_OIDC_PROVIDERS, see settings).

Linking a provider to an existing account by e-mail is allauth's "email authentication", turned on per provider only
when the operator trusts it for e-mail ("trusted_email"), and it also needs the provider to say `email_verified`:
otherwise the person meets the sign-up form, which refuses an address that has an account and asks them to sign in
to it first and link the provider from there. Each sign-in through a provider records "verified by <provider> on
<date>" at the level the operator gave the provider (`accounts.verifications`).

Every authorization request carries a `nonce`, kept with allauth's state in the session, and the ID token that comes
back must hold the same one: FranceConnect refuses a request without it, and it binds the token to this browser's
request, so that a token obtained in another sign-in cannot be replayed here (OpenID Connect Core 1.0, 3.1.2.1)."""

import hmac
import secrets

from allauth.account.signals import user_logged_in
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from allauth.socialaccount.providers.openid_connect.provider import OpenIDConnectProvider
from allauth.socialaccount.signals import social_account_added
from django.core.exceptions import PermissionDenied

from .adapter import AccountAdapter
from .verifications import provider_signed_in

NONCE_STATE_KEY = "oidc_nonce"


class OpenIDConnectWithNonce(OpenIDConnectProvider):
    """allauth's OpenID Connect provider, with a fresh nonce in each authorization request and in the state that
    the callback unstashes (SOCIALACCOUNT_PROVIDERS' `provider_class`)."""

    # allauth finds a provider's addresses (`urls.py`) in its package: the same as the provider it extends.
    package = OpenIDConnectProvider.get_package()

    def redirect(self, request, process, next_url=None, data=None, **kwargs):
        auth_params = kwargs.pop("auth_params", None)
        auth_params = dict(self.get_auth_params() if auth_params is None else auth_params)
        nonce = secrets.token_urlsafe(32)
        auth_params["nonce"] = nonce
        return super().redirect(request, process, next_url, data, auth_params=auth_params, **{NONCE_STATE_KEY: nonce})


def nonce_matches(sociallogin) -> bool:
    expected = (getattr(sociallogin, "state", None) or {}).get(NONCE_STATE_KEY) or ""
    claims = (sociallogin.account.extra_data or {}).get("id_token") or {}
    received = claims.get("nonce") if isinstance(claims, dict) else None
    return bool(expected) and isinstance(received, str) and hmac.compare_digest(received, expected)


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def get_client_ip(self, request) -> str:
        return AccountAdapter(request).get_client_ip(request)

    def pre_social_login(self, request, sociallogin) -> None:
        # Raised inside allauth's callback view, which answers with its "sign-in failed" page: nothing is stored.
        provider = getattr(sociallogin, "provider", None) or sociallogin.account.get_provider(request)
        if provider.id == OpenIDConnectProvider.id and not nonce_matches(sociallogin):
            raise PermissionDenied("The identity provider's token does not answer this sign-in (nonce).")
        super().pre_social_login(request, sociallogin)


def _record(sociallogin, user) -> None:
    if sociallogin is None or user is None or not user.pk:
        return
    app = getattr(sociallogin.provider, "app", None)
    if app is None:
        return
    provider_signed_in(user=user, provider_name=app.name, level=app.settings.get("level", "identity"))


def _on_login(sender, request, user, sociallogin=None, **kwargs) -> None:
    _record(sociallogin, user)


def _on_added(sender, request, sociallogin, **kwargs) -> None:
    _record(sociallogin, sociallogin.user)


def connect() -> None:
    user_logged_in.connect(_on_login, weak=False, dispatch_uid="parvis.accounts.oidc.login")
    social_account_added.connect(_on_added, weak=False, dispatch_uid="parvis.accounts.oidc.added")
