"""The JSON API under /api/v1/, with its OpenAPI description at /api/v1/openapi.json."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja.errors import AuthenticationError
from ninja.errors import ValidationError as InputErrors

from parvis.accounts.api import router as accounts_router
from parvis.agenda.api import router as agenda_router
from parvis.alerts.api import router as alerts_router
from parvis.bulletins.api import router as bulletins_router
from parvis.core.api_auth import SIGNED_IN
from parvis.core.openapi import ParvisNinjaAPI
from parvis.core.ratelimit import RateLimited
from parvis.core.schemas import input_error_sentence
from parvis.counter.api import router as counter_router
from parvis.directory.api import router as directory_router
from parvis.federation.api import router as federation_router
from parvis.messaging.api import router as messaging_router
from parvis.moderation.api import router as moderation_router
from parvis.neighbours.api import router as neighbours_router
from parvis.network.api import router as network_router
from parvis.notifications.api import router as notifications_router
from parvis.polls.api import router as polls_router
from parvis.posts.api import router as posts_router
from parvis.procedures.api import router as procedures_router
from parvis.rights.api import router as rights_router
from parvis.search.api import router as search_router
from parvis.spaces.api import router as spaces_router
from parvis.territories.api import router as territories_router
from parvis.toolbox.api import router as toolbox_router
from parvis.tv.api import router as tv_router

api = ParvisNinjaAPI(
    title="Parvis API",
    version="1.0.0",
    description=(
        "Public API of a Parvis instance. Reads follow the same visibility rule as the web pages; "
        "writes need a personal access token or a browser session."
    ),
    auth=SIGNED_IN,
    urls_namespace="api",
)
api.add_router("/territories", territories_router)
api.add_router("/spaces", spaces_router)
api.add_router("/me/export", rights_router)
api.add_router("/me", accounts_router)
api.add_router("/reports", moderation_router)
api.add_router("/posts", posts_router)
api.add_router("/polls", polls_router)
api.add_router("/network", network_router)
api.add_router("/bulletins", bulletins_router)
api.add_router("/tv", tv_router)
api.add_router("/counter", counter_router)
api.add_router("/procedures", procedures_router)
api.add_router("/search", search_router)
api.add_router("/agenda", agenda_router)
api.add_router("/notifications", notifications_router)
api.add_router("/neighbours", neighbours_router)
api.add_router("/conversations", messaging_router)
api.add_router("/directory", directory_router)
api.add_router("/toolbox", toolbox_router)
api.add_router("/alerts", alerts_router)
api.add_router("/federation", federation_router)


@api.exception_handler(ValidationError)
def on_validation_error(request, error: ValidationError):
    return api.create_response(request, {"detail": " ".join(error.messages)}, status=400)


@api.exception_handler(InputErrors)
def on_input_errors(request, error: InputErrors):
    # A value that does not match the schema (wrong type, too long, out of range, a far date) is a 400 with a
    # sentence naming each field, like every other refusal, rather than pydantic's list.
    return api.create_response(request, {"detail": input_error_sentence(error.errors)}, status=400)


@api.exception_handler(RateLimited)
def on_rate_limited(request, error: RateLimited):
    # Registered apart from ValidationError (its parent class): too many actions is a 429, not a 400.
    response = api.create_response(request, {"detail": " ".join(error.messages)}, status=429)
    response["Retry-After"] = str(error.retry_after)
    return response


@api.exception_handler(PermissionDenied)
def on_permission_denied(request, error: PermissionDenied):
    # A refused API token says why, with its own status (401 for an expired one).
    status = getattr(error, "status", 403)
    return api.create_response(request, {"detail": str(error) or _("You may not do this.")}, status=status)


@api.exception_handler(Http404)
def on_not_found(request, error: Http404):
    return api.create_response(request, {"detail": _("Not found.")}, status=404)


@api.exception_handler(AuthenticationError)
def on_unauthenticated(request, error: AuthenticationError):
    return api.create_response(request, {"detail": _("Sign in or send a personal access token.")}, status=401)


@api.exception_handler(OverflowError)
def on_overflow(request, error: OverflowError):
    # An identifier past 64 bits names nothing that can be stored: SQLite refuses to bind it (OverflowError) where
    # PostgreSQL simply finds no row, so both answer the 404 a missing item gets.
    return api.create_response(request, {"detail": _("Not found.")}, status=404)
