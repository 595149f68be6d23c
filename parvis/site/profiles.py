"""A person's public profile: who they are (accounts) and the spaces the viewer may see them in (spaces)."""

from django.shortcuts import get_object_or_404, redirect, render

from parvis.accounts.models import User
from parvis.core.pagecache import cache_for_visitors
from parvis.spaces.models import Membership, Space
from parvis.territories.models import Level, Territory


@cache_for_visitors
def profile(request, user_id: int):
    person = get_object_or_404(User.objects.profile_visible_to(request.user).select_related("home_commune"), pk=user_id)
    spaces = (
        Membership.objects.active()
        .filter(user=person, space__in=Space.objects.listed_for(request.user))
        .exclude(space__territory__in=_residences_hidden_from(request.user, person))
        .select_related("space__territory")
        .order_by("space__name")
    )
    return render(request, "accounts/profile.html", {"person": person, "memberships": spaces})


def mention(request, handle: str):
    """Where a mention "@handle" in a post or a comment leads. The text was written once for all its readers, but a
    profile opens only to those its owner chose: the profile when this reader may see it, otherwise a page that says
    so (never a 404 for a link the site itself wrote). Unknown, inactive and hidden people read alike, so that the
    page tells nothing about who has an account."""
    person = User.objects.profile_visible_to(request.user).filter(handle__iexact=handle).first()
    if person is not None:
        return redirect(person)
    return render(request, "accounts/mention.html", {"handle": handle})


def _residences_hidden_from(viewer, person):
    """Residences (territories) whose spaces the viewer must not see the person in: a membership there says where
    the person lives, which only the members of that residence's own space (its residents and managers) know."""
    residences = Territory.objects.filter(level=Level.RESIDENCE)
    if viewer.is_authenticated and viewer.pk == person.pk:
        return residences.none()
    if viewer.is_authenticated:
        mine = Membership.objects.active().filter(user=viewer, space__residence__isnull=False)
        residences = residences.exclude(pk__in=mine.values("space__territory_id"))
    return residences
