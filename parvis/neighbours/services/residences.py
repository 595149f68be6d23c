"""Quartiers (the operator), residences, residence codes and announcements (landlords and condo managers)."""

import math
from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.crypto import get_random_string
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from parvis.accounts.models import User
from parvis.core import hooks
from parvis.core.audit import audit
from parvis.core.network import address_key
from parvis.core.permissions import can
from parvis.core.ratelimit import RateLimited, rate_take
from parvis.core.text import clean_name
from parvis.posts.services import post_create
from parvis.spaces.models import (
    JoinPolicy,
    Membership,
    MembershipStatus,
    Nature,
    Role,
    Space,
    SpaceLogAction,
    Visibility,
)
from parvis.territories import services as territory_services
from parvis.territories.models import Level, Territory

from ..models import (
    CODE_ALPHABET,
    CODE_LENGTH,
    MANAGER_KINDS,
    AnnouncementCategory,
    NeighboursVerb,
    Residence,
    ResidenceAnnouncement,
    ResidenceCode,
    ResidentVerification,
    VerificationMethod,
)

LISTING_LIFETIME = timedelta(days=30)
CODE_LIFETIME = timedelta(days=90)
MAX_PHOTOS = 4
PHOTO_MAX_BYTES = 10 * 1024 * 1024
PHOTO_SIZES = {"image": 1200, "image_small": 320}
# Wrong residence codes allowed per person before a pause: 8 characters from 32 letters leave about 10^12 codes, so
# 5 tries per 15 minutes make guessing hopeless, while a typo costs nothing.
CODE_TRIES = 5
CODE_TRIES_PERIOD = 15 * 60
# And per client address (parvis.core.network), much higher: a building's shared connection or a mobile operator's
# NAT carries many neighbours, whom one person's wrong guesses must not lock out; someone rotating accounts from one
# address still meets this ceiling.
CODE_TRIES_PER_ADDRESS = 50


class CodeGuessesLimited(RateLimited):
    """Too many wrong residence codes: a RateLimited (HTTP 429 in the API) with its own sentence."""

    def __init__(self, *, retry_after: int):
        self.retry_after = retry_after
        minutes = max(1, math.ceil(retry_after / 60))
        ValidationError.__init__(
            self,
            ngettext(
                "Too many wrong codes: for your security, try again in %(minutes)s minute.",
                "Too many wrong codes: for your security, try again in %(minutes)s minutes.",
                minutes,
            )
            % {"minutes": minutes},
            code="rate_limited",
        )


# --- Quartiers and residences ---------------------------------------------------------------------------------------


@transaction.atomic
def quartier_create(*, operator, commune: Territory, name: str) -> Territory:
    """The operator draws the quartiers of a commune (residences and listings then attach to them)."""
    if not can(operator, "quartier.create"):
        raise PermissionDenied(_("Only the operator creates neighbourhoods."))
    name = clean_name(name)
    if not name:
        raise ValidationError({"name": _("Give the neighbourhood a name.")})
    if len(name) > 200:
        raise ValidationError({"name": _("The name is too long: 200 characters at most.")})
    if commune is None or commune.level != Level.COMMUNE:
        raise ValidationError({"commune": _("Choose the commune the neighbourhood belongs to.")})
    if Territory.objects.filter(level=Level.QUARTIER, parent=commune, name__iexact=name).exists():
        raise ValidationError({"name": _("This commune already has a neighbourhood with this name.")})
    quartier = territory_services.quartier_create(commune=commune, name=name)
    audit(actor=operator, verb=NeighboursVerb.QUARTIER_CREATED, target=quartier, details={"commune": commune.pk})
    return quartier


def managed_organisations(user):
    """The verified landlord and condo-manager pages the user administers: who may create residences."""
    if user is None or not user.is_authenticated:
        return Space.objects.none()
    managed = Space.objects.where_can(user, "space.administer")
    return managed.filter(is_verified=True, organisation_kind__in=MANAGER_KINDS)


def residence_can_manage(*, user, residence: Residence) -> bool:
    return managed_organisations(user).filter(pk=residence.manager_id).exists()


def _manager_only(*, user, residence: Residence) -> None:
    if not residence_can_manage(user=user, residence=residence):
        raise PermissionDenied(_("Only the residence's landlord or condo manager does this."))


def _unique_space_slug(name: str) -> str:
    base = (slugify(name) or "residence")[:120]
    slug = base
    while Space.objects.filter(slug=slug).exists():
        slug = f"{base}-{get_random_string(5, 'abcdefghijkmnpqrstuvwxyz23456789')}"
    return slug


def _positive(value, *, field: str, message: str, required: bool) -> int | None:
    if value in (None, ""):
        if required:
            raise ValidationError({field: message})
        return None
    try:
        number = int(value)
    except (TypeError, ValueError) as error:
        raise ValidationError({field: message}) from error
    if number < 1 or number > 100_000:
        raise ValidationError({field: message})
    return number


@transaction.atomic
def residence_create(
    *,
    actor,
    manager: Space,
    parent: Territory,
    name: str,
    address: str,
    buildings=1,
    homes=None,
) -> Residence:
    """A landlord or condo manager opens a residence: its territory, and its space (neighbourhood nature, members
    only, joined by residence code), owned by the person who created it."""
    if manager is None or not managed_organisations(actor).filter(pk=manager.pk).exists():
        raise PermissionDenied(
            _("Only the administrators of a verified landlord or condo manager page create residences.")
        )
    name = clean_name(name)
    address = (address or "").strip()
    errors = {}
    if not name:
        errors["name"] = _("Give the residence a name.")
    elif len(name) > 120:
        errors["name"] = _("The name is too long: 120 characters at most.")
    if not address:
        errors["address"] = _("Give the residence's address: residents recognise their building by it.")
    elif len(address) > 255:
        errors["address"] = _("The address is too long: 255 characters at most.")
    if parent is None or parent.level not in (Level.COMMUNE, Level.QUARTIER):
        errors["parent"] = _("Choose the commune or the neighbourhood where the residence is.")
    try:
        buildings = _positive(
            buildings, field="buildings", message=_("Give the number of buildings (1 or more)."), required=True
        )
    except ValidationError as error:
        errors.update(error.message_dict)
    try:
        homes = _positive(homes, field="homes", message=_("Give the number of homes (1 or more)."), required=True)
    except ValidationError as error:
        errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)
    territory = territory_services.residence_create(parent=parent, name=name, address=address, homes=homes)
    space = Space.objects.create(
        name=name,
        slug=_unique_space_slug(name),
        nature=Nature.VOISINAGE,
        territory=territory,
        visibility=Visibility.MEMBERS,
        join_policy=JoinPolicy.INVITATION,
        # No address here: a members-only space's description is read by everyone, and where people live is for
        # the residence's members. The address stays on the residence (its territory), shown to its managers.
        description="",
    )
    Membership.objects.create(space=space, user=actor, role=Role.OWNER, status=MembershipStatus.ACTIVE)
    audit(
        actor=actor,
        verb=SpaceLogAction.CREATED,
        target=space,
        space=space,
        details={"detail": f"residence of {manager}"},
    )
    return Residence.objects.create(
        territory=territory, space=space, manager=manager, buildings=buildings, created_by=actor
    )


def _ensure_manager_membership(*, actor, residence: Residence) -> None:
    """The manager's administrators run the residence's space: one who is not in it yet (a colleague of its
    creator) enters as administrator, with a log entry, so that they can publish and moderate there."""
    membership = Membership.objects.select_for_update().filter(space=residence.space, user=actor).first()
    if can(actor, "space.administer", residence.space):
        return
    if membership is None:
        Membership.objects.create(space=residence.space, user=actor, role=Role.ADMIN, status=MembershipStatus.ACTIVE)
    else:
        membership.status, membership.role = MembershipStatus.ACTIVE, Role.ADMIN
        membership.save(update_fields=["status", "role"])
    audit(
        actor=actor,
        verb=SpaceLogAction.ROLE_CHANGED,
        target=actor,
        space=residence.space_id,
        details={"detail": f"administrator of the manager {residence.manager_id}"},
    )


# --- Residence codes ------------------------------------------------------------------------------------------------


def normalise_code(text: str) -> str:
    """What a person typed ("abcd-efgh", "ABCD EFGH") as stored: capitals, no separators."""
    return "".join(char for char in (text or "").upper() if char.isalnum())


@transaction.atomic
def residence_code_create(*, actor, residence: Residence, max_uses=1, valid_days=None) -> ResidenceCode:
    """A code for one home (max_uses 1, the default) or for a notice in the hall (several uses)."""
    _manager_only(user=actor, residence=residence)
    max_uses = _positive(
        max_uses, field="max_uses", message=_("Give how many people may use the code (1 to 1,000)."), required=True
    )
    if max_uses > 1000:
        raise ValidationError({"max_uses": _("Give how many people may use the code (1 to 1,000).")})
    lifetime = CODE_LIFETIME
    if valid_days not in (None, ""):
        days = _positive(
            valid_days, field="valid_days", message=_("Give how many days the code is valid (1 to 365)."), required=True
        )
        if days > 365:
            raise ValidationError({"valid_days": _("Give how many days the code is valid (1 to 365).")})
        lifetime = timedelta(days=days)
    while True:
        code = get_random_string(CODE_LENGTH, CODE_ALPHABET)
        if not ResidenceCode.objects.filter(code=code).exists():
            break
    created = ResidenceCode.objects.create(
        code=code,
        residence=residence,
        expires_at=timezone.now() + lifetime,
        max_uses=max_uses,
        created_by=actor,
    )
    _log_code(actor=actor, verb=NeighboursVerb.CODE_CREATED, code=created)
    return created


def _log_code(*, actor, verb: str, code: ResidenceCode) -> None:
    # The label names the code by its number, never its letters: the journal must not hand out a way in.
    audit(
        actor=actor,
        verb=verb,
        target=code,
        label=f"#{code.pk}",
        space=code.residence.space_id,
        details={"residence": code.residence_id, "max_uses": code.max_uses, "expires_at": code.expires_at.isoformat()},
    )


@transaction.atomic
def residence_code_revoke(*, actor, code: ResidenceCode) -> ResidenceCode:
    _manager_only(user=actor, residence=code.residence)
    if not code.revoked:
        code.revoked = True
        code.save(update_fields=["revoked"])
        _log_code(actor=actor, verb=NeighboursVerb.CODE_REVOKED, code=code)
    return code


def _guess_limits(user, ip: str) -> list[tuple[str, int]]:
    limits = [(f"residence_code:user:{user.pk}", CODE_TRIES)]
    if ip:
        limits.append((f"residence_code:ip:{address_key(ip)}", CODE_TRIES_PER_ADDRESS))
    return limits


def residence_code_redeem(*, user, code: str, ip: str = "") -> ResidentVerification:
    """An inhabitant enters a code: they become a verified resident of its residence (their residence, quartier and
    home commune follow) and an active member of its space. Wrong tries are limited per person, and per client
    address with a much higher ceiling. Each try is counted *before* the code is looked at, in one atomic step with
    the check, so that past the limit a right guess is refused like a wrong one and simultaneous wrong guesses
    cannot go past the limit; a right code gives its try back."""
    if not user.is_authenticated:
        raise PermissionDenied(_("Sign in to enter your residence code."))
    typed = normalise_code(code)
    if not typed:
        raise ValidationError({"code": _("Type the residence code written on the notice from your landlord.")})
    try:
        attempt = rate_take(_guess_limits(user, ip), CODE_TRIES_PERIOD)
    except RateLimited as limited:
        raise CodeGuessesLimited(retry_after=limited.retry_after) from None
    try:
        verification = _redeem(user=user, typed=typed)
    except ValidationError:
        raise  # a wrong code: its try stays counted (outside the transaction that rolled back)
    except Exception:
        attempt.give_back()
        raise
    attempt.give_back()
    return verification


@transaction.atomic
def _redeem(*, user, typed: str) -> ResidentVerification:
    found = (
        ResidenceCode.objects.select_for_update(of=("self",))
        .select_related("residence__territory__parent", "residence__space")
        .filter(code=typed)
        .first()
    )
    if found is None or len(typed) != CODE_LENGTH:
        raise ValidationError(
            {"code": _("This code is not valid. Check it on your landlord's notice (8 letters and digits).")}
        )
    if found.revoked:
        raise ValidationError({"code": _("This code was withdrawn by the manager: ask them for a new one.")})
    if found.expires_at <= timezone.now():
        raise ValidationError({"code": _("This code has expired: ask your landlord or condo manager for a new one.")})
    residence = found.residence
    existing = ResidentVerification.objects.filter(user=user, residence=residence).first()
    if existing is not None:
        return existing  # entering one's code twice does not use it up
    if found.uses >= found.max_uses:
        raise ValidationError(
            {"code": _("This code has already been used as many times as allowed: ask the manager for a new one.")}
        )
    ResidenceCode.objects.filter(pk=found.pk).update(uses=F("uses") + 1)
    # A person lives in one residence: moving in elsewhere ends the former verification (and its listings' reach).
    ResidentVerification.objects.filter(user=user).exclude(residence=residence).delete()
    verification = ResidentVerification.objects.create(
        user=user, residence=residence, method=VerificationMethod.RESIDENCE_CODE, code=found
    )
    parent = residence.territory.parent
    user.residence = residence.territory
    user.quartier = parent if parent.level == Level.QUARTIER else None
    user.home_commune_id = parent.parent_id if parent.level == Level.QUARTIER else parent.pk
    user.save(update_fields=["residence", "quartier", "home_commune"])
    membership = Membership.objects.select_for_update().filter(space=residence.space, user=user).first()
    if membership is None:
        Membership.objects.create(space=residence.space, user=user, role=Role.MEMBER, status=MembershipStatus.ACTIVE)
    elif membership.status != MembershipStatus.ACTIVE:
        membership.status = MembershipStatus.ACTIVE
        membership.save(update_fields=["status"])
    audit(
        actor=user,
        verb=NeighboursVerb.RESIDENT_VERIFIED,
        target=user,
        space=residence.space_id,
        details={"residence": residence.pk, "code": found.pk, "method": VerificationMethod.RESIDENCE_CODE},
    )
    return verification


def resident_verification_of(*, user) -> dict | None:
    """ "Verified resident by <manager> on <date>", for the person's verifications (accounts.verifications)."""
    found = (
        ResidentVerification.objects.filter(user=user)
        .select_related("residence__manager")
        .order_by("-verified_at")
        .first()
    )
    if found is None:
        return None
    return {"by": found.residence.manager.name, "on": found.verified_at}


def verification_end_for_former_member(*, space, user) -> int:
    """Someone left (or was removed from) a residence's space: they are no longer a verified resident of it, so
    the listings scoped to that residence or its quartier stop reaching them, and their profile no longer names it.
    Registered on `spaces.hooks.on_membership_ended`; returns how many verifications ended."""
    residence = Residence.objects.filter(space=space).first()
    if residence is None:
        return 0
    ended, _details = ResidentVerification.objects.filter(user=user, residence=residence).delete()
    if user.residence_id == residence.territory_id:
        user.residence = None
        user.save(update_fields=["residence"])
    return ended


# --- Announcements --------------------------------------------------------------------------------------------------


@transaction.atomic
def announcement_publish(
    *, actor, residence: Residence, category: str, body: str, photos=None
) -> ResidenceAnnouncement:
    """The manager tells the residents (works, meetings, incidents): a post in the residence's space signed by the
    manager's page, pinned, and a notification with an e-mail at once to every resident."""
    _manager_only(user=actor, residence=residence)
    if category not in AnnouncementCategory.values:
        raise ValidationError({"category": _("Choose what the announcement is about: works, meeting, incident.")})
    _ensure_manager_membership(actor=actor, residence=residence)
    post = post_create(author=actor, space=residence.space, body=body, photos=photos, as_organisation=residence.manager)
    announcement = ResidenceAnnouncement.objects.create(post=post, residence=residence, category=category)
    from ..tasks import announcement_notify  # the tasks import these services: a cycle at load time

    transaction.on_commit(lambda: announcement_notify.enqueue(announcement_id=announcement.pk))
    return announcement


@transaction.atomic
def announcement_unpin(*, actor, announcement: ResidenceAnnouncement) -> ResidenceAnnouncement:
    _manager_only(user=actor, residence=announcement.residence)
    if announcement.pinned:
        announcement.pinned = False
        announcement.save(update_fields=["pinned"])
    return announcement


def announcement_notify(*, announcement_id: int) -> int:
    """Tell every verified resident who is a member of the space, once (the unique key of notifications), and
    e-mail them at once whatever their digest setting: a water cut tomorrow cannot wait for the evening digest.
    Only "never" is respected: it is the one-click unsubscribe. Returns the number of e-mails sent."""
    announcement = (
        ResidenceAnnouncement.objects.select_related("post__author", "residence__space")
        .filter(pk=announcement_id)
        .first()
    )
    if announcement is None or not ResidenceAnnouncement.objects.pinned().filter(pk=announcement_id).exists():
        return 0
    post, space = announcement.post, announcement.residence.space
    residents = User.objects.filter(
        is_active=True,
        pk__in=ResidentVerification.objects.filter(residence=announcement.residence).values("user_id"),
    ).filter(pk__in=Membership.objects.active().filter(space=space).values("user_id"))
    residents = residents.exclude(pk=post.author_id).order_by("pk")
    # The post's own kind and key: a mentioned resident is told once, not twice. The closest verb there is: its
    # sentence reads "New post in <residence>" and leads to the post.
    return hooks.notify_at_once(
        kind="post",
        target=post,
        actor=post.author,
        recipients=list(residents),
        verb="new_post_in_followed_space",
        email_kind="residence_announcement",
    )
