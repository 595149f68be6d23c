"""Every write on spaces and memberships. Views, API and commands call these and nothing else."""

from datetime import timedelta

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.crypto import get_random_string
from django.utils.text import slugify
from django.utils.translation import gettext as _

from parvis.core import hooks as core_hooks
from parvis.core.audit import AuditEntry, audit
from parvis.core.permissions import can
from parvis.core.text import clean_name
from parvis.territories.models import Level, Territory
from parvis.territories.services import instance_territories

from . import hooks
from .identifiers import normalise_rna, normalise_siret
from .models import (
    Follow,
    JoinPolicy,
    Membership,
    MembershipStatus,
    Nature,
    OrganisationKind,
    Role,
    Space,
    SpaceLogAction,
    Visibility,
)

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
            membership = Membership.objects.create(space=space, user=user, role=Role.MEMBER, status=status)
    except IntegrityError:  # two clicks at once: the other one won
        return Membership.objects.get(space=space, user=user)
    if status == MembershipStatus.REQUESTED:
        _notify("membership", membership.pk)
    return membership


@transaction.atomic
def space_leave(*, space: Space, user) -> None:
    """Leave a space (or withdraw a request). The owner must hand the space over first, so it is never orphaned."""
    membership = Membership.objects.select_for_update().filter(space=space, user=user).first()
    if membership is None:
        return
    if membership.role == Role.OWNER and membership.status == MembershipStatus.ACTIVE:
        raise ValidationError(_("You own this space: transfer its ownership before leaving."))
    was_active = membership.status == MembershipStatus.ACTIVE
    membership.delete()
    if was_active:
        hooks.membership_ended(space=space, user=user)


def _log(*, space: Space, actor, action: str, target_user=None, detail: str = "", reason: str = "") -> AuditEntry:
    """An act on the space (target: the space) or on one of its people (target: the person)."""
    return audit(
        actor=actor,
        verb=action,
        target=target_user if target_user is not None else space,
        space=space,
        reason=reason,
        details={"detail": detail[:200]} if detail else None,
    )


# --- Organisation pages -------------------------------------------------------------------------------------------

# The nature an organisation's page gets, so that "where am I" tells the truth about who speaks:
# - associations and cultural venues (often associations or municipal venues run like them) are associatif;
# - shops are commercial (the operator's partner shops);
# - schools, social landlords and condo managers are voisinage: they speak to the parents and residents of a
#   neighbourhood or a building, which is the neighbourhood life of the design, not the institution's voice;
# - town halls are institutionnel, and only the operator creates those: an inhabitant must never be able to open a
#   page that looks like the commune speaking. Even then, the commune's voice is its official space (badge
#   "Official space"); a town-hall page only ever gets the "Verified organisation" badge.
ORGANISATION_NATURES = {
    OrganisationKind.ASSOCIATION: Nature.ASSOCIATIF,
    OrganisationKind.CULTURAL_VENUE: Nature.ASSOCIATIF,
    OrganisationKind.SHOP: Nature.COMMERCIAL,
    OrganisationKind.SCHOOL: Nature.VOISINAGE,
    OrganisationKind.LANDLORD: Nature.VOISINAGE,
    OrganisationKind.CONDO_MANAGER: Nature.VOISINAGE,
    OrganisationKind.TOWN_HALL: Nature.INSTITUTIONNEL,
}
# Only these kinds have an RNA number (the register of associations).
RNA_KINDS = (OrganisationKind.ASSOCIATION, OrganisationKind.CULTURAL_VENUE)


@transaction.atomic
def organisation_request(
    *,
    requester,
    name: str,
    kind: str,
    commune: Territory,
    siret: str = "",
    rna: str = "",
    description: str = "",
) -> Space:
    """Open an organisation's page, unverified until the operator checks its identifiers; the requester owns it.
    The page is public (organisations speak to everyone) and joined by invitation (its members are its team; the
    public follows it)."""
    if kind not in ORGANISATION_NATURES:
        raise ValidationError({"kind": _("Choose the kind of organisation.")})
    if kind == OrganisationKind.TOWN_HALL and not can(requester, "space.create_official"):
        raise PermissionDenied(
            _("Town hall pages are opened by the operator: write to the operator from the town hall's address.")
        )
    _may_create_spaces(requester)
    name, description = _clean_space_fields(
        name=name, description=description, visibility=Visibility.PUBLIC, join_policy=JoinPolicy.INVITATION
    )
    errors = {}
    if commune is None or commune.level != Level.COMMUNE:
        errors["commune"] = _("Choose the commune where the organisation is.")
    try:
        siret = normalise_siret(siret)
    except ValidationError as error:
        errors["siret"] = error.messages[0]
    try:
        rna = normalise_rna(rna)
    except ValidationError as error:
        errors["rna"] = error.messages[0]
    if rna and kind not in RNA_KINDS:
        errors["rna"] = _("Only associations have an RNA number: give the SIREN or SIRET number instead.")
    holder = _verified_holder(siret=siret if "siret" not in errors else "", rna=rna if "rna" not in errors else "")
    if holder is not None:
        field = "siret" if siret and _holds_siret(holder, siret) else "rna"
        # Named only if the requester may know the page exists (a page made secret since stays unnamed).
        if Space.objects.listed_for(requester).filter(pk=holder.pk).exists():
            errors[field] = _(
                "This number belongs to a verified organisation's page, %(name)s: ask its administrators to invite "
                "you to its team instead of opening another page."
            ) % {"name": holder.name}
        else:
            errors[field] = _(
                "This number belongs to a verified organisation's page: ask it to invite you to its team."
            )
    if not siret and not rna and "siret" not in errors and "rna" not in errors:
        errors["siret"] = (
            _("Give the SIREN or SIRET number (or the RNA number of an association): the operator checks it.")
            if kind in RNA_KINDS
            else _("Give the SIREN or SIRET number: the operator checks it before the page gets its badge.")
        )
    if errors:
        raise ValidationError(errors)
    return _space_insert(
        creator=requester,
        action=SpaceLogAction.ORGANISATION_REQUESTED,
        name=name,
        nature=ORGANISATION_NATURES[kind],
        territory=commune,
        visibility=Visibility.PUBLIC,
        join_policy=JoinPolicy.INVITATION,
        description=description,
        organisation_kind=kind,
        siret=siret,
        rna=rna,
    )


def _holds_siret(space: Space, siret: str) -> bool:
    """A SIREN (9 digits) names the whole company, a SIRET (14) one of its establishments: a bare SIREN on either
    side covers every establishment of that company."""
    return bool(space.siret) and (space.siret == siret or siret[:9] == space.siret or space.siret[:9] == siret)


def _verified_holder(*, siret: str, rna: str, other_than: Space | None = None) -> Space | None:
    """The verified page that already holds this SIREN/SIRET or RNA number, if any: a verified number is claimed by
    one page only, so that nobody opens a look-alike of a verified organisation."""
    match = Q(pk__in=[])
    if siret:
        match |= Q(siret=siret) | Q(siret=siret[:9])
        if len(siret) == 9:
            match |= Q(siret__startswith=siret)
    if rna:
        match |= Q(rna=rna)
    if not siret and not rna:
        return None
    verified = Space.objects.filter(match, is_verified=True)
    if other_than is not None:
        verified = verified.exclude(pk=other_than.pk)
    return verified.order_by("pk").first()


def _operator_only(operator) -> None:
    if not can(operator, "organisation.verify"):
        raise PermissionDenied(_("Only the operator verifies organisations."))


@transaction.atomic
def organisation_verify(*, operator, space: Space, reason: str = "") -> Space:
    """The operator has checked the organisation's identifiers: its page gets the "Verified organisation" badge."""
    _operator_only(operator)
    space = Space.objects.select_for_update().get(pk=space.pk)
    if not space.is_organisation or space.is_official:
        raise ValidationError(_("Only an organisation's page is verified (official spaces already are)."))
    if space.is_verified:
        return space
    holder = _verified_holder(siret=space.siret, rna=space.rna, other_than=space)
    if holder is not None:
        raise ValidationError(
            _(
                "%(name)s is already verified with this SIREN/SIRET or RNA number: one organisation, one verified "
                "page. Withdraw that verification first if this page is the right one."
            )
            % {"name": holder.name}
        )
    space.is_verified = True
    space.save(update_fields=["is_verified"])
    _log(
        space=space,
        actor=operator,
        action=SpaceLogAction.VERIFIED,
        detail=" ".join(filter(None, [space.siret, space.rna])),
        reason=reason,
    )
    return space


@transaction.atomic
def organisation_unverify(*, operator, space: Space, reason: str = "") -> Space:
    _operator_only(operator)
    space = Space.objects.select_for_update().get(pk=space.pk)
    if space.is_official or not space.is_verified:
        return space
    space.is_verified = False
    space.save(update_fields=["is_verified"])
    _log(space=space, actor=operator, action=SpaceLogAction.UNVERIFIED, reason=reason)
    return space


# --- Members and roles ---------------------------------------------------------------------------------------------


def _administrator(*, space: Space, user) -> None:
    """PermissionDenied unless the user administers the space (`space.administer`). The operator gets no
    exception: they act on spaces through verification and moderation, not by managing members."""
    if not can(user, "space.administer", space):
        raise PermissionDenied(_("Only the space's administrators manage its members and settings."))


def _locked(membership: Membership, space: Space) -> Membership:
    """Re-read the membership under a row lock, and check it belongs to the space the caller checked rights on."""
    locked = Membership.objects.select_for_update().select_related("user").filter(pk=membership.pk).first()
    if locked is None or locked.space_id != space.pk:
        raise ValidationError(_("This person is no longer in the space's list."))
    return locked


@transaction.atomic
def membership_approve(*, actor, space: Space, membership: Membership) -> Membership:
    _administrator(space=space, user=actor)
    membership = _locked(membership, space)
    if membership.status == MembershipStatus.ACTIVE:
        return membership
    if membership.status != MembershipStatus.REQUESTED:
        raise ValidationError(_("This person has not asked to join: they must accept their invitation."))
    membership.status = MembershipStatus.ACTIVE
    membership.save(update_fields=["status"])
    _log(space=space, actor=actor, action=SpaceLogAction.REQUEST_APPROVED, target_user=membership.user)
    return membership


@transaction.atomic
def membership_refuse(*, actor, space: Space, membership: Membership, reason: str = "") -> None:
    _administrator(space=space, user=actor)
    membership = _locked(membership, space)
    if membership.status != MembershipStatus.REQUESTED:
        raise ValidationError(_("There is no pending request from this person."))
    _log(space=space, actor=actor, action=SpaceLogAction.REQUEST_REFUSED, target_user=membership.user, reason=reason)
    membership.delete()


def user_by_handle(handle: str):
    handle = (handle or "").strip().lstrip("@").strip()
    if not handle:
        raise ValidationError({"handle": _("Type the person's handle, for example @camille.")})
    user = get_user_model().objects.filter(handle__iexact=handle, is_active=True).first()
    if user is None:
        raise ValidationError({"handle": _("Nobody has the handle @%(handle)s.") % {"handle": handle}})
    return user


@transaction.atomic
def membership_invite(*, actor, space: Space, handle: str, role: str = Role.MEMBER) -> Membership:
    """Invite a person by their @handle. They see the invitation on the space's page and on their invitations page,
    and accept it by joining (`space_join`). Someone who had asked to join is simply let in. Only the owner invites
    someone as administrator (a class's teacher, named by the parent who opened it)."""
    _administrator(space=space, user=actor)
    if role not in (Role.ADMIN, Role.MEMBER):
        raise ValidationError({"role": _("Invite as administrator or member.")})
    if role == Role.ADMIN and not can(actor, "space.appoint_admin", space):
        raise PermissionDenied(_("Only the owner names administrators."))
    invitee = user_by_handle(handle)
    existing = Membership.objects.select_for_update().filter(space=space, user=invitee).first()
    if existing is not None:
        if existing.status == MembershipStatus.ACTIVE:
            raise ValidationError({"handle": _("@%(handle)s is already a member.") % {"handle": invitee.handle}})
        if existing.status == MembershipStatus.REQUESTED:
            existing = membership_approve(actor=actor, space=space, membership=existing)
            if role != Role.MEMBER:
                existing = membership_set_role(actor=actor, space=space, membership=existing, role=role)
            return existing
        if existing.role != role:  # already invited, now with another role
            existing.role = role
            existing.save(update_fields=["role"])
            _log(space=space, actor=actor, action=SpaceLogAction.ROLE_CHANGED, target_user=invitee, detail=role)
        return existing
    membership = Membership.objects.create(space=space, user=invitee, role=role, status=MembershipStatus.INVITED)
    _log(
        space=space,
        actor=actor,
        action=SpaceLogAction.INVITED,
        target_user=invitee,
        detail="" if role == Role.MEMBER else role,
    )
    return membership


@transaction.atomic
def invitation_decline(*, user, space: Space) -> None:
    membership = Membership.objects.select_for_update().filter(space=space, user=user).first()
    if membership is None or membership.status != MembershipStatus.INVITED:
        raise ValidationError(_("You have no invitation to this space."))
    _log(space=space, actor=user, action=SpaceLogAction.INVITATION_DECLINED, target_user=user)
    membership.delete()


def _may_act_on(actor, space: Space, membership: Membership) -> None:
    """An administrator acts on others, never on the owner (whose role only changes by a transfer they make)."""
    if membership.user_id == actor.pk:
        raise ValidationError(_("You cannot change your own role here: leave the space, or transfer it."))
    if membership.role == Role.OWNER:
        raise PermissionDenied(_("Nobody changes the owner's role: only the owner hands the space over."))
    if membership.role == Role.ADMIN and not can(actor, "space.appoint_admin", space):
        raise PermissionDenied(_("Only the owner changes or removes another administrator."))


@transaction.atomic
def membership_set_role(*, actor, space: Space, membership: Membership, role: str, reason: str = "") -> Membership:
    _administrator(space=space, user=actor)
    membership = _locked(membership, space)
    if role not in (Role.ADMIN, Role.MODERATOR, Role.MEMBER):
        raise ValidationError(
            {"role": _("Choose administrator, moderator or member (the owner hands the space over instead).")}
        )
    if membership.status != MembershipStatus.ACTIVE:
        raise ValidationError(_("Only a member's role changes: approve the request or wait for the invitation."))
    _may_act_on(actor, space, membership)
    if role == Role.ADMIN and not can(actor, "space.appoint_admin", space):
        raise PermissionDenied(_("Only the owner names administrators."))
    if membership.role == role:
        return membership
    previous = membership.role
    membership.role = role
    membership.save(update_fields=["role"])
    _log(
        space=space,
        actor=actor,
        action=SpaceLogAction.ROLE_CHANGED,
        target_user=membership.user,
        detail=f"{previous} → {role}",
        reason=reason,
    )
    return membership


@transaction.atomic
def membership_remove(*, actor, space: Space, membership: Membership, reason: str = "") -> None:
    """Remove a member, or withdraw an invitation. A pending request is refused with `membership_refuse`."""
    _administrator(space=space, user=actor)
    membership = _locked(membership, space)
    _may_act_on(actor, space, membership)
    _log(
        space=space,
        actor=actor,
        action=SpaceLogAction.MEMBER_REMOVED,
        target_user=membership.user,
        detail=f"{membership.status} {membership.role}",
        reason=reason,
    )
    membership.delete()
    if membership.status == MembershipStatus.ACTIVE:
        hooks.membership_ended(space=space, user=membership.user)


@transaction.atomic
def space_transfer_ownership(*, actor, space: Space, new_owner: Membership) -> Membership:
    """The owner hands the space to an active member, who becomes owner; the former owner stays as administrator."""
    if not can(actor, "space.transfer", space):
        raise PermissionDenied(_("Only the owner hands the space over."))
    owner = Membership.objects.select_for_update().filter(space=space, user=actor).first()
    # Read again under the row lock: a transfer made meanwhile (a second click) leaves this person administrator.
    if owner is None or owner.role != Role.OWNER:
        raise PermissionDenied(_("Only the owner hands the space over."))
    new_owner = _locked(new_owner, space)
    if new_owner.pk == owner.pk:
        raise ValidationError(_("You already own this space."))
    if new_owner.status != MembershipStatus.ACTIVE:
        raise ValidationError(_("Hand the space to a member: this person has not joined yet."))
    owner.role = Role.ADMIN
    owner.save(update_fields=["role"])
    new_owner.role = Role.OWNER
    new_owner.save(update_fields=["role"])
    _log(space=space, actor=actor, action=SpaceLogAction.OWNERSHIP_TRANSFERRED, target_user=new_owner.user)
    return new_owner


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


def _notify(kind: str, target_id: int) -> None:
    """Tell the space's administrators after commit (`kinds.py` says who; notifications checks the visibility rule)."""
    core_hooks.activity.send(kind=kind, target_id=target_id)
