"""Every write of the directory: organisation profiles, shops' offers, school classes. Views and the API call these.

Rights come from the spaces: a page's profile and offers belong to its administrators (`space.administer` in
`parvis.core.permissions`); a class is a space created by `space_create`, its members and teacher are managed by
the spaces' services.
"""

import re
from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from parvis.core.permissions import can
from parvis.core.ratelimit import check_rate
from parvis.core.text import clean_name
from parvis.spaces.models import (
    JoinPolicy,
    Membership,
    MembershipStatus,
    Nature,
    OrganisationKind,
    Role,
    Space,
    Visibility,
)
from parvis.spaces.services.invitations import membership_invite, user_by_handle
from parvis.spaces.services.memberships import membership_set_role
from parvis.spaces.services.spaces import space_create

from .models import (
    DIRECTORY_KINDS,
    RECOMMENDABLE_KINDS,
    RECOMMENDATION_LIMIT,
    Offer,
    OrganisationProfile,
    Recommendation,
    SchoolClass,
    SchoolYear,
    ShopCategory,
    Theme,
)

OPENING_HOURS_LINES = 7
OPENING_HOURS_LINE_LENGTH = 80
# An offer runs at most a year: a forgotten "permanent" code would outlive the shop's intention.
OFFER_MAX_DAYS = 366
PHONE_PATTERN = re.compile(r"\+?[0-9 .\-()]{6,30}")
SCHOOL_YEAR_PATTERN = re.compile(r"(\d{4})\s*[-/–]\s*(\d{4})")


def _page_admin(*, actor, space: Space) -> None:
    if not space.is_organisation or space.organisation_kind not in DIRECTORY_KINDS:
        raise ValidationError(_("Only the pages of associations, shops, cultural venues and schools have a profile."))
    if not can(actor, "space.administer", space):
        raise PermissionDenied(_("Only the page's administrators edit its directory entry."))


def clean_opening_hours(raw: str) -> str:
    """One line per day or group of days, e.g. "Tue–Sat: 9:00–12:30, 14:00–19:00"; blank lines dropped."""
    lines = [line.strip() for line in (raw or "").splitlines() if line.strip()]
    if len(lines) > OPENING_HOURS_LINES:
        raise ValidationError(
            {"opening_hours": _("Write the opening hours in 7 lines at most (one per day or group of days).")}
        )
    if any(len(line) > OPENING_HOURS_LINE_LENGTH for line in lines):
        raise ValidationError({"opening_hours": _("Each line of the opening hours has 80 characters at most.")})
    return "\n".join(lines)


@transaction.atomic
def profile_update(
    *,
    actor,
    space: Space,
    themes: list[str] | None = None,
    activities: str = "",
    email: str = "",
    phone: str = "",
    website: str = "",
    address: str = "",
    shop_category: str = "",
    opening_hours: str = "",
) -> OrganisationProfile:
    """Write the directory entry of a page. Themes are for associations and cultural venues, the category and
    opening hours for shops (and venues' hours); the other kinds' values are ignored rather than refused."""
    _page_admin(actor=actor, space=space)
    errors = {}
    themes = list(dict.fromkeys(themes or []))
    if any(theme not in Theme.values for theme in themes):
        errors["themes"] = _("Choose the themes from the list.")
    activities = (activities or "").strip()
    if len(activities) > 2000:
        errors["activities"] = _("The activities are too long: 2,000 characters at most.")
    email = (email or "").strip()
    if email:
        try:
            EmailValidator()(email)
        except ValidationError:
            errors["email"] = _("This e-mail address is not valid, for example contact@association.fr.")
    phone = (phone or "").strip()
    if phone and not PHONE_PATTERN.fullmatch(phone):
        errors["phone"] = _("A phone number has digits, spaces, dots or dashes, for example 03 44 00 00 00.")
    website = (website or "").strip()
    if website:
        if not website.startswith(("http://", "https://")):
            website = f"https://{website}"
        try:
            URLValidator(schemes=["http", "https"])(website)
        except ValidationError:
            errors["website"] = _("This web address is not valid, for example https://www.example.fr.")
        if len(website) > 300:
            errors["website"] = _("The web address is too long: 300 characters at most.")
    address = (address or "").strip()
    if len(address) > 300:
        errors["address"] = _("The address is too long: 300 characters at most.")
    if shop_category and shop_category not in ShopCategory.values:
        errors["shop_category"] = _("Choose the shop's category from the list.")
    try:
        opening_hours = clean_opening_hours(opening_hours)
    except ValidationError as error:
        errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)
    if space.organisation_kind != OrganisationKind.SHOP:
        shop_category = ""
    if space.organisation_kind not in (OrganisationKind.ASSOCIATION, OrganisationKind.CULTURAL_VENUE):
        themes = []
    profile, _created = OrganisationProfile.objects.select_for_update().get_or_create(space=space)
    profile.themes = f",{','.join(themes)}," if themes else ""
    profile.activities = activities
    profile.email, profile.phone, profile.website, profile.address = email, phone, website, address
    profile.shop_category = shop_category
    profile.opening_hours = opening_hours
    profile.save()
    return profile


# --- Offers ---------------------------------------------------------------------------------------------------------


@transaction.atomic
def offer_create(
    *,
    actor,
    space: Space,
    title: str,
    description: str = "",
    code: str = "",
    valid_from: datetime | None = None,
    valid_until: datetime | None,
) -> Offer:
    """A shop's offer to residents, shown from `valid_from` (now by default) until `valid_until`."""
    _page_admin(actor=actor, space=space)
    if space.organisation_kind != OrganisationKind.SHOP:
        raise ValidationError(_("Only shops publish offers."))
    now = timezone.now()
    valid_from = valid_from or now
    title, description, code = clean_name(title), (description or "").strip(), (code or "").strip()
    errors = {}
    if not title:
        errors["title"] = _("Give the offer a title, for example “10 % off bread on Saturdays”.")
    elif len(title) > 120:
        errors["title"] = _("The title is too long: 120 characters at most.")
    if len(description) > 1000:
        errors["description"] = _("The description is too long: 1,000 characters at most.")
    if len(code) > 40:
        errors["code"] = _("The discount code is too long: 40 characters at most.")
    if valid_until is None:
        errors["valid_until"] = _("Say until when the offer runs.")
    elif valid_until <= max(valid_from, now):
        errors["valid_until"] = _("The end of the offer must be in the future and after its start.")
    elif (valid_until - valid_from).days > OFFER_MAX_DAYS:
        errors["valid_until"] = _("An offer runs one year at most: publish it again next year.")
    if errors:
        raise ValidationError(errors)
    return Offer.objects.create(
        space=space,
        title=title,
        description=description,
        code=code,
        valid_from=valid_from,
        valid_until=valid_until,
        created_by=actor,
    )


@transaction.atomic
def offer_end(*, actor, offer: Offer) -> Offer:
    """End an offer now (kept for the shop's history, hidden from everyone else)."""
    _page_admin(actor=actor, space=offer.space)
    now = timezone.now()
    if offer.valid_until > now:
        offer.valid_until = max(now, offer.valid_from)
        offer.save(update_fields=["valid_until"])
    return offer


# --- School classes -------------------------------------------------------------------------------------------------


def schools_for(user):
    """The school pages a parent may attach a class to: those of their home commune they know of."""
    if not user.is_authenticated or user.home_commune_id is None:
        return Space.objects.none()
    return (
        Space.objects.listed_for(user)
        .filter(organisation_kind=OrganisationKind.SCHOOL)
        .in_territory(user.home_commune)
        .order_by("name")
    )


def clean_school_year(raw: str) -> str:
    match = SCHOOL_YEAR_PATTERN.fullmatch((raw or "").strip())
    if not match or int(match.group(2)) != int(match.group(1)) + 1 or not 2000 <= int(match.group(1)) <= 2100:
        raise ValidationError({"school_year": _("Write the school year as two following years, e.g. 2026-2027.")})
    return f"{match.group(1)}-{match.group(2)}"


@transaction.atomic
def school_class_create(
    *,
    creator,
    year: str,
    class_name: str = "",
    school_year: str,
    school: Space | None = None,
    school_name: str = "",
    teacher_handle: str = "",
) -> SchoolClass:
    """A parent opens the space of a class: members-only, joined on request (the creator or the teacher approves).
    The space belongs to the school's commune, which must be the parent's home commune (`space_create`'s rule)."""
    errors = {}
    if year not in SchoolYear.values:
        errors["year"] = _("Choose the class level, for example CM2.")
    class_name = clean_name(class_name)
    if len(class_name) > 20:
        errors["class_name"] = _("The class name is short: 20 characters at most, for example “B”.")
    try:
        school_year = clean_school_year(school_year)
    except ValidationError as error:
        errors.update(error.message_dict)
    if school is not None:
        if not creator.is_authenticated or not schools_for(creator).filter(pk=school.pk).exists():
            errors["school"] = _("Choose a school of your home commune from the list.")
        else:
            school_name = school.name
    school_name = clean_name(school_name)
    if not school_name:
        errors.setdefault("school", _("Choose the school from the list, or type its name."))
    elif len(school_name) > 80:
        errors["school_name"] = _("The school's name is too long: 80 characters at most.")
    if errors:
        raise ValidationError(errors)
    if not creator.is_authenticated:
        raise PermissionDenied(_("Sign in to create a space."))
    label = f"{year} {class_name}".strip()
    space = space_create(
        creator=creator,
        name=f"{label} — {school_name} ({school_year})",
        nature=Nature.VOISINAGE,
        territory=school.territory if school is not None else creator.home_commune,
        visibility=Visibility.MEMBERS,
        join_policy=JoinPolicy.REQUEST,
        description=_("The parents of the class %(label)s of %(school)s, school year %(year)s.")
        % {"label": label, "school": school_name, "year": school_year},
    )
    school_class = SchoolClass.objects.create(
        space=space,
        school=school,
        school_name=school_name,
        year=year,
        class_name=class_name,
        school_year=school_year,
        created_by=creator,
    )
    if (teacher_handle or "").strip():
        school_class_set_teacher(actor=creator, school_class=school_class, handle=teacher_handle)
    return school_class


@transaction.atomic
def school_class_set_teacher(*, actor, school_class: SchoolClass, handle: str) -> Membership:
    """The owner names the teacher: an administrator of the class space, who approves parents' requests. A teacher
    not yet in the space is invited as administrator and becomes one on accepting; one who asked to join is let
    in as administrator."""
    space = school_class.space
    teacher = user_by_handle(handle)
    if teacher.pk == actor.pk:
        raise ValidationError({"handle": _("You already manage this class: name another person as its teacher.")})
    existing = Membership.objects.filter(space=space, user=teacher).first()
    if existing is not None and existing.status == MembershipStatus.ACTIVE:
        return membership_set_role(actor=actor, space=space, membership=existing, role=Role.ADMIN)
    return membership_invite(actor=actor, space=space, handle=teacher.handle, role=Role.ADMIN)


# --- Recommendations ------------------------------------------------------------------------------------------------


def _clean_recommendation(text: str) -> str:
    text = (text or "").replace("\x00", "").strip()
    if not text:
        raise ValidationError({"text": _("Say in a few words why you recommend it.")})
    if len(text) > RECOMMENDATION_LIMIT:
        raise ValidationError(
            {
                "text": _("The recommendation is too long (%(length)s characters; at most %(limit)s).")
                % {"length": len(text), "limit": RECOMMENDATION_LIMIT}
            }
        )
    return text


def _recommendable(*, author, space: Space) -> None:
    if not can(author, "directory.recommend"):
        raise PermissionDenied(_("Sign in to recommend."))
    if space.organisation_kind not in RECOMMENDABLE_KINDS or not space.is_readable_by(author):
        raise ValidationError(_("Only shops, craftsmen, venues and associations of the directory are recommended."))
    if can(author, "space.administer", space):
        raise ValidationError(_("You speak for this page: recommendations come from its customers and neighbours."))


@transaction.atomic
def recommendation_create(*, author, space: Space, text: str) -> Recommendation:
    """One recommendation per person per entry: a second one is refused with a sentence (edit the first instead)."""
    _recommendable(author=author, space=space)
    check_rate(f"recommendation:{author.pk}", 20, 60 * 60)
    text = _clean_recommendation(text)
    Space.objects.select_for_update().filter(pk=space.pk).first()  # two clicks at once: one recommendation
    if Recommendation.objects.filter(space=space, author=author).exists():
        raise ValidationError(
            {"text": _("You already recommend %(name)s: edit your recommendation instead.") % {"name": space.name}}
        )
    recommendation = Recommendation.objects.create(space=space, author=author, text=text)
    return recommendation


@transaction.atomic
def recommendation_update(*, author, recommendation: Recommendation, text: str) -> Recommendation:
    """The author edits their own recommendation (one hidden by a moderator stays hidden)."""
    if recommendation.author_id != author.pk:
        raise PermissionDenied(_("Only its author edits a recommendation."))
    text = _clean_recommendation(text)
    recommendation = Recommendation.objects.select_for_update().get(pk=recommendation.pk)
    recommendation.text = text
    recommendation.updated_at = timezone.now()
    recommendation.save(update_fields=["text", "updated_at"])
    return recommendation


@transaction.atomic
def recommendation_delete(*, author, recommendation: Recommendation) -> None:
    if recommendation.author_id != author.pk:
        raise PermissionDenied(_("Only its author withdraws a recommendation."))
    Recommendation.objects.filter(pk=recommendation.pk).delete()
