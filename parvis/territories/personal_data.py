"""The register's lines for territories: public geography, nothing about a person (see `core/personal_data.py`)."""

from django.utils.translation import gettext_lazy as _

from parvis.core import personal_data
from parvis.core.personal_data import NotPersonal

from .models import PostalCode, Territory


def register() -> None:
    personal_data.register(
        key="territories",
        heading=_("Territories"),
        not_personal=[
            NotPersonal(
                Territory,
                (
                    "level",
                    "code",
                    "name",
                    "slug",
                    "parent",
                    "epci",
                    "path",
                    "population",
                    "households",
                    "search_name",
                    "homes",
                    "centre_latitude",
                    "centre_longitude",
                ),
                "official geography (INSEE) and the quartiers and residences the operator names",
            ),
            # A residence's address is a building's, shown to say where the residence is, never a person's home.
            NotPersonal(Territory, ("address",), "the address of a building, not of a person"),
            NotPersonal(PostalCode, ("code", "commune"), "official postal codes"),
        ],
    )
