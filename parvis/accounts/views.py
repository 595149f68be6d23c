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

from parvis.core.network import client_ip
from parvis.core.permissions import LEVEL_DEFAULTS, can, required_level

from . import services, verifications
from .forms import ApiTokenForm, LetterCodeForm, LetterCreateForm, ProfileForm
from .models import User, VerificationLevel


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


def _verifications_context(user, letter_form=None) -> dict:
    return {
        "verifications": verifications.verifications_of(user),
        "letter_form": letter_form or LetterCodeForm(),
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
    return render(request, "accounts/profile_edit.html", {"form": form, **_verifications_context(user)})


@login_required
@require_POST
def letter_redeem(request):
    """The person types the code of the letter received at their address."""
    letter_form = LetterCodeForm(request.POST)
    if letter_form.is_valid():
        try:
            verifications.postal_letter_redeem(
                user=request.user, code=letter_form.cleaned_data["code"], ip=client_ip(request)
            )
        except ValidationError as error:
            _add_errors(letter_form, error)
        else:
            messages.success(request, _("Your postal address is verified."))
            return redirect(reverse("accounts:profile_edit") + "#verifications")
    form = ProfileForm(initial=_initial_profile(request.user), user=request.user)
    return render(
        request,
        "accounts/profile_edit.html",
        {"form": form, **_verifications_context(request.user, letter_form)},
        status=400,
    )


@login_required
def letter_create(request):
    """The operator writes a verification letter; the page that shows its code is the one to print."""
    if not can(request.user, "verification.letter"):
        raise PermissionDenied(_("Only the operator writes verification letters."))
    form = LetterCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        person = User.objects.filter(email__iexact=form.cleaned_data["email"], is_active=True).first()
        if person is None:
            form.add_error("email", _("No open account has this e-mail address."))
        else:
            try:
                letter, code = verifications.postal_letter_create(
                    actor=request.user, user=person, address=form.cleaned_data["address"]
                )
            except ValidationError as error:
                _add_errors(form, error)
            else:
                return render(
                    request,
                    "accounts/postal_letter.html",
                    {"letter": letter, "code": code, "address_lines": letter.address.splitlines()},
                )
    return render(request, "accounts/letter_create.html", {"form": form})


@login_required
def levels(request):
    """The table of the level each action needs: the operator changes it."""
    if not can(request.user, "verification.levels"):
        raise PermissionDenied(_("Only the operator sets the level each action needs."))
    if request.method == "POST":
        try:
            for action in LEVEL_DEFAULTS:
                level = request.POST.get(action)
                if level and level != required_level(action):
                    verifications.action_level_set(operator=request.user, action=action, level=level)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The levels are saved."))
        return redirect("accounts:levels")
    rows = [
        {"action": action, "label": verifications.ACTION_LABELS[action], "level": required_level(action)}
        for action in LEVEL_DEFAULTS
    ]
    return render(request, "accounts/levels.html", {"rows": rows, "choices": VerificationLevel.choices})


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
