"""Organisation pages: the request that opens one, and the operator's verification."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from parvis.core.permissions import can
from parvis.territories.models import Level, Territory

from ..identifiers import normalise_rna, normalise_siret
from ..models import JoinPolicy, Nature, OrganisationKind, Space, SpaceLogAction, Visibility
from .acts import _log
from .spaces import _clean_space_fields, _may_create_spaces, _space_insert

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
