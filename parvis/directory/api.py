"""The directory under /api/v1/directory: entries of `Space.objects.listed_for(caller)` only, shops' current offers
(discount codes for eligible callers only, `code_visible_to`), and the creation of a school class's space."""

from datetime import datetime

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from parvis.core.api_auth import PUBLIC, SIGNED_IN
from parvis.core.pagination import LimitOffsetPagination
from parvis.core.permissions import can
from parvis.core.schemas import ErrorOut, Id, Text
from parvis.spaces.models import OrganisationKind, Space

from . import services
from .models import (
    DIRECTORY_KINDS,
    RECOMMENDABLE_KINDS,
    RECOMMENDATION_LIMIT,
    Offer,
    Recommendation,
    SchoolYear,
    ShopCategory,
    Theme,
    code_visible_to,
    directory_spaces,
    filtered_entries,
)

router = Router(tags=["directory"])


class EntryOut(Schema):
    slug: str
    name: str
    kind: str
    is_verified: bool
    territory_id: int
    territory_name: str
    member_count: int
    recommendation_count: int = 0
    rna: str
    themes: list[str]
    activities: str
    shop_category: str
    opening_hours: str
    address: str
    email: str
    phone: str
    website: str
    url: str

    @staticmethod
    def resolve_kind(space: Space) -> str:
        return space.organisation_kind

    @staticmethod
    def resolve_territory_name(space: Space) -> str:
        return space.territory.name

    @staticmethod
    def _profile_field(space: Space, field: str) -> str:
        profile = getattr(space, "profile", None)
        return getattr(profile, field) if profile is not None else ""

    @staticmethod
    def resolve_themes(space: Space) -> list[str]:
        profile = getattr(space, "profile", None)
        return profile.theme_list if profile is not None else []

    @staticmethod
    def resolve_activities(space):
        return EntryOut._profile_field(space, "activities")

    @staticmethod
    def resolve_shop_category(space):
        return EntryOut._profile_field(space, "shop_category")

    @staticmethod
    def resolve_opening_hours(space):
        return EntryOut._profile_field(space, "opening_hours")

    @staticmethod
    def resolve_address(space):
        return EntryOut._profile_field(space, "address")

    @staticmethod
    def resolve_email(space):
        return EntryOut._profile_field(space, "email")

    @staticmethod
    def resolve_phone(space):
        return EntryOut._profile_field(space, "phone")

    @staticmethod
    def resolve_website(space):
        return EntryOut._profile_field(space, "website")

    @staticmethod
    def resolve_url(space: Space) -> str:
        return space.get_absolute_url()


class OfferOut(Schema):
    id: int
    title: str
    description: str
    code: str | None = Field(description="null when the caller may not see it (not signed in, or another commune).")
    has_code: bool
    valid_from: datetime
    valid_until: datetime


class SchoolClassIn(Schema):
    # Plain strings checked by the service, so that a wrong value is a 400 with a sentence, not a 422 dump.
    school_id: Id | None = Field(None, description="A school page of your home commune; or give school_name.")
    school_name: Text(200) = ""
    year: Text(32) = Field("", description=f"One of: {', '.join(SchoolYear.values)}.")
    class_name: Text(200) = ""
    school_year: Text(32) = Field("", description="Two following years, e.g. 2026-2027.")
    teacher_handle: Text(64) = Field("", description="The teacher's @handle, named administrator of the class.")


class SchoolClassOut(Schema):
    slug: str
    name: str
    visibility: str
    join_policy: str
    url: str


def _choice(value: str, allowed: list[str], label: str) -> str:
    if value and value not in allowed:
        raise ValidationError(
            _("Unknown %(label)s: choose one of %(values)s.") % {"label": label, "values": ", ".join(allowed)}
        )
    return value


@router.post(
    "/classes",
    response={201: SchoolClassOut, 400: ErrorOut, 403: ErrorOut},
    auth=SIGNED_IN,
    summary="Open the space of a school class",
)
def class_create(request, payload: SchoolClassIn):
    school = None
    if payload.school_id is not None:
        school = services.schools_for(request.auth).filter(pk=payload.school_id).first()
        if school is None:
            raise ValidationError(_("Choose a school of your home commune from the list."))
    school_class = services.school_class_create(
        creator=request.auth,
        school=school,
        school_name=payload.school_name,
        year=payload.year,
        class_name=payload.class_name,
        school_year=payload.school_year,
        teacher_handle=payload.teacher_handle,
    )
    space = school_class.space
    return Status(
        201,
        SchoolClassOut(
            slug=space.slug,
            name=space.name,
            visibility=space.visibility,
            join_policy=space.join_policy,
            url=space.get_absolute_url(),
        ),
    )


@router.get("/", response={200: list[EntryOut], 400: ErrorOut}, auth=PUBLIC, summary="Search the directory")
@paginate(LimitOffsetPagination)
def entry_list(
    request,
    kind: Text(32) = "",
    theme: Text(32) = "",
    category: Text(32) = "",
    commune: Id | None = None,
    q: Text() = "",
):
    filters = {
        "kind": _choice(kind, list(DIRECTORY_KINDS), "kind"),
        "theme": _choice(theme, Theme.values, "theme"),
        "category": _choice(category, ShopCategory.values, "category"),
        "commune": commune,
        "q": q[:200],
    }
    return filtered_entries(request.auth, filters)


@router.get("/{slug}", response={200: EntryOut, 404: ErrorOut}, auth=PUBLIC, summary="One directory entry")
def entry_detail(request, slug: str):
    return get_object_or_404(directory_spaces(request.auth), slug=slug)


@router.get(
    "/{slug}/offers", response={200: list[OfferOut], 404: ErrorOut}, auth=PUBLIC, summary="A shop's current offers"
)
def offer_list(request, slug: str):
    space = get_object_or_404(directory_spaces(request.auth).filter(organisation_kind=OrganisationKind.SHOP), slug=slug)
    show = can(request.auth, "space.administer", space) or code_visible_to(request.auth, space)
    return [
        OfferOut(
            id=offer.pk,
            title=offer.title,
            description=offer.description,
            code=offer.code if show and offer.code else None,
            has_code=bool(offer.code),
            valid_from=offer.valid_from,
            valid_until=offer.valid_until,
        )
        for offer in Offer.objects.of_shop(space).current()[:100]
    ]


class RecommendationOut(Schema):
    id: int
    entry_slug: str
    author_name: str
    text: str
    mine: bool
    created_at: datetime
    updated_at: datetime


class RecommendationIn(Schema):
    text: Text(RECOMMENDATION_LIMIT * 2) = Field(description=f"At most {RECOMMENDATION_LIMIT} characters")


def _recommendation_out(request, recommendation: Recommendation) -> dict:
    return {
        "id": recommendation.pk,
        "entry_slug": recommendation.space.slug,
        "author_name": recommendation.author.public_name,
        "text": recommendation.text,
        "mine": bool(request.auth) and recommendation.author_id == request.auth.pk,
        "created_at": recommendation.created_at,
        "updated_at": recommendation.updated_at,
    }


def _recommendable_entry(request, slug: str) -> Space:
    return get_object_or_404(
        directory_spaces(request.auth).filter(organisation_kind__in=RECOMMENDABLE_KINDS), slug=slug
    )


@router.get(
    "/{slug}/recommendations",
    response={200: list[RecommendationOut], 404: ErrorOut},
    auth=PUBLIC,
    summary="What neighbours say of a shop or a service, latest first",
)
def recommendation_list(request, slug: str):
    space = _recommendable_entry(request, slug)
    rows = Recommendation.objects.visible_to(request.auth).filter(space=space).for_list()[:100]
    return [_recommendation_out(request, row) for row in rows]


@router.post(
    "/{slug}/recommendations",
    response={201: RecommendationOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 429: ErrorOut},
    auth=SIGNED_IN,
    summary="Recommend a shop or a service (one per person: a second one is refused, edit the first)",
)
def recommendation_create(request, slug: str, payload: RecommendationIn):
    space = _recommendable_entry(request, slug)
    recommendation = services.recommendation_create(author=request.auth, space=space, text=payload.text)
    return Status(201, _recommendation_out(request, recommendation))


def _my_recommendation(request, recommendation_id: int) -> Recommendation:
    return get_object_or_404(
        Recommendation.objects.in_readable_spaces(request.auth).select_related("space", "author"),
        pk=recommendation_id,
        author=request.auth,
    )


@router.put(
    "/recommendations/{recommendation_id}",
    response={200: RecommendationOut, 400: ErrorOut, 404: ErrorOut},
    auth=SIGNED_IN,
    summary="Edit my recommendation",
)
def recommendation_update(request, recommendation_id: int, payload: RecommendationIn):
    recommendation = services.recommendation_update(
        author=request.auth, recommendation=_my_recommendation(request, recommendation_id), text=payload.text
    )
    return _recommendation_out(request, recommendation)


@router.delete(
    "/recommendations/{recommendation_id}",
    response={204: None, 404: ErrorOut},
    auth=SIGNED_IN,
    summary="Withdraw my recommendation",
)
def recommendation_delete(request, recommendation_id: int):
    services.recommendation_delete(author=request.auth, recommendation=_my_recommendation(request, recommendation_id))
    return Status(204, None)
