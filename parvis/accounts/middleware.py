from urllib.parse import urlencode

from allauth.account.authentication import get_authentication_records
from django.shortcuts import redirect
from django.urls import reverse

# While a staff member has not passed a second factor, only these pages stay reachable (sign-in, TOTP set-up and
# the TOTP prompt are all under /accounts/).
_ALLOWED_PREFIXES = ("/accounts/", "/static/", "/healthz")


def is_staff_account(user) -> bool:
    """Accounts that hold operator powers: the administration, the operator's moderation and figures."""
    return bool(user is not None and user.is_authenticated and (user.is_staff or user.is_superuser))


def passed_second_factor(request, user) -> bool:
    """True when this session's sign-in included a TOTP or recovery code (allauth records each authentication step
    of the session), not merely when the account owns an authenticator."""
    return any(record.get("method") == "mfa" for record in get_authentication_records(request, user))


class StaffMustUseMfaMiddleware:
    """Operator staff hold moderation and administration powers: every page past sign-in needs a second factor
    passed in this very session. A staff member signed in by password alone (or by any path that skipped the TOTP
    step) is asked for the code; one without an authenticator is sent to set one up, then asked for it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            is_staff_account(user)
            and not request.path.startswith(_ALLOWED_PREFIXES)
            and not passed_second_factor(request, user)
        ):
            from allauth.mfa.models import Authenticator

            has_totp = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
            target = "mfa_reauthenticate" if has_totp else "mfa_activate_totp"
            return redirect(reverse(target) + "?" + urlencode({"next": request.get_full_path()}))
        return self.get_response(request)
