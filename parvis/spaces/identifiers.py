"""The public identifiers an organisation gives when it asks for a page: SIREN/SIRET (INSEE) and RNA (associations).

Checking the format here catches typing mistakes at once; whether the number belongs to the organisation is the
operator's check before the badge (`services.organisation_verify`).
"""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# La Poste's establishments share SIREN 356000000 and their SIRET fail the Luhn check; INSEE's rule for them is
# that the sum of the digits is a multiple of 5.
LA_POSTE_SIREN = "356000000"


def _luhn_ok(digits: str) -> bool:
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char)
        if position % 2 == 1:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0


def normalise_siret(raw: str) -> str:
    """The number without the spaces, dots and dashes people type; '' when nothing was given. Raises a
    ValidationError that says what is wrong (letters, length, check digit)."""
    value = re.sub(r"[\s.\-]", "", raw or "")
    if not value:
        return ""
    if not value.isdigit():
        raise ValidationError(_("A SIREN or SIRET number has digits only."), code="siret_digits")
    if len(value) not in (9, 14):
        raise ValidationError(
            _("A SIREN number has 9 digits and a SIRET number 14; this one has %(count)s.") % {"count": len(value)},
            code="siret_length",
        )
    if len(value) == 14 and value.startswith(LA_POSTE_SIREN) and sum(int(c) for c in value) % 5 == 0:
        return value
    if not _luhn_ok(value):
        raise ValidationError(
            _("This number does not exist: its check digit is wrong. Copy it again from an invoice or the Kbis."),
            code="siret_checksum",
        )
    return value


RNA_PATTERN = re.compile(r"W[0-9][0-9A-Z][0-9]{7}")


def normalise_rna(raw: str) -> str:
    """An RNA number is W followed by 9 characters: the département (2A/2B for Corsica, 9x overseas) and digits."""
    value = re.sub(r"[\s.\-]", "", raw or "").upper()
    if not value:
        return ""
    if not RNA_PATTERN.fullmatch(value):
        raise ValidationError(
            _("An RNA number is the letter W followed by 9 digits, for example W601234567."), code="rna_format"
        )
    return value
