"""Staff sessions are shorter than inhabitants': an inhabitant stays signed in SESSION_COOKIE_AGE after their last
visit (two weeks), an account holding the operator's powers at most PARVIS_STAFF_SESSION_HOURS after it signed in
(eight hours), however active. Applied at sign-in and on every request of such an account, so that a person who
becomes staff while signed in gets the short session at once (and is signed out if it is already over)."""

from datetime import UTC, datetime, timedelta

from allauth.account.authentication import get_authentication_records
from django.conf import settings
from django.contrib.auth import logout
from django.utils import timezone

from .middleware import is_staff_account


def signed_in_at(request, user) -> datetime:
    """When this session's sign-in began (allauth records each step of it); now when it is not known."""
    moments = [record.get("at") for record in get_authentication_records(request, user)]
    moments = [moment for moment in moments if isinstance(moment, int | float)]
    return datetime.fromtimestamp(min(moments), tz=UTC) if moments else timezone.now()


def session_length_apply(request, user) -> bool:
    """Shorten the session of a staff account to its limit; False when that limit is past (the person is signed
    out)."""
    if not is_staff_account(user):
        return True
    limit = signed_in_at(request, user) + timedelta(hours=settings.PARVIS_STAFF_SESSION_HOURS)
    if limit <= timezone.now():
        logout(request)
        return False
    if request.session.get_expiry_date() > limit:
        request.session.set_expiry(limit)
    return True


class StaffSessionMiddleware:
    """The short session of the operator's staff, checked on each of their requests (after the authentication
    middleware, before the second-factor one)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            session_length_apply(request, user)
        return self.get_response(request)
