"""The register's lines for organisation profiles, offers and school classes (see `core/personal_data.py`)."""

from django.utils.translation import gettext_lazy as _

from parvis.core import personal_data
from parvis.core.personal_data import SERVICE, WHILE_CONTENT, WHILE_SPACE, Entry, NotPersonal, Retention

from .models import CommuneFigures, Offer, OrganisationProfile, Recommendation, SchoolClass


def register() -> None:
    personal_data.register(
        key="directory",
        heading=_("Directory of organisations"),
        entries=[
            Entry(
                OrganisationProfile,
                ("activities", "email", "phone", "website", "address"),
                data=_("an organisation's contact, which may be one of its officers' phone or address"),
                purpose=_("letting people reach associations, shops and venues"),
                basis=SERVICE,
                retention=WHILE_SPACE,
                seen_by=_("the people who may know the page exists"),
            ),
            Entry(
                Offer,
                ("created_by",),
                data=_("who published a shop's offer"),
                purpose=_("accounting for what a page publishes"),
                basis=SERVICE,
                retention=Retention(life=_("as long as the offer")),
                seen_by=_("the page's officers"),
            ),
            Entry(
                SchoolClass,
                ("created_by",),
                data=_("the parent who opened a class's space"),
                purpose=_("accounting for who opened the space"),
                basis=SERVICE,
                retention=WHILE_SPACE,
                seen_by=_("the class's officers"),
            ),
            Entry(
                Recommendation,
                ("space", "author", "text", "created_at", "updated_at"),
                data=_("the shops and services you recommend, and what you say of them"),
                purpose=_("telling neighbours about good addresses"),
                basis=SERVICE,
                retention=WHILE_CONTENT,
                seen_by=_("everyone who may see the directory entry"),
            ),
        ],
        not_personal=[
            NotPersonal(
                OrganisationProfile,
                ("space", "themes", "shop_category", "opening_hours", "updated_at"),
                "an organisation's themes and hours",
            ),
            NotPersonal(
                Offer,
                ("space", "title", "description", "code", "valid_from", "valid_until", "created_at"),
                "a shop's offer",
            ),
            NotPersonal(
                SchoolClass,
                ("space", "school", "school_name", "year", "class_name", "school_year", "created_at"),
                "a school class: the school, the year and the class's name, never a child",
            ),
            NotPersonal(CommuneFigures, ("territory", "shops_total"), "a count the operator enters"),
            NotPersonal(Recommendation, ("status",), "a recommendation's moderation state"),
        ],
    )
