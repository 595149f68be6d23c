"""The OpenID Connect providers of PARVIS_OIDC_PROVIDERS (see settings) as allauth's `openid_connect` apps. Plain
data, read by the settings module: it imports nothing of Django's apps."""


def allauth_providers(providers: list[dict]) -> dict:
    """SOCIALACCOUNT_PROVIDERS for these providers: allauth supports several OpenID Connect apps at once, each with
    its own `provider_id` in its addresses."""
    try:
        return {
            "openid_connect": {
                "APPS": [_app(provider) for provider in providers],
                # A nonce in each request, checked in the ID token (parvis/accounts/oidc.py).
                "provider_class": "parvis.accounts.oidc.OpenIDConnectWithNonce",
            }
        }
    except (KeyError, TypeError) as error:
        raise ValueError(
            f"PARVIS_OIDC_PROVIDERS: each provider is an object with id, name, issuer and client_id ({error})"
        ) from None


def _app(provider: dict) -> dict:
    auth_params = {"acr_values": provider["acr_values"]} if provider.get("acr_values") else {}
    return {
        "provider_id": provider["id"],
        "name": provider["name"],
        "client_id": provider["client_id"],
        "secret": provider.get("secret", ""),
        "settings": {
            "server_url": provider["issuer"],
            "scope": provider.get("scopes") or ["openid", "profile", "email"],
            "auth_params": auth_params,
            "oauth_pkce_enabled": provider.get("pkce", True),
            "email_authentication": bool(provider.get("trusted_email", False)),
            "logo": provider.get("logo", ""),
            # The level a sign-in through it gives (core.permissions.LEVELS): "identity" for FranceConnect.
            "level": provider.get("level", "identity"),
        },
    }
