"""Listings in the registry of content kinds (`parvis.core.kinds`), registered in `NeighboursConfig.ready`.

A listing has no space (its scope is a territory): like a message, only the operator's moderators handle it, and
their queue shows its text without a link (it may be scoped to a residence they cannot read)."""

from django.utils.translation import gettext_lazy as _

from parvis.core import kinds

from .models import Listing, ListingStatus

MODERATED_STATUS = {kinds.HIDE: ListingStatus.HIDDEN, kinds.REMOVE: ListingStatus.REMOVED}


def listing_moderate(listing: Listing, action: str) -> str:
    previous = Listing.objects.select_for_update().get(pk=listing.pk).status
    Listing.objects.filter(pk=listing.pk).update(status=MODERATED_STATUS[action])
    return previous


def listing_restore(listing_id: int, action: str, previous_state: str) -> None:
    Listing.objects.filter(pk=listing_id, status=MODERATED_STATUS[action]).update(
        status=previous_state or ListingStatus.OPEN
    )


def register() -> None:
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
