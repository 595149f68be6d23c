"""The register's lines for residences, verified residents, listings and exchanges (see `core/personal_data.py`)."""

from django.utils.translation import gettext_lazy as _

from parvis.core import personal_data
from parvis.core.personal_data import SERVICE, WHILE_CONTENT, Entry, NotPersonal, Retention

from .models import (
    Exchange,
    Listing,
    ListingAnswer,
    ListingPhoto,
    Residence,
    ResidenceAnnouncement,
    ResidenceCode,
    ResidentVerification,
)

SCOPE = _("the people the listing is for: your residence, your quartier's verified residents or your commune")


def register() -> None:
    personal_data.register(
        key="neighbours",
        heading=_("Neighbours"),
        entries=[
            Entry(
                ResidentVerification,
                ("user", "residence", "method", "code", "verified_at"),
                data=_("that you are a verified resident of a residence, and how (never a document)"),
                purpose=_("opening your residence's space and listings to you"),
                basis=SERVICE,
                retention=Retention(life=_("as long as you belong to the residence's space")),
                seen_by=_("you, the residence's manager and the operator"),
            ),
            Entry(
                Residence,
                ("created_by",),
                data=_("who declared a residence"),
                purpose=_("accounting for the residences the operator opens"),
                basis=SERVICE,
                retention=Retention(life=_("as long as the residence")),
                seen_by=_("the operator"),
            ),
            Entry(
                ResidenceCode,
                ("created_by",),
                data=_("who created a residence code"),
                purpose=_("accounting for the codes a manager hands out"),
                basis=SERVICE,
                retention=Retention(life=_("as long as the code")),
                seen_by=_("the residence's manager and the operator"),
            ),
            Entry(
                Listing,
                ("author", "territory", "title", "description", "availability", "price", "created_at", "closed_at"),
                data=_("your listings: what you offer or ask, where"),
                purpose=_("exchanging services and things between neighbours"),
                basis=SERVICE,
                retention=WHILE_CONTENT,
                seen_by=SCOPE,
            ),
            Entry(
                ListingPhoto,
                ("listing", "image", "image_small", "alt_text"),
                data=_("the photos of your listings (re-encoded: no location, no camera data)"),
                purpose=_("showing what you offer"),
                basis=SERVICE,
                retention=WHILE_CONTENT,
                seen_by=SCOPE,
            ),
            Entry(
                ListingAnswer,
                ("listing", "user", "message", "conversation_id", "created_at"),
                data=_("your answers to listings"),
                purpose=_("putting you in touch with the listing's author"),
                basis=SERVICE,
                retention=WHILE_CONTENT,
                seen_by=_("you and the listing's author"),
            ),
            Entry(
                Exchange,
                ("listing", "author", "partner", "commune", "done_at", "author_thanks", "partner_thanks"),
                data=_("the exchanges you did and the thanks you left each other"),
                purpose=_("thanking each other, and counting exchanges in the figures (never by name)"),
                basis=SERVICE,
                retention=WHILE_CONTENT,
                seen_by=_("you and the other person; the figures count them below any name"),
            ),
        ],
        not_personal=[
            NotPersonal(Residence, ("territory", "space", "manager", "buildings", "created_at"), "a building"),
            NotPersonal(
                ResidenceCode,
                ("code", "residence", "expires_at", "max_uses", "uses", "revoked", "created_at"),
                "a code handed out to a building's residents, not to one person",
            ),
            NotPersonal(
                ResidenceAnnouncement,
                ("post", "residence", "category", "pinned", "created_at"),
                "a landlord's announcement: its text is a post, registered with the posts",
            ),
            NotPersonal(Listing, ("direction", "kind", "scope", "status", "expires_at"), "a listing's kind and state"),
            NotPersonal(ListingPhoto, ("position", "width", "height"), "the layout of a photo"),
        ],
    )
