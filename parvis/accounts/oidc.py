"""OpenID Connect sign-in through allauth (the providers come from PARVIS_OIDC_PROVIDERS, see settings).

Linking a provider to an existing account by e-mail is allauth's "email authentication", turned on per provider only
when the operator trusts it for e-mail ("trusted_email"), and it also needs the provider to say `email_verified`:
otherwise the person meets the sign-up form, which refuses an address that has an account and asks them to sign in
to it first and link the provider from there. Each sign-in through a provider records "verified by <provider> on
<date>" at the level the operator gave the provider (`accounts.verifications`)."""

from allauth.account.signals import user_logged_in
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from allauth.socialaccount.signals import social_account_added

from .adapter import AccountAdapter
from .verifications import provider_signed_in


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def get_client_ip(self, request) -> str:
        return AccountAdapter(request).get_client_ip(request)


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
