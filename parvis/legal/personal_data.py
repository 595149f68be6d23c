"""The register's lines for the legal pages (see `core/personal_data.py`)."""

from django.utils.translation import gettext_lazy as _

from parvis.core import personal_data
from parvis.core.personal_data import NotPersonal

from .models import LegalText, OperatorDetails


def register() -> None:
    personal_data.register(
        key="legal",
        heading=_("Legal pages"),
        not_personal=[
            NotPersonal(LegalText, ("page", "language", "body", "updated_at"), "texts the operator publishes"),
            NotPersonal(
                OperatorDetails,
                (
                    "name",
                    "address",
                    "email",
                    "phone",
                    "identifier",
                    "director",
                    "host_name",
                    "host_address",
                    "host_phone",
                    "dpo",
                    "accessibility_audit_date",
                    "accessibility_rate",
                    "updated_at",
                ),
                "the publisher's and the host's details, which the law asks every site to publish (LCEN art. 6, GDPR "
                "art. 13): an institution's addresses and its director of publication named in that office",
            ),
        ],
    )
