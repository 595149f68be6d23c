"""Spaces: creation (groups and official spaces), settings, follows."""

from datetime import timedelta

from allauth.account.models import EmailAddress
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.crypto import get_random_string
from django.utils.text import slugify
from django.utils.translation import gettext as _

from parvis.core.audit import AuditEntry
from parvis.core.permissions import can
from parvis.core.text import clean_name
from parvis.territories.models import Level, Territory
from parvis.territories.services import instance_territories

from ..models import Follow, JoinPolicy, Membership, MembershipStatus, Nature, Role, Space, SpaceLogAction, Visibility
from .acts import _administrator, _log

# How many spaces (groups and organisation pages) a person may create in 24 hours; the operator is not limited.
SPACES_PER_DAY = 10
# Words of the /espaces/ addresses that a space's slug must not take, or its page would be unreachable.
# The directory's fixed words too: its entries live at /annuaire/<slug>/.
RESERVED_SLUGS = frozenset({"nouveau", "organisation", "invitations", "classes", "chiffres"})


def _unique_slug(base: str) -> str:
    base = (slugify(base) or "espace")[:120]
    slug = base
    while slug in RESERVED_SLUGS or Space.objects.filter(slug=slug).exists():
        slug = f"{base}-{get_random_string(5, 'abcdefghijkmnpqrstuvwxyz23456789')}"
    return slug


def official_space_slug(territory: Territory) -> str:
    if territory.level == Level.COMMUNE:
        return territory.slug
    return f"{territory.level}-{territory.slug}"


def official_spaces_ensure() -> int:
    """Give every commune, département and région of the instance its official space. Returns how many were
    created; running it again creates none."""
    # Régions and départements above the instance's roots are in the instance too (their news reach it).
    above = [t.pk for root in instance_territories() for t in root.ancestors() if t.level != Level.EPCI]
    # One query: a territory qualifies while it has no official space, whatever other spaces it already holds.
    candidates = (
        Territory.objects.filter(level__in=[Level.COMMUNE, Level.DEPARTEMENT, Level.REGION])
        .filter(Q(pk__in=Territory.objects.of_instance().values("pk")) | Q(pk__in=above))
        .exclude(spaces__is_official=True)
    )
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


def _may_create_spaces(creator) -> None:
    """A person creates spaces once their e-mail address is verified (so that a throwaway address cannot fill the
    instance with groups), and at most SPACES_PER_DAY a day."""
    if not creator.is_authenticated or not creator.is_active:
        raise PermissionDenied(_("Sign in to create a space."))
    if not EmailAddress.objects.filter(user=creator, verified=True).exists():
        raise PermissionDenied(
            _("Confirm your e-mail address first: open the link we sent you, or ask for a new one in your profile.")
        )
    since = timezone.now() - timedelta(days=1)
    created = AuditEntry.objects.filter(
        actor=creator,
        verb__in=[SpaceLogAction.CREATED, SpaceLogAction.ORGANISATION_REQUESTED],
        kind=Space._meta.label_lower,
        created_at__gte=since,
    ).count()
    if created >= SPACES_PER_DAY and not can(creator, "space.create_unlimited"):
        raise ValidationError(
            _("You have created %(count)s spaces in the last 24 hours: come back tomorrow for the next one.")
            % {"count": created}
        )


def _clean_space_fields(*, name: str, description: str, visibility: str, join_policy: str) -> tuple[str, str]:
    name = clean_name(name)
    description = (description or "").strip()
    errors = {}
    if not name:
        errors["name"] = _("Give the space a name.")
    elif len(name) > 120:
        errors["name"] = _("The name is too long: 120 characters at most.")
    if len(description) > 2000:
        errors["description"] = _("The description is too long: 2,000 characters at most.")
    if visibility not in Visibility.values:
        errors["visibility"] = _("Choose who sees the space: public, members only or secret.")
    if join_policy not in JoinPolicy.values:
        errors["join_policy"] = _("Choose who may join: open, on request or by invitation.")
    if errors:
        raise ValidationError(errors)
    return name, description


def _space_insert(*, creator, action: str, **fields) -> Space:
    space = Space.objects.create(slug=_unique_slug(fields["name"]), **fields)
    Membership.objects.create(space=space, user=creator, role=Role.OWNER, status=MembershipStatus.ACTIVE)
    _log(space=space, actor=creator, action=action)
    return space


def group_territories(user):
    """Where a person may attach a group: their home commune, or a quartier or residence of it."""
    if not user.is_authenticated or user.home_commune_id is None:
        return Territory.objects.none()
    commune = user.home_commune
    return Territory.objects.filter(
        Q(pk=commune.pk) | Q(level__in=[Level.QUARTIER, Level.RESIDENCE], path__startswith=commune.path)
    ).order_by("path", "name")


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
    """A group created by a person, who becomes its owner. Institutional, shop and professional spaces are the
    operator's to create (a shop asks for a page through `organisation_request`)."""
    if nature not in (Nature.VOISINAGE, Nature.ASSOCIATIF) and not can(creator, "space.create_official"):
        raise PermissionDenied(_("Only the operator creates institutional, shop and professional spaces."))
    if nature not in Nature.values:
        raise ValidationError({"nature": _("Choose the nature of the group: neighbourhood or association.")})
    _may_create_spaces(creator)
    name, description = _clean_space_fields(
        name=name, description=description, visibility=visibility, join_policy=join_policy
    )
    # People speak where they live: a group belongs to its creator's commune (or a quartier/residence of it).
    if not can(creator, "space.create_official"):
        if creator.home_commune_id is None:
            raise ValidationError(
                {"territory": _("Choose your home commune in your profile first: a group belongs to a commune.")}
            )
        if territory is None or not group_territories(creator).filter(pk=territory.pk).exists():
            raise ValidationError(
                {"territory": _("A group belongs to your home commune, or to a neighbourhood or residence of it.")}
            )
    return _space_insert(
        creator=creator,
        action=SpaceLogAction.CREATED,
        name=name,
        nature=nature,
        territory=territory,
        visibility=visibility,
        join_policy=join_policy,
        description=description,
    )


# --- Settings --------------------------------------------------------------------------------------------------------


@transaction.atomic
def space_update(*, actor, space: Space, name: str, description: str, visibility: str, join_policy: str) -> Space:
    """Change a space's settings (its administrators). An official space stays public and keeps its territory's
    name; a verified organisation that changes its name loses its badge until the operator checks again."""
    _administrator(space=space, user=actor)
    space = Space.objects.select_for_update().get(pk=space.pk)
    name, description = _clean_space_fields(
        name=name, description=description, visibility=visibility, join_policy=join_policy
    )
    if space.is_official and visibility != space.visibility:
        raise ValidationError({"visibility": _("An official space stays public: everyone reads the institution.")})
    if space.is_official and name != space.name and not can(actor, "space.rename_official"):
        raise ValidationError({"name": _("Only the operator renames an official space.")})
    if space.is_organisation and visibility != Visibility.PUBLIC:
        raise ValidationError({"visibility": _("An organisation's page is public: open a group for private talk.")})
    changed = [
        field
        for field, value in (
            ("name", name),
            ("description", description),
            ("visibility", visibility),
            ("join_policy", join_policy),
        )
        if getattr(space, field) != value
    ]
    if not changed:
        return space
    space.name, space.description, space.visibility, space.join_policy = name, description, visibility, join_policy
    if "name" in changed and space.is_organisation and space.is_verified:
        space.is_verified = False  # the badge vouched for the old name
        changed.append("is_verified")
    space.save(update_fields=changed)
    _log(space=space, actor=actor, action=SpaceLogAction.SETTINGS_CHANGED, detail=", ".join(changed))
    return space


# --- Follow -----------------------------------------------------------------------------------------------------------


def space_follow(*, user, space: Space) -> Follow:
    """Follow a public space: its posts reach the home feed. The feed still reads through the visibility rule, so a
    space that turns private later stops reaching followers who are not members."""
    if not user.is_authenticated:
        raise PermissionDenied(_("Sign in to follow a space."))
    if space.visibility != Visibility.PUBLIC:
        raise ValidationError(_("Only a public space can be followed: join it instead."))
    follow, _created = Follow.objects.get_or_create(user=user, space=space)
    return follow


def space_unfollow(*, user, space: Space) -> None:
    if user.is_authenticated:
        Follow.objects.filter(user=user, space=space).delete()
