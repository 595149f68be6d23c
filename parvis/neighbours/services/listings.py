"""Listings between neighbours and the exchanges they lead to: one function per move of a listing's lifecycle
(open → done / expired / withdrawn)."""

from datetime import timedelta
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from parvis.accounts.verifications import level_require
from parvis.core.files import atomic_with_files
from parvis.core.media import attach_image, clean_alt_text
from parvis.core.ratelimit import check_rate
from parvis.core.text import clean_name
from parvis.territories.models import Level, Territory

from ..models import (
    Direction,
    Exchange,
    Listing,
    ListingAnswer,
    ListingKind,
    ListingPhoto,
    ListingStatus,
    Residence,
    ResidentVerification,
    Scope,
)

LISTING_LIFETIME = timedelta(days=30)
CODE_LIFETIME = timedelta(days=90)
MAX_PHOTOS = 4
PHOTO_MAX_BYTES = 10 * 1024 * 1024
PHOTO_SIZES = {"image": 1200, "image_small": 320}
# Wrong residence codes allowed per person and per address before a pause: 8 characters from 32 letters leave
# about 10^12 codes, so 5 tries per 15 minutes make guessing hopeless, while a typo costs nothing.
CODE_TRIES = 5
CODE_TRIES_PERIOD = 15 * 60


# --- Listings -------------------------------------------------------------------------------------------------------


def verified_residence(user) -> Residence | None:
    """The residence the user is a verified resident of, if any."""
    if not user.is_authenticated:
        return None
    verification = (
        ResidentVerification.objects.filter(user=user)
        .select_related("residence__territory__parent")
        .order_by("-pk")
        .first()
    )
    return verification.residence if verification else None


def scope_territory(*, user, scope: str) -> Territory:
    """Where a listing of this scope goes for this author, or a message saying what is missing."""
    if scope == Scope.RESIDENCE:
        residence = verified_residence(user)
        if residence is None:
            raise ValidationError(
                {"scope": _("Only verified residents post to their residence: enter your residence code first.")}
            )
        # The operator may ask more than the residence's code (core.permissions.LEVEL_DEFAULTS).
        level_require(user, "residence.post", field="scope")
        return residence.territory
    if scope == Scope.QUARTIER:
        # Verified, not declared: see ListingQuerySet.visible_to for why.
        residence = verified_residence(user)
        quartier = residence.territory.parent if residence else None
        if quartier is None or quartier.level != Level.QUARTIER:
            raise ValidationError(
                {
                    "scope": _(
                        "Only verified residents of a residence in the neighbourhood post to it: enter your "
                        "residence code first."
                    )
                }
            )
        return quartier
    if scope == Scope.COMMUNE:
        if user.home_commune_id is None:
            raise ValidationError({"scope": _("Choose your home commune in your profile first.")})
        return user.home_commune
    raise ValidationError({"scope": _("Choose who sees the listing: your residence, neighbourhood or commune.")})


def _clean_listing(*, direction, kind, title, description, availability, price) -> dict:
    errors = {}
    title = clean_name(title)
    description = (description or "").replace("\x00", "").strip()
    availability = (availability or "").replace("\x00", "").strip()
    if direction not in Direction.values:
        errors["direction"] = _("Say whether you offer or request something.")
    if kind not in ListingKind.values:
        errors["kind"] = _("Choose the kind of exchange.")
    if not title:
        errors["title"] = _("Give your listing a title, for example “I lend a drill”.")
    elif len(title) > 120:
        errors["title"] = _("The title is too long: 120 characters at most.")
    if len(description) > 4000:
        errors["description"] = _("The description is too long: 4,000 characters at most.")
    if len(availability) > 200:
        errors["availability"] = _("The availability is too long: 200 characters at most.")
    amount = None
    if price not in (None, ""):
        if kind != ListingKind.SALE:
            errors["price"] = _("Only a sale has a price: between neighbours, the other exchanges are free.")
        else:
            try:
                amount = Decimal(str(price).replace(",", ".").replace("€", "").strip())
            except InvalidOperation:
                amount = None
            if amount is None or not amount.is_finite() or amount < 0 or amount >= Decimal("1000000"):
                errors["price"] = _("Give the price in euros, for example 15 or 7.50.")
            else:
                amount = amount.quantize(Decimal("0.01"))
    if errors:
        raise ValidationError(errors)
    return {"title": title, "description": description, "availability": availability, "price": amount}


def _attach_photos(listing: Listing, photos: list[tuple]) -> None:
    """`photos`: (uploaded file, alt text) pairs, re-encoded (no EXIF, no GPS: a photo must not give the address)."""
    if len(photos) > MAX_PHOTOS:
        raise ValidationError({"photos": _("At most %(count)s photos per listing.") % {"count": MAX_PHOTOS}})
    for position, (upload, alt_text) in enumerate(photos):
        alt_text = clean_alt_text(alt_text, limit=500, required=True, field="photos")
        photo = ListingPhoto(listing=listing, position=position, alt_text=alt_text)
        stored = attach_image(photo, upload, sizes=PHOTO_SIZES, max_bytes=PHOTO_MAX_BYTES)
        photo.width, photo.height = stored.width, stored.height
        photo.save()


@atomic_with_files()
def listing_create(
    *,
    author,
    direction: str,
    kind: str,
    scope: str,
    title: str,
    description: str = "",
    availability: str = "",
    price=None,
    photos: list[tuple] | None = None,
) -> Listing:
    if not author.is_authenticated or not author.is_active:
        raise PermissionDenied(_("Sign in to publish a listing."))
    fields = _clean_listing(
        direction=direction, kind=kind, title=title, description=description, availability=availability, price=price
    )
    territory = scope_territory(user=author, scope=scope)
    check_rate(f"listing:{author.pk}", 20, 24 * 60 * 60)
    listing = Listing.objects.create(
        author=author,
        direction=direction,
        kind=kind,
        scope=scope,
        territory=territory,
        expires_at=timezone.now() + LISTING_LIFETIME,
        **fields,
    )
    _attach_photos(listing, photos or [])
    return listing


def _locked_listing(listing: Listing) -> Listing:
    return Listing.objects.select_for_update().get(pk=listing.pk)


def _author_only(*, user, listing: Listing) -> None:
    if not user.is_authenticated or listing.author_id != user.pk:
        raise PermissionDenied(_("Only the author of the listing does this."))


def _move(listing: Listing, *, allowed_from: tuple, to: str, message: str) -> None:
    if listing.status not in allowed_from:
        raise ValidationError(message)
    listing.status = to


@transaction.atomic
def listing_update(
    *, user, listing: Listing, direction: str, kind: str, title: str, description="", availability="", price=None
) -> Listing:
    """The author corrects an open listing: its words, its kind and its price. Not who sees it: the people who
    answered were in its scope, and widening or narrowing it afterwards would change what they agreed to."""
    _author_only(user=user, listing=listing)
    listing = _locked_listing(listing)
    if listing.status != ListingStatus.OPEN:
        raise ValidationError(_("Only an open listing can be changed: renew it first, or publish a new one."))
    fields = _clean_listing(
        direction=direction, kind=kind, title=title, description=description, availability=availability, price=price
    )
    listing.direction, listing.kind = direction, kind
    for name, value in fields.items():
        setattr(listing, name, value)
    listing.save(update_fields=["direction", "kind", *fields])
    return listing


@transaction.atomic
def listing_withdraw(*, user, listing: Listing) -> Listing:
    """open → withdrawn: the author no longer offers or needs it."""
    _author_only(user=user, listing=listing)
    listing = _locked_listing(listing)
    if listing.status == ListingStatus.WITHDRAWN:
        return listing
    _move(
        listing,
        allowed_from=(ListingStatus.OPEN, ListingStatus.EXPIRED),
        to=ListingStatus.WITHDRAWN,
        message=_("Only an open or expired listing can be withdrawn."),
    )
    listing.closed_at = timezone.now()
    listing.save(update_fields=["status", "closed_at"])
    return listing


@transaction.atomic
def listing_renew(*, user, listing: Listing) -> Listing:
    """open or expired → open for another 30 days."""
    _author_only(user=user, listing=listing)
    listing = _locked_listing(listing)
    _move(
        listing,
        allowed_from=(ListingStatus.OPEN, ListingStatus.EXPIRED),
        to=ListingStatus.OPEN,
        message=_("Only an open or expired listing can be renewed: publish a new one."),
    )
    listing.expires_at = timezone.now() + LISTING_LIFETIME
    listing.closed_at = None
    listing.save(update_fields=["status", "expires_at", "closed_at"])
    return listing


@transaction.atomic
def listing_expire(*, listing: Listing) -> Listing:
    """open → expired, once its 30 days are over (the `neighbours_expire` command, run by cron)."""
    listing = _locked_listing(listing)
    if listing.status != ListingStatus.OPEN or listing.expires_at > timezone.now():
        return listing
    listing.status = ListingStatus.EXPIRED
    listing.closed_at = timezone.now()
    listing.save(update_fields=["status", "closed_at"])
    return listing


def listings_expire_due() -> int:
    """Expire every open listing past its date; returns how many. Idempotent."""
    count = 0
    for listing in Listing.objects.due_to_expire().only("pk").iterator():
        if listing_expire(listing=listing).status == ListingStatus.EXPIRED:
            count += 1
    return count


def _conversation_start():
    """parvis.messaging's conversation_start, or None while that app is not installed."""
    if "parvis.messaging" not in settings.INSTALLED_APPS:
        return None
    try:
        # Imported here: messaging may be left out of INSTALLED_APPS, and neighbours then works without answers.
        from parvis.messaging.services import conversation_start
    except ImportError:
        return None
    return conversation_start


@transaction.atomic
def listing_answer(*, user, listing: Listing, message: str) -> ListingAnswer:
    """Answer a listing one may see: a private conversation with its author opens (parvis.messaging), and the
    author can later name this person when marking the listing done."""
    listing = Listing.objects.visible_to(user).select_related("author").filter(pk=listing.pk).first()
    if listing is None:
        raise PermissionDenied(_("You cannot answer this listing."))
    if listing.author_id == user.pk:
        raise ValidationError(_("This is your own listing."))
    if listing.status != ListingStatus.OPEN:
        raise ValidationError(_("This listing is closed: it no longer takes answers."))
    message = (message or "").replace("\x00", "").strip()
    if not message:
        raise ValidationError({"message": _("Write a few words to the author, for example when you are available.")})
    if len(message) > 2000:
        raise ValidationError({"message": _("The message is too long: 2,000 characters at most.")})
    if ListingAnswer.objects.filter(listing=listing, user=user).exists():
        raise ValidationError(_("You have already answered this listing: continue in your messages."))
    check_rate(f"listing_answer:{user.pk}", 30, 60 * 60)
    conversation_id = None
    start = _conversation_start()
    if start is not None:
        conversation = start(
            initiator=user,
            participants=[listing.author],
            first_message=message,
            subject=listing.title,
            context_listing_id=listing.pk,
        )
        conversation_id = getattr(conversation, "pk", None)
    try:
        with transaction.atomic():
            return ListingAnswer.objects.create(
                listing=listing, user=user, message=message, conversation_id=conversation_id
            )
    except IntegrityError as error:  # a double submission
        raise ValidationError(_("You have already answered this listing: continue in your messages.")) from error


def _commune_of(territory: Territory) -> Territory:
    """The commune a residence, quartier or commune belongs to (the path names it)."""
    if territory.level == Level.COMMUNE:
        return territory
    key = next(part for part in territory.path.strip("/").split("/") if part.startswith("commune:"))
    return Territory.objects.get(level=Level.COMMUNE, code=key.split(":", 1)[1])


@transaction.atomic
def listing_mark_done(*, user, listing: Listing, partner_id: int) -> Exchange:
    """open → done, with whom ("service rendu"): the partner is one of the people who answered."""
    _author_only(user=user, listing=listing)
    listing = _locked_listing(listing)
    answer = ListingAnswer.objects.select_related("user").filter(listing=listing, user_id=partner_id).first()
    if answer is None:
        raise ValidationError({"partner": _("Choose the neighbour among the people who answered your listing.")})
    _move(
        listing,
        allowed_from=(ListingStatus.OPEN, ListingStatus.EXPIRED),
        to=ListingStatus.DONE,
        message=_("This listing is already closed."),
    )
    listing.closed_at = timezone.now()
    listing.save(update_fields=["status", "closed_at"])
    return Exchange.objects.create(
        listing=listing, author=listing.author, partner=answer.user, commune=_commune_of(listing.territory)
    )


@transaction.atomic
def exchange_thank(*, user, exchange: Exchange, message: str) -> Exchange:
    """Each of the two may leave (or change) a short thank-you, shown on the exchange."""
    exchange = Exchange.objects.select_for_update().get(pk=exchange.pk)
    if user.pk not in (exchange.author_id, exchange.partner_id):
        raise PermissionDenied(_("Only the two neighbours of this exchange thank each other here."))
    message = (message or "").replace("\x00", "").strip()
    if not message:
        raise ValidationError({"message": _("Write your thanks in a few words.")})
    if len(message) > 500:
        raise ValidationError({"message": _("The thanks are too long: 500 characters at most.")})
    field = "author_thanks" if user.pk == exchange.author_id else "partner_thanks"
    setattr(exchange, field, message)
    exchange.save(update_fields=[field])
    return exchange
