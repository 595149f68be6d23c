"""API authentication: a personal access token (Authorization: Bearer pvs_…) or the browser session."""

from django.contrib.auth.models import AnonymousUser
from ninja.security import HttpBearer, SessionAuth

from . import hooks


class PersonalTokenAuth(HttpBearer):
    openapi_description = "Personal access token created on the profile page: `Authorization: Bearer pvs_…`."

    def authenticate(self, request, token):
        # accounts answers (core imports none of it); an expired or read-only token raises with its sentence.
        user = hooks.api_token_user(token=token, method=request.method)
        if user is not None:
            request.user = user
        return user


def anonymous(request):
    """Last resort for public endpoints: the caller reads what anyone may read."""
    return AnonymousUser()


token_auth = PersonalTokenAuth()
session_auth = SessionAuth()
# Endpoints anyone may call; the visibility rule then uses whoever is signed in.
PUBLIC = [token_auth, session_auth, anonymous]
# Endpoints that act for a person.
SIGNED_IN = [token_auth, session_auth]
