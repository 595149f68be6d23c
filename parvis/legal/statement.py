"""What the legal pages say, read from the settings and the register of personal data."""

import contextlib
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from parvis.core import personal_data

# The RGAA's three words for an accessibility statement's status, also shown in every page's footer.
ACCESSIBILITY_STATUSES = {
    "non": _("not compliant"),
    "partial": _("partially compliant"),
    "full": _("fully compliant"),
}


def operator() -> dict:
    return {
        "name": settings.PARVIS_OPERATOR_NAME,
        "address": settings.PARVIS_OPERATOR_ADDRESS,
        "email": settings.PARVIS_OPERATOR_EMAIL,
        "phone": settings.PARVIS_OPERATOR_PHONE,
        "identifier": settings.PARVIS_OPERATOR_IDENTIFIER,
        "public_body": settings.PARVIS_OPERATOR_PUBLIC_BODY,
        "director": settings.PARVIS_PUBLICATION_DIRECTOR,
        "host_name": settings.PARVIS_HOST_NAME,
        "host_address": settings.PARVIS_HOST_ADDRESS,
        "host_phone": settings.PARVIS_HOST_PHONE,
        "dpo": settings.PARVIS_DPO_CONTACT,
        "base_url": settings.PARVIS_BASE_URL,
    }


def accessibility_status() -> str:
    """The status word; a value the RGAA does not know reads as "not compliant", the only safe claim."""
    return ACCESSIBILITY_STATUSES.get(settings.PARVIS_ACCESSIBILITY_STATUS, ACCESSIBILITY_STATUSES["non"])


def accessibility() -> dict:
    audit_date = None
    # A date the operator mistyped reads as no date given: the page says it is to be completed.
    with contextlib.suppress(ValueError):
        audit_date = date.fromisoformat(settings.PARVIS_ACCESSIBILITY_AUDIT_DATE)
    return {
        "status": accessibility_status(),
        "audit_date": audit_date,
        "conformity_rate": settings.PARVIS_ACCESSIBILITY_RATE,
    }


@dataclass(frozen=True)
class Line:
    data: str
    purpose: str
    basis: str
    retention: str
    seen_by: str


def privacy_sections() -> list[tuple[str, list[Line]]]:
    """[(heading, lines)] of the register, in the reader's language, each basis as the operator's kind reads it."""
    return [
        (
            section.heading,
            [
                Line(
                    data=entry.data,
                    purpose=entry.purpose,
                    basis=personal_data.basis_label(entry.basis),
                    retention=str(entry.retention),
                    seen_by=entry.seen_by,
                )
                for entry in section.entries
            ],
        )
        for section in personal_data.sections()
        if section.entries
    ]
