"""Listings in the registry of content kinds (`parvis.core.kinds`), registered in `NeighboursConfig.ready`.

A listing has no space (its scope is a territory): like a message, only the operator's moderators handle it, and
their queue shows its text without a link (it may be scoped to a residence they cannot read)."""

from django.utils.translation import gettext_lazy as _

from parvis.core import kinds

from .models import Listing, ListingStatus

listing_moderate, listing_restore = kinds.status_moderation(
    Listing, hidden=ListingStatus.HIDDEN, removed=ListingStatus.REMOVED, published=ListingStatus.OPEN
)


def register() -> None:
    register_indicators()
    kinds.register(
        kinds.ContentKind(
            name="listing",
            label=_("listing between neighbours"),
            model=Listing,
            url_word="annonce",
            # Whoever the listing's scope reaches may find and report it.
            visible_to=lambda user: Listing.objects.visible_to(user).select_related("author"),
            author=lambda listing: listing.author,
            text=lambda listing: (listing.title, listing.description),
            moderate=listing_moderate,
            restore=listing_restore,
            linkable=False,
            related=("author",),
            search=kinds.SearchDocument(
                title="title", body="description", date="created_at", heading=_("Listings between neighbours")
            ),
        )
    )


# --- Its figures for the operator (parvis/figures) ------------------------------------------------------------------


def exchanges_done(start, end) -> dict[int, int]:
    from django.db.models import Count

    from .models import Exchange

    rows = Exchange.objects.filter(done_at__gte=start, done_at__lt=end).values_list("commune_id")
    return dict(rows.annotate(n=Count("pk")).order_by())


def register_indicators() -> None:
    kinds.register_indicator(
        kinds.Indicator(name="exchanges", label=_("services and ads exchanged"), count=exchanges_done, order=30)
    )
