from urllib.parse import urlencode

from allauth.account.decorators import reauthentication_required
from django.contrib import messages
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import i18n
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_POST

from . import services
from .forms import ApiTokenForm, ProfileForm
from .models import User


def _initial_profile(user: User) -> dict:
    commune = user.home_commune
    return {
        "display_name": user.display_name,
        "bio": user.bio,
        "home_commune": f"{commune.name} ({commune.code})" if commune else "",
        "quartier": user.quartier_id,
        "residence": user.residence_id,
        "profile_visibility": user.profile_visibility,
    }


@login_required
def profile_edit(request):
    user = request.user
    if request.method == "POST":
        form = ProfileForm(request.POST, request.FILES, user=user)
        if form.is_valid():
            data = form.cleaned_data
            commune = data["home_commune"]
            same_commune = commune is not None and commune.pk == user.home_commune_id
            try:
                services.profile_update(
                    user=user,
                    display_name=data["display_name"],
                    bio=data["bio"],
                    home_commune=commune,
                    # A neighbourhood or residence only makes sense in the commune it belongs to.
                    quartier=data.get("quartier") if same_commune else None,
                    residence=data.get("residence") if same_commune else None,
                    profile_visibility=data["profile_visibility"],
                    avatar=data.get("avatar"),
                    remove_avatar=data.get("remove_avatar", False),
                )
            except ValidationError as error:
                _add_errors(form, error)
            else:
                messages.success(request, _("Your profile is saved."))
                return redirect("accounts:profile_edit")
        user.refresh_from_db()
    else:
        form = ProfileForm(initial=_initial_profile(user), user=user)
    return render(request, "accounts/profile_edit.html", {"form": form})


def _add_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


@login_required
# Creating a token hands out access to the account: it asks for the password (or the second factor) again unless
# the person gave it in the last few minutes (ACCOUNT_REAUTHENTICATION_TIMEOUT); allauth then replays the form.
@reauthentication_required(allow_get=True)
def tokens(request):
    new_token = None
    if request.method == "POST":
        form = ApiTokenForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                _token, new_token = services.api_token_create(
                    user=request.user, name=data["name"], scope=data["scope"], days=data["days"]
                )
            except ValidationError as error:
                _add_errors(form, error)
            else:
                form = ApiTokenForm()
    else:
        form = ApiTokenForm()
    return render(
        request,
        "accounts/tokens.html",
        {"form": form, "tokens": request.user.api_tokens.all(), "new_token": new_token},
    )


@login_required
@require_POST
def token_revoke(request, token_id: int):
    try:
        services.api_token_revoke(user=request.user, token_id=token_id)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The token is revoked: applications using it can no longer sign in."))
    return redirect("accounts:tokens")


def admin_login(request):
    """The administration's own sign-in form would skip the second factor and allauth's limits: /admin/login/ sends
    to the one sign-in page instead, and the staff middleware then asks for the TOTP code."""
    target = request.GET.get(REDIRECT_FIELD_NAME) or reverse("admin:index")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = reverse("admin:index")
    if request.user.is_authenticated:
        if not request.user.is_staff:
            raise PermissionDenied(_("The administration is for the operator's staff."))
        return redirect(target)
    return redirect(reverse("account_login") + "?" + urlencode({REDIRECT_FIELD_NAME: target}))


def _language_set(request):
    response = i18n.set_language(request)
    if request.method == "POST":
        services.user_language_remember(user=request.user, language=request.POST.get("language", ""))
    return response


_language_set_checked = csrf_protect(_language_set)


@csrf_exempt
def language_set(request):
    """Django's language switch, and the language remembered for the person's e-mails when they are signed in.

    A visitor's switch asks for no CSRF token: it changes nothing but their own language cookie, and a visitor's page
    that carries no token can be kept for every visitor (parvis/core/pagecache.py). A signed-in person's switch also
    changes their account, so it is checked as every form is."""
    if request.user.is_authenticated:
        return _language_set_checked(request)
    return _language_set(request)
