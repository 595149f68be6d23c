"""A newcomer's first minutes: the sign-up form asks for a name and a commune, and once the address is confirmed the
welcome page offers, one tap each, the commune's official space, a few public groups and the coming events."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from parvis.accounts.services import profile_update
from parvis.agenda.models import Event
from parvis.core.text import NameField
from parvis.moderation.forms import CharterSignupForm
from parvis.spaces.models import Membership, MembershipStatus, Space
from parvis.spaces.services.memberships import space_join
from parvis.territories.forms import CommuneField

from .home import active_groups

WELCOME_GROUPS = 4
WELCOME_EVENTS = 4


class SignupForm(CharterSignupForm):
    """allauth's sign-up form (ACCOUNT_SIGNUP_FORM_CLASS), with the charter box of moderation and two questions:
    the name others will see and the home commune (the same suggestions by name or postal code as the profile)."""

    field_order = ["display_name", "home_commune", "email", "password1", "password2", "accept_charter"]

    # Asked, not required: an account without them works (the welcome page then asks for the commune), and sign-ups
    # through the API or older forms keep working.
    display_name = NameField(
        label=gettext_lazy("Your name"),
        max_length=80,
        required=False,
        help_text=gettext_lazy("The name others see. Your e-mail address is never shown."),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    home_commune = CommuneField(
        label=gettext_lazy("Your commune"),
        required=False,
        help_text=gettext_lazy("Its name or its postal code: its official space, groups and events will be offered."),
    )

    def signup(self, request, user) -> None:
        # The profile first: saving the whole row after the charter's UPDATE would write its date back to empty.
        profile_update(
            user=user,
            display_name=self.cleaned_data["display_name"],
            bio=user.bio,
            home_commune=self.cleaned_data["home_commune"],
            quartier=None,
            residence=None,
            profile_visibility=user.profile_visibility,
        )
        super().signup(request, user)


def _welcome_offers(user) -> dict:
    commune = user.home_commune
    mine = {
        space_id: status for space_id, status in Membership.objects.filter(user=user).values_list("space_id", "status")
    }
    official = None
    groups = []
    events = []
    if commune is not None:
        official = Space.objects.official().filter(territory=commune).select_related("territory").first()
        groups = list(active_groups([commune], for_user=user)[:WELCOME_GROUPS])
        if len(groups) < WELCOME_GROUPS and commune.parent_id:
            # A small commune has few groups: complete with those of its département.
            seen = [group.pk for group in groups]
            around = active_groups([commune.parent], for_user=user).exclude(pk__in=seen)
            groups += list(around[: WELCOME_GROUPS - len(groups)])
        events = list(
            Event.objects.visible_to(user)
            .filter(commune=commune)
            .for_list()
            .upcoming()
            .order_by("start", "pk")[:WELCOME_EVENTS]
        )
    for space in [official, *groups]:
        if space is not None:
            space.my_status = mine.get(space.pk, "")
    return {"commune": commune, "official": official, "groups": groups, "events": events}


@login_required
def welcome(request):
    return render(request, "site/welcome.html", _welcome_offers(request.user))


@login_required
@require_POST
def welcome_join(request, slug: str):
    """Joining from the welcome page comes back to it, with the next offers one tap away. It offers public spaces
    only, so it joins public spaces only: a members-only group is joined from its own page, which says what it is."""
    space = get_object_or_404(Space.objects.readable_by(None), slug=slug)
    if space.asks_before_joining:  # its rules to accept, its questions to answer: on its own joining page
        return redirect("spaces:join", slug=space.slug)
    try:
        membership = space_join(space=space, user=request.user)
    except PermissionDenied as error:
        messages.error(request, str(error))
    else:
        if membership.status == MembershipStatus.ACTIVE:
            messages.success(request, _("You are now a member of %(space)s.") % {"space": space.name})
        else:
            messages.info(request, _("Your request to join is sent to the space's administrators."))
    return redirect("welcome")
