"""What the legal pages say, read from the settings and the register of personal data."""

import contextlib
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.db import DatabaseError
from django.utils.translation import gettext_lazy as _

from parvis.core import personal_data

from .models import OperatorDetails

# The RGAA's three words for an accessibility statement's status, also shown in every page's footer.
ACCESSIBILITY_STATUSES = {
    "non": _("not compliant"),
    "partial": _("partially compliant"),
    "full": _("fully compliant"),
}


# Each detail of the publisher and the host, and the setting it falls back on while the operator has not written it
# in the administration (`OperatorDetails`).
FALLBACKS = {
    "name": "PARVIS_OPERATOR_NAME",
    "address": "PARVIS_OPERATOR_ADDRESS",
    "email": "PARVIS_OPERATOR_EMAIL",
    "phone": "PARVIS_OPERATOR_PHONE",
    "identifier": "PARVIS_OPERATOR_IDENTIFIER",
    "director": "PARVIS_PUBLICATION_DIRECTOR",
    "host_name": "PARVIS_HOST_NAME",
    "host_address": "PARVIS_HOST_ADDRESS",
    "host_phone": "PARVIS_HOST_PHONE",
    "dpo": "PARVIS_DPO_CONTACT",
}


def _details() -> "OperatorDetails | None":
    # `check --deploy` may run before the first migration: no table reads as nothing written yet.
    try:
        return OperatorDetails.objects.current()
    except DatabaseError:
        return None


def operator(details: "OperatorDetails | None" = None) -> dict:
    """The publisher's and the host's details: the operator's record, each empty field read from its setting."""
    details = details if details is not None else _details()
    values = {
        key: (getattr(details, key, "") if details is not None else "") or getattr(settings, name, "")
        for key, name in FALLBACKS.items()
    }
    return {**values, "public_body": settings.PARVIS_OPERATOR_PUBLIC_BODY, "base_url": settings.PARVIS_BASE_URL}


def accessibility_status() -> str:
    """The status word; a value the RGAA does not know reads as "not compliant", the only safe claim."""
    return ACCESSIBILITY_STATUSES.get(settings.PARVIS_ACCESSIBILITY_STATUS, ACCESSIBILITY_STATUSES["non"])


def accessibility() -> dict:
    details = _details()
    audit_date = details.accessibility_audit_date if details is not None else None
    if audit_date is None:
        # A date the operator mistyped reads as no date given: the page says it is to be completed.
        with contextlib.suppress(ValueError):
            audit_date = date.fromisoformat(settings.PARVIS_ACCESSIBILITY_AUDIT_DATE)
    return {
        "status": accessibility_status(),
        "audit_date": audit_date,
        "conformity_rate": (details.accessibility_rate if details is not None else "")
        or settings.PARVIS_ACCESSIBILITY_RATE,
    }


@dataclass(frozen=True)
class Line:
    data: str
    purpose: str
    basis: str
    retention: str
    seen_by: str


@dataclass(frozen=True)
class RegisterSection:
    key: str
    heading: str
    lines: list[Line]


@dataclass(frozen=True)
class Purpose:
    key: str
    heading: str
    sections: list[RegisterSection]


# The register's sections (each app's, by key) gathered by what people come to the notice for. A section of an app
# not named here goes under "Everything else", so a new app is never left out of the notice.
PURPOSES = (
    ("account", _("You and your account"), ("accounts", "notifications", "rights")),
    ("publishing", _("What you publish and share"), ("spaces", "posts", "polls", "agenda", "tv", "directory")),
    ("neighbours", _("Between neighbours and in private"), ("neighbours", "messaging")),
    ("safety", _("Safety, moderation and the law"), ("moderation", "hosting", "operation")),
)
OTHER_PURPOSE = ("other", _("Everything else"))


def privacy_purposes() -> list[Purpose]:
    """The register's sections grouped under PURPOSES, each group and section in the notice's order; empty ones
    left out."""
    sections = {section.key: section for section in privacy_sections()}
    groups = []
    named = set()
    for key, heading, members in PURPOSES:
        named.update(members)
        found = [sections[member] for member in members if member in sections]
        if found:
            groups.append(Purpose(key=key, heading=str(heading), sections=found))
    rest = [section for key, section in sections.items() if key not in named]
    if rest:
        groups.append(Purpose(key=OTHER_PURPOSE[0], heading=str(OTHER_PURPOSE[1]), sections=rest))
    return groups


def privacy_sections() -> list[RegisterSection]:
    """The register's sections, in the reader's language, each basis as the operator's kind reads it."""
    return [
        RegisterSection(
            key=section.key,
            heading=str(section.heading),
            lines=[
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
