"""Listings between neighbours and residence codes, under /api/v1/neighbours. Reads go through
`Listing.objects.visible_to`: a listing outside the caller's residence, quartier or commune is a 404."""

from datetime import datetime
from typing import Annotated

from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from parvis.core.api_auth import SIGNED_IN
from parvis.core.network import client_ip
from parvis.core.pagination import LimitOffsetPagination
from parvis.core.schemas import ErrorOut, Id, Text, column_text

from . import services
from .models import Direction, Exchange, Listing, ListingKind, ListingStatus, Scope

router = Router(tags=["neighbours"])


class ListingOut(Schema):
    id: int
    direction: str
    kind: str
    scope: str
    territory_id: int
    territory_name: str
    title: str
    description: str
    availability: str
    price: str | None
    status: str
    author_name: str
    created_at: datetime
    expires_at: datetime
    url: str

    @staticmethod
    def resolve_territory_name(listing: Listing) -> str:
        return listing.territory.name

    @staticmethod
    def resolve_price(listing: Listing) -> str | None:
        return None if listing.price is None else str(listing.price)

    @staticmethod
    def resolve_author_name(listing: Listing) -> str:
        return listing.author.public_name

    @staticmethod
    def resolve_url(listing: Listing) -> str:
        return listing.get_absolute_url()


Price = Annotated[float, Field(ge=0, le=999_999)]


class ListingIn(Schema):
    # Plain strings checked by the service, so that a wrong value is a 400 with a sentence, not a 422 dump.
    direction: Text(32) = Field("", description=f"One of: {', '.join(Direction.values)}.")
    kind: Text(32) = Field("", description=f"One of: {', '.join(ListingKind.values)}.")
    scope: Text(32) = Field("", description=f"One of: {', '.join(Scope.values)} (who sees the listing).")
    title: column_text(Listing, "title") = ""
    description: column_text(Listing, "description") = ""
    availability: column_text(Listing, "availability") = ""
    price: Text(32) | Price | None = Field(None, description='Euros, sales only (e.g. 7.5 or "7,50").')


class AnswerIn(Schema):
    message: Text() = ""


class AnswerOut(Schema):
    listing_id: int
    conversation_id: int | None


class DoneIn(Schema):
    partner_id: Id = Field(description="The id of a person who answered the listing.")


class ExchangeOut(Schema):
    id: int
    listing_id: int
    author_id: int
    partner_id: int
    done_at: datetime


class CodeIn(Schema):
    code: Text(64) = ""


class VerificationOut(Schema):
    residence_id: int
    residence_name: str
    space_slug: str
    verified_at: datetime

    @staticmethod
    def resolve_residence_name(verification) -> str:
        return verification.residence.territory.name

    @staticmethod
    def resolve_space_slug(verification) -> str:
        return verification.residence.space.slug


def _visible(request, listing_id: int) -> Listing:
    return get_object_or_404(
        Listing.objects.visible_to(request.auth).select_related("author", "territory"), pk=listing_id
    )


@router.get("/listings", response=list[ListingOut], auth=SIGNED_IN, summary="Listings visible to me")
@paginate(LimitOffsetPagination)
def listing_list(
    request,
    scope: Scope | None = None,
    kind: ListingKind | None = None,
    direction: Direction | None = None,
    status: ListingStatus = ListingStatus.OPEN,
):
    listings = Listing.objects.visible_to(request.auth).filter(status=status).select_related("author", "territory")
    if scope:
        listings = listings.filter(scope=scope)
    if kind:
        listings = listings.filter(kind=kind)
    if direction:
        listings = listings.filter(direction=direction)
    return listings.order_by("-created_at", "-pk")


@router.get("/listings/{listing_id}", response={200: ListingOut, 404: ErrorOut}, auth=SIGNED_IN, summary="One listing")
def listing_detail(request, listing_id: int):
    return _visible(request, listing_id)


@router.post(
    "/listings",
    response={201: ListingOut, 400: ErrorOut, 403: ErrorOut, 429: ErrorOut},
    auth=SIGNED_IN,
    summary="Publish a listing",
    description="400 with a sentence for a missing title, a bad kind or scope, a price on something not for sale, or "
    "a scope the caller has no territory for (residence and quartier scopes need a residence code first: a "
    "quartier listing reaches the verified residents of the quartier, not those who only declare it).",
)
def listing_create(request, payload: ListingIn):
    listing = services.listing_create(author=request.auth, **payload.dict())
    return Status(201, Listing.objects.select_related("author", "territory").get(pk=listing.pk))


@router.post(
    "/listings/{listing_id}/answer",
    response={201: AnswerOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 429: ErrorOut},
    auth=SIGNED_IN,
    summary="Answer a listing (opens a private conversation with its author)",
)
def listing_answer(request, listing_id: int, payload: AnswerIn):
    answer = services.listing_answer(user=request.auth, listing=_visible(request, listing_id), message=payload.message)
    return Status(201, answer)


@router.post(
    "/listings/{listing_id}/done",
    response={201: ExchangeOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    auth=SIGNED_IN,
    summary="Mark my listing done, with one of the people who answered",
)
def listing_done(request, listing_id: int, payload: DoneIn):
    exchange = services.listing_mark_done(
        user=request.auth, listing=_visible(request, listing_id), partner_id=payload.partner_id
    )
    return Status(201, exchange)


@router.post(
    "/listings/{listing_id}/withdraw",
    response={200: ListingOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    auth=SIGNED_IN,
    summary="Withdraw my listing",
)
def listing_withdraw(request, listing_id: int):
    return services.listing_withdraw(user=request.auth, listing=_visible(request, listing_id))


@router.post(
    "/listings/{listing_id}/renew",
    response={200: ListingOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    auth=SIGNED_IN,
    summary="Renew my listing for 30 days",
)
def listing_renew(request, listing_id: int):
    return services.listing_renew(user=request.auth, listing=_visible(request, listing_id))


@router.get("/exchanges", response=list[ExchangeOut], auth=SIGNED_IN, summary="My exchanges")
@paginate(LimitOffsetPagination)
def exchange_list(request):
    return Exchange.objects.of_user(request.auth).order_by("-done_at", "-pk")


@router.post(
    "/residence-code",
    response={201: VerificationOut, 400: ErrorOut, 429: ErrorOut},
    auth=SIGNED_IN,
    summary="Enter a residence code: become a verified resident",
    description="400 for an unknown, expired, revoked or used-up code (the sentence says which); 429 after "
    f"{services.CODE_TRIES} wrong codes in {services.CODE_TRIES_PERIOD // 60} minutes per person, or "
    f"{services.CODE_TRIES_PER_ADDRESS} per client address.",
)
def code_redeem(request, payload: CodeIn):
    verification = services.residence_code_redeem(user=request.auth, code=payload.code, ip=client_ip(request))
    return Status(201, verification)
