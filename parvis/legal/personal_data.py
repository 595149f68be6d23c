"""The register's lines for the legal pages (see `core/personal_data.py`)."""

from django.utils.translation import gettext_lazy as _

from parvis.core import personal_data
from parvis.core.personal_data import NotPersonal

from .models import LegalText


def register() -> None:
    personal_data.register(
        key="legal",
        heading=_("Legal pages"),
        not_personal=[
            NotPersonal(LegalText, ("page", "language", "body", "updated_at"), "texts the operator publishes"),
        ],
    )
