from urllib.parse import urlencode

from allauth.account.authentication import get_authentication_records
from allauth.mfa.models import Authenticator
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

# While a staff member has not passed a second factor, only these pages stay reachable (sign-in, TOTP set-up and
# the TOTP prompt are all under /accounts/).
_ALLOWED_PREFIXES = ("/accounts/", "/static/", "/healthz")
# Where the operator's moderation team (the `moderation.moderate_anything` permission, without is_staff) uses its
# powers: reported private messages, suspensions. The permission is looked up on these paths only, where the views
# ask for it anyway (Django keeps it on the user object for the request).
_OPERATOR_TEAM_PREFIXES = ("/moderation/",)


def is_staff_account(user) -> bool:
    """Accounts that hold operator powers everywhere: the administration, the operator's figures and pages."""
    return bool(user is not None and user.is_authenticated and (user.is_staff or user.is_superuser))


def needs_second_factor(request, user) -> bool:
    if is_staff_account(user):
        return True
    return bool(
        user is not None
        and user.is_authenticated
        and request.path.startswith(_OPERATOR_TEAM_PREFIXES)
        and user.has_perm("moderation.moderate_anything")
    )


def passed_second_factor(request, user) -> bool:
    """True when this session's sign-in included a TOTP or recovery code (allauth records each authentication step
    of the session), not merely when the account owns an authenticator."""
    return any(record.get("method") == "mfa" for record in get_authentication_records(request, user))


class StaffMustUseMfaMiddleware:
    """Operator staff hold moderation and administration powers: every page past sign-in needs a second factor
    passed in this very session (for the operator's moderation team, its moderation pages). A staff member signed
    in by password alone (or by any path that skipped the TOTP step) is asked for the code; one without an
    authenticator is sent to set one up, then asked for it. The API answers 403 with a sentence instead."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            not request.path.startswith(_ALLOWED_PREFIXES)
            and needs_second_factor(request, user)
            and not passed_second_factor(request, user)
        ):
            if request.path.startswith("/api/"):
                return JsonResponse(
                    {"detail": _("Sign in with your second factor (TOTP code) to use the operator's powers.")},
                    status=403,
                )

            has_totp = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
            target = "mfa_reauthenticate" if has_totp else "mfa_activate_totp"
            return redirect(reverse(target) + "?" + urlencode({"next": request.get_full_path()}))
        return self.get_response(request)
