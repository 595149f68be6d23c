"""Spaces in the registry of content kinds (`parvis.core.kinds`), registered in `SpacesConfig.ready`.

Only the operator's moderators decide on a space (its own officers cannot judge it), so its `space` is None. The
matter is about its first owner, who receives the statement of reasons. Suspension is the decision itself
(`moderation.Decision.objects.suspending_spaces()`): nothing is written on the space."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from parvis.accounts.models import User
from parvis.core import kinds

from .models import Membership, Role, Space

JOIN_REQUEST = "join_request"  # why an administrator is told (a verb of `notifications.models.Kind`)


def space_owner(space: Space):
    owner = Membership.objects.active().filter(space=space, role=Role.OWNER).order_by("created_at").first()
    return owner.user if owner else None


def join_requests_visible_to(user):
    """Requests to join that this person handles: pending, in a space they administer."""
    return (
        Membership.objects.requested()
        .filter(space__in=Space.objects.where_can(user, "space.administer"))
        .select_related("space", "user")
    )


def join_request_audience(membership_id: int):
    """The space's administrators are told of a request to join it (none if approved or withdrawn meanwhile)."""
    membership = Membership.objects.requested().select_related("space", "user").filter(pk=membership_id).first()
    if membership is None:
        return None
    admins = User.objects.filter(
        is_active=True,
        pk__in=Membership.objects.holding("space.administer").filter(space=membership.space).values("user_id"),
    ).order_by("pk")
    return membership, membership.user, [(admins, JOIN_REQUEST)]


def register() -> None:
    kinds.register(
        kinds.ContentKind(
            name="space",
            label=_("space"),
            model=Space,
            url_word="espace",
            visible_to=lambda user: Space.objects.listed_for(user),
            author=space_owner,
            text=lambda space: (space.name, ""),
            actions=frozenset({kinds.SUSPEND}),
            moderate=lambda space, action: "",
            restore=lambda space_id, action, previous_state: None,
        )
    )
    # A request to join a space: its administrators are notified; it is neither reported nor searched.
    kinds.register(
        kinds.ContentKind(
            name="membership",
            label=_("request to join"),
            model=Membership,
            visible_to=join_requests_visible_to,
            space=lambda membership: membership.space,
            author=lambda membership: membership.user,
            url=lambda membership: reverse("spaces:members", kwargs={"slug": membership.space.slug}),
            text=lambda membership: (membership.space.name, ""),
            actions=frozenset(),
            related=("space", "user"),
            audience=join_request_audience,
        )
    )
