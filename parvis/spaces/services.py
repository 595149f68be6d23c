"""Every write on spaces and memberships. Views, API and commands call these and nothing else."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.crypto import get_random_string
from django.utils.text import slugify
from django.utils.translation import gettext as _

from parvis.territories.models import Level, Territory

from .models import JoinPolicy, Membership, MembershipStatus, Nature, Role, Space, Visibility


def _unique_slug(base: str) -> str:
    base = (slugify(base) or "espace")[:120]
    slug = base
    while Space.objects.filter(slug=slug).exists():
        slug = f"{base}-{get_random_string(5, 'abcdefghijkmnpqrstuvwxyz23456789')}"
    return slug


def official_space_slug(territory: Territory) -> str:
    if territory.level == Level.COMMUNE:
        return territory.slug
    return f"{territory.level}-{territory.slug}"


def official_spaces_ensure() -> int:
    """Give every commune, département and région of the instance its official space. Returns how many were
    created; running it again creates none."""
    territories = Territory.objects.of_instance().filter(
        level__in=[Level.COMMUNE, Level.DEPARTEMENT, Level.REGION], spaces__isnull=True
    )
    # Régions and départements above the instance's roots are in the instance too (their news reach it).
    from parvis.territories.services import instance_territories

    above = {t for root in instance_territories() for t in root.ancestors() if t.level != Level.EPCI}
    candidates = list(territories) + [
        t for t in above if not Space.objects.filter(territory=t, is_official=True).exists()
    ]
    spaces = [
        Space(
            name=territory.name,
            slug=official_space_slug(territory),
            nature=Nature.INSTITUTIONNEL,
            territory=territory,
            visibility=Visibility.PUBLIC,
            join_policy=JoinPolicy.OPEN,
            is_official=True,
            is_verified=True,
        )
        for territory in candidates
    ]
    Space.objects.bulk_create(spaces, batch_size=1000, ignore_conflicts=True)
    return len(spaces)


@transaction.atomic
def space_create(
    *,
    creator,
    name: str,
    nature: str,
    territory: Territory,
    visibility: str = Visibility.PUBLIC,
    join_policy: str = JoinPolicy.OPEN,
    description: str = "",
) -> Space:
    """A space created by a person, who becomes its owner. Institutional spaces are the operator's to create."""
    if nature not in (Nature.VOISINAGE, Nature.ASSOCIATIF) and not creator.is_staff:
        raise PermissionDenied(_("Only the operator creates institutional, shop and professional spaces."))
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("Give the space a name.")})
    space = Space.objects.create(
        name=name,
        slug=_unique_slug(name),
        nature=nature,
        territory=territory,
        visibility=visibility,
        join_policy=join_policy,
        description=description,
    )
    Membership.objects.create(space=space, user=creator, role=Role.OWNER, status=MembershipStatus.ACTIVE)
    return space


def membership_of(*, space: Space, user) -> Membership | None:
    if not user.is_authenticated:
        return None
    return Membership.objects.filter(space=space, user=user).first()


@transaction.atomic
def space_join(*, space: Space, user) -> Membership:
    """Join an open space at once, or ask to join one on request. Invitation-only spaces refuse."""
    existing = Membership.objects.select_for_update().filter(space=space, user=user).first()
    if existing and existing.status == MembershipStatus.ACTIVE:
        return existing
    if existing and existing.status == MembershipStatus.INVITED:
        existing.status = MembershipStatus.ACTIVE
        existing.save(update_fields=["status"])
        return existing
    if space.join_policy == JoinPolicy.INVITATION:
        raise PermissionDenied(_("This space can only be joined by invitation."))
    if existing:  # a pending request
        return existing
    status = MembershipStatus.ACTIVE if space.join_policy == JoinPolicy.OPEN else MembershipStatus.REQUESTED
    try:
        with transaction.atomic():
            return Membership.objects.create(space=space, user=user, role=Role.MEMBER, status=status)
    except IntegrityError:  # two clicks at once: the other one won
        return Membership.objects.get(space=space, user=user)


@transaction.atomic
def space_leave(*, space: Space, user) -> None:
    """Leave a space (or withdraw a request). The owner must hand the space over first, so it is never orphaned."""
    membership = Membership.objects.select_for_update().filter(space=space, user=user).first()
    if membership is None:
        return
    if membership.role == Role.OWNER and membership.status == MembershipStatus.ACTIVE:
        raise ValidationError(_("You own this space: transfer its ownership before leaving."))
    membership.delete()
