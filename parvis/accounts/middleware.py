from django.shortcuts import redirect
from django.urls import reverse

# While a staff member has not set up an authenticator, only these pages stay reachable.
_ALLOWED_PREFIXES = ("/accounts/", "/static/", "/healthz")


class StaffMustUseMfaMiddleware:
    """Operator staff hold moderation and administration powers: they must use a second factor (TOTP)."""

    SESSION_KEY = "parvis_staff_has_mfa"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and user.is_staff
            and not request.path.startswith(_ALLOWED_PREFIXES)
            and not self._has_mfa(request, user)
        ):
            return redirect(reverse("mfa_activate_totp") + "?next=" + request.path)
        return self.get_response(request)

    def _has_mfa(self, request, user) -> bool:
        if request.session.get(self.SESSION_KEY):
            return True
        from allauth.mfa.models import Authenticator

        has_mfa = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
        if has_mfa:
            request.session[self.SESSION_KEY] = True
        return has_mfa
